"""Lab notebooks: kept as jupytext percent-format text, built into ``.ipynb`` on demand.

Each lab's text is the ``lab.py`` of its week's folder, found through the catalogue.

Text sources review and diff like code; the ``.ipynb`` a learner opens is built
from them when a workspace is prepared. Builds are cached by the source's hash,
so preparing a workspace again costs nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@dataclass(frozen=True)
class LabSource:
    """One lab: its week, the notebook's file name, and its percent-format text."""

    week: str
    name: str  # e.g. "c1w2_lab.ipynb"
    text: str

    @property
    def digest(self) -> str:
        return source_hash(self.text)


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lab_sources(week: str | None = None) -> list[LabSource]:
    """Every week's lab (of one week when ``week`` is given), from the week folders."""
    from mathforml import curriculum

    ids = curriculum.lab_ids() if week is None else (week.strip().lower(),)
    return [LabSource(wid, f"{wid}_lab.ipynb", curriculum.lab_source(wid)) for wid in ids]


def build_notebook(text: str) -> str:
    """A percent-format source as notebook JSON (nbformat 4, the course's python3 kernel)."""
    import jupytext
    import nbformat

    nb = jupytext.reads(text, fmt="py:percent")
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("jupytext", None)  # a plain notebook: no pairing with a text file
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"  # stable ids: the same source gives the same file
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def built(source: LabSource, cache: Path | None = None) -> str:
    """The notebook of ``source``, from the cache when this exact source was built before."""
    if cache is None:
        return build_notebook(source.text)
    path = cache / f"{source.digest}.ipynb"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = build_notebook(source.text)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return text
