"""How fast is the browser front end with 100 learners using it at once?

Starts ``python -m mathforml serve`` in a subprocess on a free local port with a
fresh, temporary data dir (all traffic goes to 127.0.0.1 only), waits for it,
warms it up, then runs simulated learners concurrently for a bounded time with
httpx's async client. Each learner loops: the home page, a week's lesson, a
practice page (from which it reads the exercise id and seed on
``article.exercise``), one or two answers posted to ``/api/check`` (right ones
computed here with the engine, wrong ones, and the odd unreadable one), now and
then the progress page, with short think times between requests.

Prints the p50 and p99 of page loads and of answer round trips (client wall
time, from sending the request to reading the whole response), the server's own
time from its ``Server-Timing`` header, request counts, and the error count.
Targets: p99 < 100 ms for pages and for answer checks; 0 errors. An error is a
connection error or timeout, a 5xx, an unexpected 4xx, a page without the
exercise markup, or a right answer not judged correct. Exits non-zero when a
target is missed.

By default the server runs as a class server (``serve --accounts``) and every
simulated learner has an account of their own, already signed in: the accounts
and their sessions are written to the store before the server starts (the login
form is rate limited per address, and here every learner shares 127.0.0.1).
Every request then goes through the session lookup and every answer carries the
page's CSRF token, as a browser's would. ``--local`` runs the default laptop
server instead, where all learners share the one local learner (the app accepts
a learner's past variants too, so a seed another learner has moved on from is
still valid; a 400 for a seed is counted as "stale", apart from the errors).

Each learner sends a request every half second on average (``--think-ms``):
far faster than a person reads a lesson or works out an answer, so 100 of them
stand for a much larger class. The server runs as a class would host it: with
``--workers`` one process per core (default here: this machine's cores).

    .venv/bin/python benchmarks/web.py [--learners 100] [--seconds 20] [--think-ms 500]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from mathforml import curriculum
from mathforml.curriculum import assignment as get_assignment
from mathforml.engine import generate_params, make_variant

TARGET_P99_MS = 100.0
HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 10.0
RAMP_UP_S = 3.0
#: The exercise id and seed the practice page carries for app.js.
EXERCISE_MARKUP = re.compile(
    r'<article class="[^"]*\bexercise\b[^"]*" data-exercise="([^"]+)" data-seed="(\d+)"'
)
FIRST_NUMBER = re.compile(r"\d+")
SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)">')
SESSION_COOKIE = "mathforml_session"


@dataclass
class Stats:
    """What the learners saw, shared by all of them (one event loop, no locks needed)."""

    page_ms: list[float] = field(default_factory=list)
    check_ms: list[float] = field(default_factory=list)
    page_server_ms: list[float] = field(default_factory=list)
    check_server_ms: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    stale: int = 0

    def error(self, what: str) -> None:
        self.errors[what] += 1


# -- answers ---------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def right_answer(exercise_id: str, seed: int) -> str:
    """The key of the variant, typed as a learner would (as ``check_latency.py``)."""
    exercise = curriculum.exercise(exercise_id)
    params = generate_params(exercise, seed)
    kind = exercise.kind(params)
    return kind.text(kind.normalize(exercise.answer(params)))


@functools.lru_cache(maxsize=4096)
def wrong_answer(exercise_id: str, seed: int) -> str:
    """A well-formed wrong answer: the first number in the key plus one, or
    another option of a multiple-choice question."""
    right = right_answer(exercise_id, seed)
    if FIRST_NUMBER.search(right):
        return FIRST_NUMBER.sub(lambda m: str(int(m.group()) + 1), right, count=1)
    options = make_variant(curriculum.exercise(exercise_id), seed).options
    others = [o for o in options if o.strip().lower() != right.strip().lower()]
    return others[0] if others else right + "?"


# -- the server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def server_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MATHFORML_DATABASE_URL"}
    env["MATHFORML_DATA_DIR"] = str(data_dir)
    return env


def sign_in_ahead(data_dir: Path, learners: int) -> list[str]:
    """Accounts ``learner-0`` … and one session each, written straight to the store
    the server will open; returns their session tokens (the cookie values)."""
    import hashlib
    import secrets
    from datetime import UTC, datetime, timedelta

    from argon2 import PasswordHasher

    from mathforml.store import Store

    password_hash = PasswordHasher().hash(secrets.token_urlsafe(16))  # nobody signs in with it
    expires = datetime.now(UTC) + timedelta(days=1)
    tokens = []
    with Store.from_env(server_env(data_dir)) as store:
        for n in range(learners):
            learner = store.create_account(f"learner-{n}", password_hash)
            token = secrets.token_urlsafe(32)
            store.create_session(learner, hashlib.sha256(token.encode()).hexdigest(), expires)
            tokens.append(token)
    return tokens


def start_server(port: int, data_dir: Path, log: Path, *,
                 accounts: bool, workers: int) -> subprocess.Popen[bytes]:
    env = server_env(data_dir)
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "mathforml", "serve", "--host", HOST,
             "--port", str(port), "--no-browser", "--workers", str(workers),
             *(["--accounts"] if accounts else [])],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)  # uvicorn shuts down and closes the store
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> float:
    """Seconds until ``GET /`` answers 200; raises if the server dies or never answers."""
    started = time.perf_counter()
    deadline = started + STARTUP_TIMEOUT_S
    with httpx.Client(base_url=base, timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"the server exited ({process.returncode}):\n{log.read_text()}")
            try:
                if client.get("/").status_code in (200, 303):
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer within {STARTUP_TIMEOUT_S:.0f} s")


def csrf_of(html: str) -> str:
    found = CSRF_META.search(html)
    if found is None:
        raise SystemExit("a page without its CSRF token")
    return found.group(1)


def warm_up(base: str, weeks: list[curriculum.Week], cookies: dict[str, str]) -> float:
    """Render every page and check one answer per exercise once, so template
    compilation and first imports are not timed (a running server has done them)."""
    started = time.perf_counter()
    # A browser names the page's origin on every post (the server checks it).
    with httpx.Client(
        base_url=base, timeout=REQUEST_TIMEOUT_S, cookies=cookies, headers={"origin": base}
    ) as client:
        home = client.get("/")
        home.raise_for_status()
        client.headers["x-csrf-token"] = csrf_of(home.text)
        client.get("/progress").raise_for_status()
        client.get("/assignments").raise_for_status()
        # One graded submission: returns once this process's sandbox is up, so its
        # start (seconds of CPU) is not inside the measured run.
        reference = get_assignment("c1w2").reference
        client.post("/api/assignments/c1w2/submit", json={"source": reference},
                    timeout=120).raise_for_status()
        for week in weeks:
            client.get(f"/week/{week.id}").raise_for_status()
            for exercise in week.exercises:
                html = client.get(f"/practice/{week.id}", params={"exercise": exercise.id})
                html.raise_for_status()
                found = EXERCISE_MARKUP.search(html.text)
                if found is None:
                    raise SystemExit(f"no exercise markup on the practice page of {exercise.id}")
                seed = int(found.group(2))
                client.post("/api/check", json={
                    "exercise_id": exercise.id, "seed": seed,
                    "answer": wrong_answer(exercise.id, seed),
                }).raise_for_status()
    return time.perf_counter() - started


# -- the learners ----------------------------------------------------------------


async def timed(client: httpx.AsyncClient, stats: Stats, method: str, url: str,
                **kwargs: object) -> tuple[httpx.Response | None, float]:
    """The response (None after a transport error) and the round trip in ms."""
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kwargs)  # type: ignore[arg-type]
    except httpx.TimeoutException:
        stats.error("timeout")
        return None, 1000 * (time.perf_counter() - started)
    except httpx.TransportError as error:
        stats.error(f"connection: {type(error).__name__}")
        return None, 1000 * (time.perf_counter() - started)
    return response, 1000 * (time.perf_counter() - started)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` and its children (the server's
    worker processes) so far (Linux; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) or 0.0 for child in children)


def server_ms(response: httpx.Response) -> float | None:
    found = SERVER_TIMING.search(response.headers.get("server-timing", ""))
    return float(found.group(1)) if found else None


async def load_page(client: httpx.AsyncClient, stats: Stats, name: str, url: str,
                    **params: str) -> str | None:
    response, ms = await timed(client, stats, "GET", url, params=params or None)
    if response is None:
        return None
    stats.statuses[str(response.status_code)] += 1
    if response.status_code != 200:
        stats.error(f"GET {name}: {response.status_code}")
        return None
    stats.page_ms.append(ms)
    stats.by_page.setdefault(name, []).append(ms)
    took = server_ms(response)
    if took is not None:
        stats.page_server_ms.append(took)
    return response.text


async def post_answer(client: httpx.AsyncClient, stats: Stats, exercise_id: str, seed: int,
                      answer: str, right: bool) -> None:
    body = {"exercise_id": exercise_id, "seed": seed, "answer": answer}
    response, ms = await timed(client, stats, "POST", "/api/check", json=body)
    if response is None:
        return
    stats.statuses[str(response.status_code)] += 1
    if response.status_code == 400 and "not one of your variants" in response.text:
        stats.stale += 1
        return
    if response.status_code != 200:
        stats.error(f"POST /api/check: {response.status_code}")
        return
    stats.check_ms.append(ms)
    took = server_ms(response)
    if took is not None:
        stats.check_server_ms.append(took)
    try:
        verdict = json.loads(response.text).get("status")
    except ValueError:
        stats.error("POST /api/check: not JSON")
        return
    stats.statuses[f"check {verdict}"] += 1
    if right and verdict != "correct":
        stats.error(f"right answer judged {verdict}")


async def learner(number: int, client: httpx.AsyncClient, weeks: list[curriculum.Week],
                  deadline: float, think_ms: float, stats: Stats) -> None:
    rng = random.Random(number)

    async def think() -> None:
        # Exponential think times: mostly short, now and then a longer pause,
        # never past the deadline.
        pause = min(rng.expovariate(1000 / think_ms), 5 * think_ms / 1000)
        await asyncio.sleep(max(0.0, min(pause, deadline - time.perf_counter())))

    async with client:
        # A class does not open the course in the same instant: arrivals spread over
        # the first RAMP_UP_S seconds.
        await asyncio.sleep(rng.uniform(0, RAMP_UP_S))
        loops = 0
        while time.perf_counter() < deadline:
            loops += 1
            week = rng.choice(weeks)
            home = await load_page(client, stats, "home", "/")
            if home is not None and "x-csrf-token" not in client.headers:
                client.headers["x-csrf-token"] = csrf_of(home)
            await think()
            if time.perf_counter() >= deadline:
                break
            await load_page(client, stats, "week", f"/week/{week.id}")
            await think()
            if time.perf_counter() >= deadline:
                break
            # Half the time the exercise the app suggests, else one the learner picks.
            if rng.random() < 0.5:
                html = await load_page(client, stats, "practice", f"/practice/{week.id}")
            else:
                chosen = rng.choice(list(week.exercises)).id
                html = await load_page(client, stats, "practice", f"/practice/{week.id}",
                                       exercise=chosen)
            if html is None:
                continue
            found = EXERCISE_MARKUP.search(html)
            if found is None:
                stats.error("practice page without exercise markup")
                continue
            exercise_id, seed = found.group(1), int(found.group(2))
            roll = rng.random()
            if roll < 0.35:  # wrong first, then right
                attempts = [(wrong_answer(exercise_id, seed), False),
                            (right_answer(exercise_id, seed), True)]
            elif roll < 0.45:  # a typo the parser cannot read
                attempts = [(right_answer(exercise_id, seed) + " +", False)]
            else:
                attempts = [(right_answer(exercise_id, seed), True)]
            for answer, right in attempts:
                await think()
                if time.perf_counter() >= deadline:
                    return
                await post_answer(client, stats, exercise_id, seed, answer, right)
            if loops % 3 == 0:
                await think()
                if time.perf_counter() < deadline:
                    await load_page(client, stats, "progress", "/progress")
            elif loops % 3 == 1:
                await think()
                if time.perf_counter() < deadline:
                    await load_page(client, stats, "assignment", f"/assignments/{week.id}")
            await think()


async def run_learners(base: str, weeks: list[curriculum.Week], cookies: list[dict[str, str]],
                       seconds: float, think_ms: float) -> tuple[Stats, float]:
    stats = Stats()
    # Clients are made before the clock starts: making one costs the benchmark's own
    # process milliseconds of CPU (an SSL context), which would stall its event loop
    # and be counted against the server's first pages.
    clients = [httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT_S, cookies=jar,
                                 headers={"origin": base})
               for jar in cookies]
    started = time.perf_counter()
    deadline = started + seconds
    tasks = [
        asyncio.create_task(learner(n, client, weeks, deadline, think_ms, stats))
        for n, client in enumerate(clients)
    ]
    try:
        # Bounded: nothing starts after the deadline and every request has a timeout.
        async with asyncio.timeout(seconds + 2 * REQUEST_TIMEOUT_S):
            await asyncio.gather(*tasks)
    except TimeoutError:
        stats.error("learners still running after the time limit")
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return stats, time.perf_counter() - started


# -- the report ------------------------------------------------------------------


def _percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(stats: Stats, elapsed: float, learners: int) -> list[str]:
    """Print the tables; return what missed its target."""
    requests = sum(n for k, n in stats.statuses.items() if k[0].isdigit())
    print(f"\n{learners} learners for {elapsed:.1f} s: {requests} requests "
          f"({requests / elapsed:.0f}/s)")
    print(f"{'what':<22}{'count':>8}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}"
          f"{'server p50':>12}{'server p99':>12}{'target':>8}  ok")
    failed = []
    rows = [
        ("page loads", stats.page_ms, stats.page_server_ms, True),
        ("answer checks", stats.check_ms, stats.check_server_ms, True),
    ]
    for name, times, server, judged in rows:
        ok = bool(times) and _percentile(times, 99) < TARGET_P99_MS
        if judged and not ok:
            failed.append(f"{name} p99")
        print(f"{name:<22}{len(times):>8}{_percentile(times, 50):>10.1f}"
              f"{_percentile(times, 99):>10.1f}{max(times, default=float('nan')):>10.1f}"
              f"{_percentile(server, 50):>12.1f}{_percentile(server, 99):>12.1f}"
              f"{TARGET_P99_MS:>8.0f}  {'yes' if ok else 'NO'}")
    for name, times in sorted(stats.by_page.items()):
        print(f"  {name:<20}{len(times):>8}{_percentile(times, 50):>10.1f}"
              f"{_percentile(times, 99):>10.1f}{max(times):>10.1f}")
    verdicts = {k.split(" ", 1)[1]: n for k, n in stats.statuses.items() if k.startswith("check ")}
    print("answers judged: " + ", ".join(f"{k} {n}" for k, n in sorted(verdicts.items())))
    codes = {k: n for k, n in stats.statuses.items() if k[0].isdigit()}
    print("HTTP statuses: " + ", ".join(f"{k} {n}" for k, n in sorted(codes.items())))
    print(f"stale seeds (400, the app's correct answer): {stats.stale}")
    total = sum(stats.errors.values())
    print(f"errors: {total} (target 0)")
    for what, n in stats.errors.most_common():
        print(f"  {what}: {n}")
    if total:
        failed.append("errors")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20.0, help="how long learners run")
    parser.add_argument("--think-ms", type=float, default=500.0,
                        help="mean think time between a learner's requests")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="server processes (serve --workers; default: one per core)")
    parser.add_argument("--local", action="store_true",
                        help="serve the one local learner (no --accounts) to every client")
    args = parser.parse_args(argv)
    if args.learners < 1 or args.seconds <= 0 or args.think_ms <= 0:
        parser.error("--learners, --seconds and --think-ms must be positive")
    weeks = [w for w in curriculum.weeks() if w.available]
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory(prefix="mathforml-bench-") as tmp:
        log = Path(tmp) / "server.log"
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        # The simulated learners, then one account per warm-up client.
        warmers = 2 * args.workers
        if args.local:
            jars: list[dict[str, str]] = [{} for _ in range(args.learners + warmers)]
        else:
            tokens = sign_in_ahead(data_dir, args.learners + warmers)
            jars = [{SESSION_COOKIE: t} for t in tokens]
        process = start_server(port, data_dir, log, accounts=not args.local,
                               workers=args.workers)
        try:
            up = wait_until_up(base, process, log)
            # Each connection lands on one of the server's processes: warm them all.
            with ThreadPoolExecutor(warmers) as pool:
                warm = max(pool.map(lambda jar: warm_up(base, weeks, jar),
                                    jars[args.learners:]))
            print(f"server on {base} up in {up:.1f} s, warmed up in {warm:.1f} s; "
                  f"{args.learners} learners, mean think time {args.think_ms:.0f} ms")
            server_cpu, client_cpu = cpu_seconds(process.pid), time.process_time()
            stats, elapsed = asyncio.run(
                run_learners(base, weeks, jars[:args.learners], args.seconds, args.think_ms))
            client_cpu = time.process_time() - client_cpu
            server_end = cpu_seconds(process.pid)
            server_cpu = server_end - server_cpu if server_cpu and server_end else None
        finally:
            stop_server(process)
        if process.returncode not in (0, -signal.SIGINT):
            print(f"server exited with {process.returncode}:\n{log.read_text()[-2000:]}",
                  file=sys.stderr)
    failed = report(stats, elapsed, args.learners)
    # Where the time goes: a server process busy for most of the wall time is
    # saturated (one GIL each), and requests queue behind each other.
    shown = f"{server_cpu:.1f} s ({100 * server_cpu / elapsed:.0f}% of one core, " \
        f"{args.workers} process{'es' if args.workers > 1 else ''})" \
        if server_cpu is not None else "unknown"
    print(f"CPU during the run: server {shown}, this client {client_cpu:.1f} s "
          f"on {os.cpu_count()} cores")
    if failed:
        print(f"target missed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
