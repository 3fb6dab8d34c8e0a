"""Encode a face evaluation's photos in worker processes: enrolment photos through the
quality gate with jitters, probes as the largest face found."""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shared.biometrics.face.images import ImageError, load_image
from shared.biometrics.face.quality import MIN_FACE_PX, assess_photo, detect_faces
from shared.evaluation.face_dataset import STRANGERS, Dataset

Progress = Callable[[str], None]


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class EncodedPhoto:
    """One photo's outcome: the gate's code, and its encodings when a face was used."""

    path: str
    code: str
    reason: str
    quality: float = 0.0
    vector: np.ndarray | None = None  # enrolment: jittered; probe: plain
    plain: np.ndarray | None = None  # one pass, no jitter (the naive baseline's encoding)


# Per worker process: the engine its initializer built (models load once per process).
_worker_engine = None


def _init_worker(engine_factory: Callable) -> None:
    global _worker_engine
    _worker_engine = engine_factory()


def encode_job(job: tuple[str, str, int, int]) -> EncodedPhoto:
    """Encode one photo as an enrolment photo (quality gate, jitters) or as a probe."""
    path, role, min_face_px, jitters = job
    engine = _worker_engine
    try:
        rgb = load_image(Path(path))
    except ImageError as exc:
        return EncodedPhoto(path, exc.reason, str(exc))
    if role == "enrol":
        verdict = assess_photo(engine, rgb, min_face_px=min_face_px)
        if not verdict.ok:
            return EncodedPhoto(path, verdict.code, verdict.reason)
        vector = engine.encode(rgb, [verdict.box], jitters=jitters)[0]
        plain = engine.encode(rgb, [verdict.box], jitters=1)[0] if jitters != 1 else vector
        return EncodedPhoto(path, "ok", verdict.reason, verdict.score, vector, plain)
    boxes = detect_faces(engine, rgb, upsample=1)
    if not boxes:
        return EncodedPhoto(path, "no_face", "no face found")
    # A probe photo holds one person; the largest face is theirs.
    box = max(boxes, key=lambda b: b.width * b.height)
    vector = engine.encode(rgb, [box], jitters=1)[0]
    return EncodedPhoto(path, "ok", "probe", 0.0, vector, vector)


def encode_all(
    jobs: list[tuple[str, str, int, int]],
    engine_factory: Callable,
    processes: int,
    progress: Progress | None = None,
) -> list[EncodedPhoto]:
    """Run encode_job over all jobs, in `processes` workers, reporting progress."""
    started = time.perf_counter()
    out: list[EncodedPhoto] = []

    def tick(i: int) -> None:
        if progress and (i % 100 == 0 or i == len(jobs)):
            rate = i / max(time.perf_counter() - started, 1e-9)
            progress(f"encoded {i}/{len(jobs)} photos ({rate:.1f}/s)")

    if processes <= 1:
        _init_worker(engine_factory)
        for i, job in enumerate(jobs, 1):
            out.append(encode_job(job))
            tick(i)
        return out
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(processes, initializer=_init_worker, initargs=(engine_factory,)) as pool:
        for i, result in enumerate(pool.imap(encode_job, jobs, chunksize=4), 1):
            out.append(result)
            tick(i)
    return out


@dataclass
class EncodedDataset:
    """The dataset's photos encoded: enrolment photos per identity, and probes."""

    enrol: dict[str, list[EncodedPhoto]]
    mated: dict[str, list[EncodedPhoto]]
    strangers: list[EncodedPhoto]
    seconds: float


def encode_dataset(
    dataset: Dataset,
    enrol_n: int,
    engine_factory: Callable,
    jitters: int,
    processes: int = 2,
    progress: Progress | None = None,
    min_face_px: int = MIN_FACE_PX,
) -> EncodedDataset:
    """Encode the first `enrol_n` photos of each identity for enrolment, the rest as probes."""
    started = time.perf_counter()
    jobs, owners = [], []
    for name, photos in dataset.identities.items():
        for i, photo in enumerate(photos):
            role = "enrol" if i < enrol_n else "probe"
            jobs.append((str(photo), role, min_face_px, jitters))
            owners.append((name, role))
    for photo in dataset.strangers:
        jobs.append((str(photo), "probe", min_face_px, jitters))
        owners.append((STRANGERS, "probe"))
    results = encode_all(jobs, engine_factory, processes, progress)
    enc = EncodedDataset({}, {}, [], 0.0)
    for (name, role), photo in zip(owners, results, strict=True):
        if name == STRANGERS:
            enc.strangers.append(photo)
        elif role == "enrol":
            enc.enrol.setdefault(name, []).append(photo)
        else:
            enc.mated.setdefault(name, []).append(photo)
    enc.seconds = time.perf_counter() - started
    return enc
