"""Evaluation data on disk: one folder of files per person, and one of people never enrolled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def labelled_folders(
    root: Path, unenrolled: str, files: Callable[[Path], list[Path]], what: str
) -> tuple[dict[str, list[Path]], list[Path]]:
    """Return each `<person>/` folder's files and the `unenrolled` folder's files.

    Other folders whose names start with `_` are ignored; folders with no files too.
    Raise FileNotFoundError for a missing `root` or one with no person (`what` names them).
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"dataset folder not found: {root}")
    people: dict[str, list[Path]] = {}
    others: list[Path] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name == unenrolled:
            others = files(folder)
        elif not folder.name.startswith("_") and (found := files(folder)):
            people[folder.name] = found
    if not people:
        raise FileNotFoundError(f"no {what} in {root}")
    return people, others
