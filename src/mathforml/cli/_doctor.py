"""``mathforml doctor``: what is installed, where progress is kept, and which
sandbox protections are really active on this machine (proved by a live worker,
not guessed)."""

from __future__ import annotations

import platform
import time
from importlib import metadata
from typing import Any

from rich.console import Console
from rich.table import Table

PACKAGES = ("numpy", "scipy", "sympy", "sqlalchemy", "matplotlib", "pandas")


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "missing"
    return found


def _zygote_proof(box: Any) -> str:
    """Run a job carrying a marker, then search the next child's memory for it."""
    try:
        proof = box.prove_zygote()
    except Exception as error:  # doctor must report, not crash
        return f"not proved: {type(error).__name__}: {error}"
    if "error" in proof:
        return f"not proved: {proof['error']}"
    leaked = [where for where in proof["found_in"] if where != "worker"]
    if leaked:
        return f"FAILED: an earlier job's bytes were found in the {' and '.join(leaked)}"
    megabytes = proof["scanned_bytes"] / 1e6
    return (
        f"proved: {megabytes:.0f} MB of the zygote and the next child hold no earlier "
        "job's bytes"
    )


def _sandbox_report() -> dict[str, Any]:
    from mathforml.grading import Call, Job, Sandbox

    started = time.perf_counter()
    try:
        with Sandbox(workers=1, preload=("numpy",)) as box:
            ready_ms = 1000 * (time.perf_counter() - started)
            result = box.run(Job("def f(x):\n    return x * 2\n", (Call("probe", "f", (21,)),)))
            return {
                "protections": box.protections(),
                "notes": box.notes(),
                "start_ms": round(ready_ms, 1),
                "probe": result.outcome
                if result.calls and result.calls[0].value == 42
                else f"failed: {result.outcome} {result.detail}",
                "probe_ms": round(result.elapsed_ms, 1),
                "zygote_proof": _zygote_proof(box),
            }
    except Exception as error:  # doctor must report, not crash
        from mathforml.grading._protections import detect

        return {"protections": detect(), "probe": f"failed: {type(error).__name__}: {error}"}


def doctor_command(console: Console, *, as_json: bool) -> None:
    from mathforml.cli import emit_json
    from mathforml.store._config import display_url, url_from_env

    versions = _versions()
    database = display_url(url_from_env())
    sandbox = _sandbox_report()
    if as_json:
        emit_json({"versions": versions, "database": database, "sandbox": sandbox})
        return
    table = Table(title="installed", title_justify="left", show_header=False)
    for name, version in versions.items():
        table.add_row(name, version if version != "missing" else "[red]missing[/]")
    console.print(table)
    console.print(f"progress is kept in: [bold]{database}[/]")
    prot = Table(title="grading sandbox", title_justify="left")
    prot.add_column("protection")
    prot.add_column("status")
    for name, status in sandbox["protections"].items():
        style = "green" if status == "active" else "yellow"
        prot.add_row(name, f"[{style}]{status}[/]")
    console.print(prot)
    for name, note in sandbox.get("notes", {}).items():
        console.print(f"[dim]{name}: {note}[/]")
    if "zygote_proof" in sandbox:
        console.print(f"zygote: {sandbox['zygote_proof']}")
    console.print(
        f"probe job: {sandbox['probe']}"
        + (f" in {sandbox['probe_ms']} ms" if "probe_ms" in sandbox else "")
    )
