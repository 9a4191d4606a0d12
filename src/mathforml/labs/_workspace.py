"""A learner's lab folder: ``data_dir()/labs/<week>``, never overwriting their edits.

What we write is recorded (file name → hash) in a manifest. A notebook whose
content still has the recorded hash is ours and may be refreshed when the course
changes; anything else is the learner's work and is kept. ``reset`` moves the
whole folder to a timestamped backup before writing fresh copies.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mathforml.labs._build import built, lab_sources, source_hash

MANIFEST = ".mathforml-lab.json"


@dataclass
class Workspace:
    """The folder, its notebooks (the lab first), and what preparing it did."""

    path: Path
    notebooks: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    backup: Path | None = None


def labs_root() -> Path:
    from mathforml.store._config import data_dir

    return data_dir() / "labs"


def week_files(week: str, cache: Path | None) -> dict[str, str]:
    """File name → text: the week's lab, its assignment notebook and helper modules."""
    from mathforml import curriculum

    files = {s.name: built(s, cache) for s in lab_sources(week)}
    assignment = curriculum.week(week).assignment()
    if assignment is not None:
        from mathforml.labs._assignment import notebook_text

        files[f"{week}_assignment.ipynb"] = notebook_text(assignment)
        for module, text in assignment.learner_modules.items():
            files[f"{module}.py"] = text
    return files


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def prepare(week: str, *, root: Path | None = None, reset: bool = False) -> Workspace:
    """Copy the week's notebooks into its folder; keep edited copies; ``reset`` backs up first."""
    base = labs_root() if root is None else root
    folder = base / week
    files = week_files(week, base / ".build")
    ws = Workspace(folder)
    if reset and folder.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        backup = base / f"{week}.backup-{stamp}"
        n = 1
        while backup.exists():
            n += 1
            backup = base / f"{week}.backup-{stamp}-{n}"
        shutil.move(str(folder), str(backup))
        ws.backup = backup
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(folder)
    for name, text in files.items():
        path = folder / name
        if name.endswith(".ipynb"):
            ws.notebooks.append(path)
        if path.exists():
            current = source_hash(path.read_text(encoding="utf-8", errors="replace"))
            if current == source_hash(text):
                continue
            if manifest.get(name) != current:
                ws.kept.append(path)  # the learner's work
                continue
        path.write_text(text, encoding="utf-8")
        manifest[name] = source_hash(text)
        ws.written.append(path)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return ws
