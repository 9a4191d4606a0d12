"""Attacks on a long-lived pool, as a class server runs it: several learners' jobs
in turn and at once, through the same workers, zygotes and spare children.

Each attack asserts its exact outcome; that a good job in flight beside it and the
next job are unaffected (verdict and latency); and that the server (this process),
the workers, the zygotes and the spare children keep their limits, priorities and
scheduling. Protections this machine lacks skip with the reason, and fail under CI.
"""

from __future__ import annotations

import ctypes
import os
import resource
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from mathforml.grading import Call, Job, JobResult, Limits, Sandbox

LIMITS = Limits(cpu_seconds=1, wall_seconds=3, memory_bytes=512 << 20, result_bytes=4 << 20)
GOOD = Job("def f(x):\n    return [v * 2 for v in x]\n", (Call("a", "f", ([1, 2, 3],)),))
IOPRIO_GET, IOPRIO_WHO_PROCESS = 252, 1
_LIBC = ctypes.CDLL(None, use_errno=True)


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(workers=2, limits=LIMITS) as sandbox:
        yield sandbox


def require(box: Sandbox, *names: str) -> None:
    report = box.protections()
    for name in names:
        if report.get(name) != "active":
            reason = f"protection {name!r} is {report.get(name)!r} on this machine"
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)


def pids(box: Sandbox) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {"server": [os.getpid()], "worker": [], "zygote": [], "spare": []}
    for answer in box.processes():
        for role in ("worker", "zygote", "spare"):
            found[role].append(int(answer[role]))
    return found


def state(pid: int) -> dict[str, Any]:
    """What an attacker would change: every rlimit, nice, scheduling policy, I/O
    priority, process group."""
    # /proc/PID/limits, not prlimit(): reading another uid's limits with prlimit
    # needs CAP_SYS_RESOURCE, which a container's root may lack.
    with open(f"/proc/{pid}/limits", encoding="ascii") as fh:
        limits = fh.read()
    return {
        "limits": limits,
        "nice": os.getpriority(os.PRIO_PROCESS, pid),
        "policy": os.sched_getscheduler(pid),
        "ioprio": _LIBC.syscall(IOPRIO_GET, IOPRIO_WHO_PROCESS, pid),
        "pgid": os.getpgid(pid),
    }


def settled(pid: int) -> dict[str, Any]:
    """A spare's state once it has finished preparing (it then leads a process
    group of its own): a spare is compared after it is ready for a job."""
    deadline = time.monotonic() + 2
    found = state(pid)
    while found["pgid"] != pid and time.monotonic() < deadline:
        time.sleep(0.01)
        found = state(pid)
    return found


def snapshot(box: Sandbox) -> dict[str, list[dict[str, Any]]]:
    return {
        role: [settled(p) if role == "spare" else state(p) for p in group]
        for role, group in pids(box).items()
    }


def good_latency(box: Sandbox, n: int = 5) -> float:
    """The slowest of ``n`` good jobs, each asserted right."""
    worst = 0.0
    for _ in range(n):
        start = time.perf_counter()
        result = box.run(GOOD)
        worst = max(worst, time.perf_counter() - start)
        assert result.outcome == "ok", result.detail
        assert result.calls[0].value == [2, 4, 6]
    return worst


def attack(box: Sandbox, job: Job, *, good_beside: int = 3) -> tuple[JobResult, list[JobResult]]:
    """Run ``job`` while good jobs run beside it, on the same pool."""
    with ThreadPoolExecutor(4) as pool:
        hostile = pool.submit(box.run, job)
        time.sleep(0.05)
        beside = [box.run(GOOD) for _ in range(good_beside)]
        return hostile.result(timeout=30), beside


def assert_unharmed(box: Sandbox, before: dict[str, list[dict[str, Any]]], baseline: float) -> None:
    spares = pids(box)["spare"]
    after = {role: [settled(p) if role == "spare" else state(p) for p in group]
             for role, group in {**pids(box), "spare": spares}.items()}
    # Spares are replaced job by job: every spare must look like the ones before,
    # each the only member of its own process group.
    for spare, pid in zip(after["spare"], spares, strict=True):
        assert spare.pop("pgid") == pid
    for spare in before["spare"]:
        spare.pop("pgid", None)
    assert after["spare"][0] == before["spare"][0]
    for role in ("server", "worker", "zygote"):
        assert after[role] == before[role], role
    latency = good_latency(box)
    assert latency < max(4 * baseline, 0.25), f"next jobs took {latency:.3f} s"


@pytest.fixture(scope="module")
def baseline(box: Sandbox) -> float:
    good_latency(box, 3)
    return good_latency(box, 10)


# ------------------------------------------------------------ 1. reading another's code
def test_a_child_never_starts_with_an_earlier_jobs_bytes(box: Sandbox) -> None:
    if os.geteuid() != 0:
        pytest.skip("reading another process's memory needs root here")
    proof = box.prove_zygote()
    assert "error" not in proof, proof
    assert "worker" in proof["found_in"], "the search itself must find the marker where it is"
    assert [w for w in proof["found_in"] if w != "worker"] == []
    assert proof["scanned_bytes"] > 10 << 20


def test_a_submission_cannot_find_the_previous_learners_source(box: Sandbox) -> None:
    marker = os.urandom(16).hex()
    first = box.run(Job(f"KEY = {marker!r}\ndef f():\n    return len(KEY)\n", (Call("a", "f"),)))
    assert first.outcome == "ok"
    hunt = (
        "import gc, sys\n"
        "def f(half1, half2):\n"
        "    target = half1 + half2\n"
        "    hits = 0\n"
        "    for obj in gc.get_objects():\n"
        "        try:\n"
        "            if isinstance(obj, dict):\n"
        "                values = list(obj.values())\n"
        "            elif isinstance(obj, (list, tuple)):\n"
        "                values = list(obj)\n"
        "            else:\n"
        "                values = [obj]\n"
        "            for v in values:\n"
        "                if isinstance(v, (str, bytes)) and v is not target and (\n"
        "                    (target in v) if isinstance(v, str) else (target.encode() in v)):\n"
        "                    hits += 1\n"
        "        except Exception:\n"
        "            pass\n"
        "    return hits\n"
    )
    for _ in range(4):  # every worker's next child, more than once
        result = box.run(Job(hunt, (Call("a", "f", (marker[:16], marker[16:])),)))
        assert result.outcome == "ok", result.detail
        assert result.calls[0].value == 0


# ------------------------------------------------------ 2. acting on other processes
ACT_ON_OTHERS = r"""
import ctypes, errno, fcntl, os, resource, signal
libc = ctypes.CDLL(None, use_errno=True)
def tries(targets):
    done = {}
    def note(name, fn):
        try:
            fn()
            done[name] = "allowed"
        except OSError as exc:
            done[name] = errno.errorcode.get(exc.errno, str(exc.errno))
    def raw(name, nr, *args):
        def call():
            if libc.syscall(nr, *args) != 0:
                err = ctypes.get_errno()
                raise OSError(err, os.strerror(err))
        note(name, call)
    for pid in targets:
        note(f"prlimit {pid}", lambda: resource.prlimit(pid, resource.RLIMIT_CPU, (1, 1)))
        note(f"prlimit-as {pid}", lambda: resource.prlimit(pid, resource.RLIMIT_AS, (1 << 20,) * 2))
        note(f"setpriority {pid}", lambda: os.setpriority(os.PRIO_PROCESS, pid, 19))
        note(f"sched {pid}", lambda: os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0)))
        note(f"affinity {pid}", lambda: os.sched_setaffinity(pid, {0}))
        raw(f"ioprio {pid}", 251, 1, pid, (3 << 13))
        raw(f"sched_setattr {pid}", 314, pid, 0, 0)
        note(f"kill {pid}", lambda: os.kill(pid, signal.SIGKILL))
        note(f"stop {pid}", lambda: os.kill(pid, signal.SIGSTOP))
        raw(f"tgkill {pid}", 234, pid, pid, signal.SIGKILL)
    note("setpriority pgrp", lambda: os.setpriority(os.PRIO_PGRP, 0, 19))
    note("setpriority user", lambda: os.setpriority(os.PRIO_USER, os.getuid(), 19))
    note("setpriority user 0", lambda: os.setpriority(os.PRIO_USER, 0, 19))
    raw("ioprio user", 251, 3, os.getuid(), (3 << 13))
    raw("ioprio pgrp", 251, 2, 0, (3 << 13))
    note("kill -1", lambda: os.kill(-1, signal.SIGKILL))
    note("kill 0", lambda: os.kill(0, signal.SIGKILL))
    r, w = os.pipe()
    note("F_SETOWN", lambda: fcntl.fcntl(r, fcntl.F_SETOWN, targets[0]))
    note("setsid", lambda: os.setsid())
    note("setpgid", lambda: os.setpgid(0, targets[0]))
    return done
"""


def test_no_call_acts_on_another_process(box: Sandbox, baseline: float) -> None:
    require(box, "seccomp")
    before = snapshot(box)
    known = pids(box)
    targets = [p for group in known.values() for p in group]
    targets += [2, 3, 100, 300, 1000, os.getpid() + 1, os.getpid() + 2]
    result, beside = attack(box, Job(ACT_ON_OTHERS, (Call("a", "tries", (targets,)),)))
    assert result.outcome == "ok", result.detail
    done = result.calls[0].value
    allowed = sorted(name for name, verdict in done.items() if verdict == "allowed")
    assert allowed == [], allowed
    assert all(verdict == "EPERM" for verdict in done.values()), done
    assert all(r.outcome == "ok" and r.calls[0].value == [2, 4, 6] for r in beside)
    assert_unharmed(box, before, baseline)


def test_each_child_is_alone_in_its_own_pid_namespace(box: Sandbox) -> None:
    require(box, "pid_namespace")
    probe = "import os\ndef f():\n    return [os.getpid(), os.getppid()]\n"
    result = box.run(Job(probe, (Call("a", "f"),)))
    assert result.outcome == "ok"
    assert result.calls[0].value == [1, 0]


def test_children_never_run_as_the_servers_uid(box: Sandbox) -> None:
    if os.geteuid() != 0:
        pytest.skip("not running as root: there is no other uid to drop to")
    require(box, "uid_drop")
    result = box.run(Job("import os\ndef f():\n    return os.getresuid()\n", (Call("a", "f"),)))
    assert result.outcome == "ok"
    assert set(result.calls[0].value) == {65534}


def test_a_child_cannot_renice_the_others_through_its_process_group(
    box: Sandbox, baseline: float
) -> None:
    require(box, "seccomp")
    before = snapshot(box)
    source = (
        "import os\n"
        "def f():\n"
        "    return [os.getpgid(0) == os.getpid()]\n"
    )
    result = box.run(Job(source, (Call("a", "f"),)))
    assert result.outcome == "ok"
    assert result.calls[0].value == [True]
    assert_unharmed(box, before, baseline)


# ------------------------------------------------------------- 3. work beyond the job
FORGED_DONE = r"""
import gc, os, struct, sys, time
def f():
    nonce = None
    for obj in gc.get_objects():
        if isinstance(obj, dict) and "nonce" in obj and isinstance(obj.get("nonce"), str):
            nonce = obj["nonce"]
            break
    enc = sys.modules["_mfml_sandbox_plain"].encode
    body = enc({"nonce": nonce, "kind": "import", "ok": True, "error": None})
    body2 = enc({"nonce": nonce, "kind": "call", "id": "a", "ok": True, "value": 1, "error": None})
    body3 = enc({"nonce": nonce, "kind": "variables", "values": {}, "problems": {}})
    body4 = enc({"nonce": nonce, "kind": "done"})
    data = b"".join(struct.pack("!I", len(b)) + b for b in (body, body2, body3, body4))
    os.write(3, data)
    os.closerange(0, 4)
    hog = bytearray(300 << 20)
    while True:
        hog[0] += 1
"""


def running_children(box: Sandbox) -> list[int]:
    return [p for answer in box.processes() for p in answer["running"]]


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def test_a_child_that_answers_and_keeps_running_is_killed(box: Sandbox, baseline: float) -> None:
    before = snapshot(box)
    zygotes = pids(box)["zygote"]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: box.run(Job(FORGED_DONE, (Call("a", "f"),))), range(10)))
    assert all(r.outcome in ("ok", "crashed") for r in results), [r.outcome for r in results]
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        lingering = [k for z in zygotes for k in children_of(z)]
        if len(lingering) <= len(zygotes):  # only each zygote's waiting spare
            break
        time.sleep(0.05)
    assert len(lingering) <= len(zygotes), f"children still alive: {lingering}"
    assert running_children(box) == []
    assert_unharmed(box, before, baseline)


def test_a_result_of_millions_of_empty_lists_is_refused_cheaply(
    box: Sandbox, baseline: float
) -> None:
    before = snapshot(box)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time()
    source = "def f():\n    return [[] for _ in range(2_000_000)]\n"
    result, beside = attack(box, Job(source, (Call("a", "f"),)))
    assert result.outcome in ("output", "crashed", "ok", "timeout"), result.detail
    if result.outcome == "ok":  # refused as a value, not decoded
        assert not result.calls[0].ok
    assert time.process_time() - cpu < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 150_000  # KiB
    assert all(r.outcome == "ok" for r in beside)
    assert_unharmed(box, before, baseline)


# ------------------------------------------------- 5. the guard's originals are gone
SOLVERS = (
    "numpy.linalg.solve",
    "numpy.linalg._umath_linalg.solve",
    "numpy.linalg._umath_linalg.solve1",
    "scipy.linalg.solve",
)

def test_the_real_forbidden_function_is_unreachable_from_learner_code(box: Sandbox) -> None:
    """No table of originals, and nothing in the collector's reach: not NumPy's
    dispatcher, not the ufuncs behind it, not SciPy's solver."""
    source = r"""
import gc, sys
import numpy as np
def f():
    tables, originals = [], []
    for mod in list(sys.modules.values()):
        for name in ("_LOCATED", "_FORBID_SITES"):
            table = getattr(mod, name, None)
            if isinstance(table, dict) and table:
                tables.append(f"{name} holds {len(table)}")
    for obj in gc.get_objects():
        name = getattr(obj, "__name__", None)
        if name not in ("solve", "solve1") or "not allowed" in (getattr(obj, "__doc__", "") or ""):
            continue
        module = str(getattr(obj, "__module__", ""))
        if isinstance(obj, np.ufunc) or module.startswith(("numpy.linalg", "scipy.linalg")):
            originals.append(f"{type(obj).__name__} {module}.{name}")
    inner = sys.modules["numpy.linalg._umath_linalg"]
    guards = [("not allowed" in (getattr(inner, n).__doc__ or "")) for n in ("solve", "solve1")]
    return {"tables": tables, "originals": originals, "guarded": guards}
"""
    result = box.run(Job(source, (Call("a", "f"),), forbidden=SOLVERS))
    assert result.outcome == "ok", result.detail
    found = result.calls[0].value
    assert found == {"tables": [], "originals": [], "guarded": [True, True]}


def test_forbidden_ufunc_reached_through_numpys_internals_is_caught(box: Sandbox) -> None:
    source = (
        "import numpy as np\n"
        "def f():\n"
        "    inner = np.linalg._umath_linalg\n"
        "    return inner.solve(np.eye(2), np.ones((2, 1))).tolist()\n"
    )
    job = Job(source, (Call("a", "f"),), forbidden=("numpy.linalg._umath_linalg.solve",))
    result = box.run(job)
    assert result.outcome == "forbidden", (result.outcome, result.detail)


# --------------------------------------------------------------------- 6. small ones
def test_a_lone_surrogate_in_an_exception_is_a_clear_verdict(box: Sandbox) -> None:
    result = box.run(Job("def f():\n    raise ValueError('bad \\udc80 text')\n", (Call("a", "f"),)))
    assert result.outcome == "ok"
    call = result.calls[0]
    assert not call.ok
    assert call.error is not None
    assert call.error.type == "ValueError"


# ------------------------------------------------------------ all of it, at once
def test_hostile_jobs_of_every_class_beside_good_ones(box: Sandbox, baseline: float) -> None:
    before = snapshot(box)
    known = pids(box)
    targets = [p for group in known.values() for p in group]
    hostile = [
        Job(ACT_ON_OTHERS, (Call("a", "tries", (targets,)),)),
        Job(FORGED_DONE, (Call("a", "f"),)),
        Job("def f():\n    return [[] for _ in range(2_000_000)]\n", (Call("a", "f"),)),
        Job("def f():\n    while True:\n        pass\n", (Call("a", "f"),)),
    ]
    stop = threading.Event()
    outcomes: list[str] = []

    def flood() -> None:
        while not stop.is_set():
            for job in hostile:
                outcomes.append(box.run(job).outcome)

    threads = [threading.Thread(target=flood) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.3)
        worst = good_latency(box, 15)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert outcomes, "the hostile jobs ran"
    assert worst < max(6 * baseline, 0.5), f"a good job took {worst:.3f} s beside the attacks"
    assert_unharmed(box, before, baseline)


def test_a_forbidden_function_of_a_module_imported_later_is_guarded_too() -> None:
    """A worker preloads only NumPy (as `mathforml grade c1w2` does): SciPy, imported
    by the learner under a name built at run time, is guarded as it loads, and its
    other functions keep working."""
    source = (
        "import importlib\n"
        "import numpy as np\n"
        "def load():\n"
        "    return importlib.import_module(''.join(['sci', 'py.lin', 'alg']))\n"
        "def solve():\n"
        "    return load().solve(np.eye(2), np.ones(2)).tolist()\n"
        "def det():\n"
        "    return float(load().det(2 * np.eye(2)))\n"
    )
    forbidden = ("scipy.linalg.solve", "scipy.linalg.lu_solve")
    with Sandbox(workers=1, preload=("numpy",), limits=LIMITS) as lean:
        caught = lean.run(Job(source, (Call("a", "solve"),), forbidden=forbidden))
        allowed = lean.run(Job(source, (Call("a", "det"),), forbidden=forbidden))
    assert caught.outcome == "forbidden"
    assert "scipy.linalg.solve" in caught.detail
    assert allowed.outcome == "ok", allowed.detail
    assert allowed.calls[0].value == 4.0
