"""Every photo of a face data set encoded every way the experiments need, once.

Each identity photo is encoded as a probe (plain, plus the EXTRAS), and its first
MAX_ENROL photos also as enrolment photos (quality gate, jittered): so any enrolment count
from 1 to MAX_ENROL, any probe set and any scoring variant are scored without encoding
again. With an EncodingCache the encodings survive between runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from shared.biometrics.face.dlib_engine import DlibFaceEngine
from shared.biometrics.face.enrolment import ENROL_JITTERS, refuse_near_duplicates
from shared.biometrics.face.quality import MIN_FACE_PX
from shared.biometrics.gallery import unit_rows
from shared.evaluation.face_dataset import Dataset, in_calibration_half
from shared.evaluation.face_encoding import (
    EXTRAS,
    EncodedDataset,
    EncodedPhoto,
    Progress,
    encode_all,
    job,
    mean_of_views,
    probe_vector,
)

MAX_ENROL = 4


@dataclass
class FaceBank:
    """Per identity: enrolment encodings of its first photos and probe encodings of all."""

    enrol: dict[str, list[EncodedPhoto]]
    probes: dict[str, list[EncodedPhoto]]
    strangers: list[EncodedPhoto]
    seconds: float

    def probe_vectors(self, name: str, start: int, kind: str = "plain") -> list[np.ndarray]:
        """Probe encodings of `name`'s photos from index `start` on (faces found only)."""
        return [v for p in self.probes[name][start:] if (v := probe_vector(p, kind)) is not None]

    def half(self, part: str) -> tuple[list[str], list[EncodedPhoto]]:
        """Identity names and strangers of the "calibration" or "holdout" half (or "all")."""
        if part == "all":
            return sorted(self.probes), self.strangers
        want = part == "calibration"
        return ([n for n in sorted(self.probes) if in_calibration_half(n) == want],
                [p for p in self.strangers if in_calibration_half(Path(p.path).name) == want])

    def as_enrolled(self, enrol_n: int, kind: str) -> EncodedDataset:
        """What encode_dataset gives for `enrol_n`: the first photos as enrolment photos, the
        rest and the strangers as probes of `kind` (probe_vector)."""
        def probe(p: EncodedPhoto) -> EncodedPhoto:
            return replace(p, vector=probe_vector(p, kind))

        enc = EncodedDataset({}, {}, [probe(p) for p in self.strangers], self.seconds)
        for name, photos in self.probes.items():
            enc.enrol[name] = self.enrol.get(name, [])[:enrol_n]
            if len(photos) > enrol_n:
                enc.mated[name] = [probe(p) for p in photos[enrol_n:]]
        return enc


def encode_bank(
    dataset: Dataset,
    engine_factory: Callable,
    processes: int = 2,
    progress: Progress | None = None,
    cache=None,
    min_face_px: int = MIN_FACE_PX,
    extras: tuple[str, ...] = EXTRAS,
    max_enrol: int = MAX_ENROL,
) -> FaceBank:
    """Encode the data set for every experiment (see the module's docstring); the first
    `max_enrol` photos of each identity also as enrolment photos."""
    started = time.perf_counter()
    jobs, owners = [], []
    for name, photos in dataset.identities.items():
        for i, photo in enumerate(photos):
            jobs.append(job(photo, "probe", min_face_px, 1, extras))
            owners.append((name, "probe"))
            if i < max_enrol:
                jobs.append(job(photo, "enrol", min_face_px, ENROL_JITTERS, extras))
                owners.append((name, "enrol"))
    for photo in dataset.strangers:
        jobs.append(job(photo, "probe", min_face_px, 1, extras))
        owners.append((None, "probe"))
    results = encode_all(jobs, engine_factory, processes, progress, cache)
    bank = FaceBank({}, {}, [], 0.0)
    for (name, role), photo in zip(owners, results, strict=True):
        if name is None:
            bank.strangers.append(photo)
        else:
            (bank.enrol if role == "enrol" else bank.probes).setdefault(name, []).append(photo)
    bank.seconds = time.perf_counter() - started
    return bank


def enrol_vectors(photos: list[EncodedPhoto], n: int, kind: str = "jittered") -> np.ndarray:
    """The accepted encodings of `kind` (mean_of_views: "jittered", "plain", an EXTRAS name,
    or several joined by "+") among the first `n` enrolment photos, and their quality
    scores."""
    # Near-duplicates are refused on the jittered encodings, as enrolment refuses them.
    kept = {name for name, code, *_ in refuse_near_duplicates(
        [(p.path, p.code, p.reason, p.quality, p.vector) for p in photos[:n]],
        DlibFaceEngine.near_duplicate) if code == "ok"}
    rows = [(mean_of_views(p, kind), p.quality) for p in photos[:n]
            if p.vector is not None and p.path in kept]
    if not rows:
        return np.zeros((0, 128), dtype=np.float32), np.zeros(0)
    return np.stack([r for r, _ in rows]), np.array([q for _, q in rows])


def templates(bank: FaceBank, names: list[str], n: int, scoring: str = "mean",
              kind: str = "jittered") -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Unit gallery rows and their owners' indices into the returned names (enrolled only;
    the bank holds dlib encodings, so dlib's near-duplicate limit applies).

    scoring: "mean" (the product), "min" (every photo's row), "quality" (mean weighted by
    the gate's quality score).
    """
    rows, owners, enrolled = [], [], []
    for name in names:
        vectors, quality = enrol_vectors(bank.enrol.get(name, []), n, kind)
        if not len(vectors):
            continue
        units = unit_rows(vectors)
        if scoring == "mean":
            units = units.mean(axis=0, keepdims=True)
        elif scoring == "quality":
            w = np.maximum(quality, 1e-3)
            units = (units * w[:, None]).sum(axis=0, keepdims=True) / w.sum()
        elif scoring != "min":
            raise ValueError(f"unknown scoring {scoring!r}")
        rows.append(unit_rows(units))
        owners += [len(enrolled)] * len(units)
        enrolled.append(name)
    return np.concatenate(rows), np.array(owners), enrolled


def probe_set(bank: FaceBank, enrolled: list[str], others: list[str], start: int,
              strangers: list[EncodedPhoto], kind: str = "plain",
              ) -> tuple[np.ndarray, np.ndarray]:
    """Unit probes and their owners: enrolled people's photos from `start` on (owner = index
    in `enrolled`), then other identities' photos and the strangers (owner -1)."""
    vectors, owners = [], []
    for i, name in enumerate(enrolled):
        for v in bank.probe_vectors(name, start, kind):
            vectors.append(v)
            owners.append(i)
    for name in others:
        for v in bank.probe_vectors(name, 0, kind):
            vectors.append(v)
            owners.append(-1)
    for photo in strangers:
        if (v := probe_vector(photo, kind)) is not None:
            vectors.append(v)
            owners.append(-1)
    return unit_rows(np.stack(vectors)), np.array(owners)
