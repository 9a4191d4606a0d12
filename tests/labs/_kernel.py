"""The venv's python3 kernel for nbclient: skipped with the reason when absent, failed under CI."""

from __future__ import annotations

import os

import pytest


def require_kernel() -> None:
    reason = ""
    try:
        import nbclient  # noqa: F401
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        try:
            KernelSpecManager().get_kernel_spec("python3")
        except NoSuchKernel:
            reason = "no Jupyter kernel named python3 (python -m ipykernel install --sys-prefix)"
    except ImportError as error:
        reason = f"Jupyter is not installed ({error})"
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def execute(nb, cwd) -> None:
    """Run a notebook top to bottom in the venv's kernel, headless (Matplotlib's Agg)."""
    from nbclient import NotebookClient

    os.environ["MPLBACKEND"] = "Agg"  # inherited by the kernel
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()


def errors(nb) -> list[str]:
    return [
        f"cell {i}: {o.ename}: {o.evalue}"
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]


def text_outputs(nb, needle: str) -> list[str]:
    """The plain-text results of the cells whose source contains ``needle``."""
    out = []
    for c in nb.cells:
        if c.cell_type != "code" or needle not in c.source:
            continue
        for o in c.get("outputs", []):
            if o.output_type == "execute_result":
                out.append(o["data"].get("text/plain", ""))
            elif o.output_type == "stream":
                out.append(o.text)
    return out
