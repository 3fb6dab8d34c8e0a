"""Face evaluation data: one folder of photos per identity, `_strangers/` never enrolled,
and the deterministic calibration and holdout halves."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from shared.biometrics.face.images import IMAGE_SUFFIXES
from shared.evaluation.folders import labelled_folders

STRANGERS = "_strangers"


@dataclass(frozen=True)
class Dataset:
    """Identity folders (photos sorted by file name) and never-enrolled strangers."""

    root: Path
    identities: dict[str, list[Path]]
    strangers: list[Path] = field(default_factory=list)
    part: str = "all"

    def describe(self) -> str:
        photos = sum(len(v) for v in self.identities.values())
        return (f"{self.root.name} ({self.part}): {len(self.identities)} identities, "
                f"{photos} photos, {len(self.strangers)} strangers")


def _images(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES),
        key=lambda p: p.name,
    )


def discover(root: Path) -> Dataset:
    """Read `<identity>/*.jpg` folders and `_strangers/`; other `_` folders are ignored."""
    identities, strangers = labelled_folders(
        root, STRANGERS, _images, "identity folders with images"
    )
    return Dataset(Path(root), identities, strangers)


def in_calibration_half(name: str) -> bool:
    """The fixed split: a name (identity folder or stranger's file) by its SHA-256."""
    return hashlib.sha256(name.encode()).digest()[0] % 2 == 0


def split(dataset: Dataset, part: str) -> Dataset:
    """Return the deterministic "calibration" or "holdout" half (by name hash), or "all"."""
    if part == "all":
        return dataset
    if part not in ("calibration", "holdout"):
        raise ValueError(f"unknown part {part!r}: use all, calibration or holdout")
    want = part == "calibration"
    return Dataset(
        dataset.root,
        {k: v for k, v in dataset.identities.items() if in_calibration_half(k) == want},
        [p for p in dataset.strangers if in_calibration_half(p.name) == want],
        part,
    )
