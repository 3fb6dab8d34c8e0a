"""Encode a face evaluation's photos in worker processes: enrolment photos through the
quality gate with jitters, probes as the largest face found."""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from shared.biometrics.face.engine import FaceBox
from shared.biometrics.face.images import ImageError, load_image
from shared.biometrics.face.quality import MIN_FACE_PX, assess_photo, detect_faces
from shared.evaluation.face_dataset import STRANGERS, Dataset

Progress = Callable[[str], None]
# (path, "enrol" or "probe", min_face_px, jitters[, extras]): extras name further
# encodings of the same face for scoring experiments (EXTRAS).
Job = tuple
EXTRAS = ("mirror", "large")  # the face mirrored; aligned with dlib's 68-point model
PROBE_VIEWS = {"plain": "plain", "mirror": "mirror-image", "large": "68-point-aligned"}


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
    extras: dict[str, np.ndarray] = field(default_factory=dict)  # by EXTRAS name, no jitter


# Per worker process: the engine its initializer built (models load once per process).
_worker_engine = None


def _init_worker(engine_factory: Callable) -> None:
    global _worker_engine
    _worker_engine = engine_factory()


def job(photo: Path | str, role: str, min_face_px: int, jitters: int,
        extras: tuple[str, ...] = ()) -> Job:
    """Return an encode_job job; a probe is never jittered, so its jitters are always 1."""
    return (str(photo), role, min_face_px, jitters if role == "enrol" else 1, tuple(extras))


def _extras(engine, rgb: np.ndarray, box: FaceBox, names) -> dict[str, np.ndarray]:
    out = {}
    for name in names:
        if name == "mirror":
            width = rgb.shape[1]
            flipped = np.ascontiguousarray(rgb[:, ::-1])
            mirrored = FaceBox(box.top, width - box.left, box.bottom, width - box.right)
            out[name] = engine.encode(flipped, [mirrored], jitters=1)[0]
        elif name == "large":
            out[name] = engine.encode(rgb, [box], jitters=1, alignment="large")[0]
        else:
            raise ValueError(f"unknown extra encoding {name!r}")
    return out


def probe_kind(mirror: bool, large: bool) -> str:
    """The probe_vector kind of the kiosk's probe settings (encode_probe's views)."""
    return "+".join(["plain", *(["mirror"] if mirror else []), *(["large"] if large else [])])


def probe_views(kind: str) -> tuple[str, ...]:
    """The EXTRAS a probe kind needs encoded beside the plain encoding."""
    return tuple(view for view in kind.replace("flip", "plain+mirror").split("+")
                 if view != "plain")


def mean_of_views(photo: EncodedPhoto, kind: str) -> np.ndarray:
    """One of a photo's encodings, or the mean of several joined by "+": "jittered" (its
    own encoding: jittered for an enrolment photo), "plain", an EXTRAS name; "flip" is
    "plain+mirror"."""
    views = [photo.vector if view == "jittered" else photo.plain if view == "plain"
             else photo.extras[view] for view in kind.replace("flip", "plain+mirror").split("+")]
    return views[0] if len(views) == 1 else np.mean(views, axis=0)


def probe_vector(photo: EncodedPhoto, kind: str = "plain") -> np.ndarray | None:
    """One probe encoding of `kind` (mean_of_views, e.g. "plain+mirror+large"); None when
    the photo gave no face."""
    if photo.vector is None:
        return None
    return mean_of_views(photo, kind)


def encode_job(job: Job) -> EncodedPhoto:
    """Encode one photo as an enrolment photo (quality gate, jitters) or as a probe."""
    path, role, min_face_px, jitters = job[:4]
    extras = job[4] if len(job) > 4 else ()
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
        return EncodedPhoto(path, "ok", verdict.reason, verdict.score, vector, plain,
                            _extras(engine, rgb, verdict.box, extras))
    boxes = detect_faces(engine, rgb, upsample=1)
    if not boxes:
        return EncodedPhoto(path, "no_face", "no face found")
    # A probe photo holds one person; the largest face is theirs.
    box = max(boxes, key=lambda b: b.width * b.height)
    vector = engine.encode(rgb, [box], jitters=1)[0]
    return EncodedPhoto(path, "ok", "probe", 0.0, vector, vector,
                        _extras(engine, rgb, box, extras))


def encode_all(
    jobs: list[Job],
    engine_factory: Callable,
    processes: int,
    progress: Progress | None = None,
    cache=None,
) -> list[EncodedPhoto]:
    """Run encode_job over all jobs, in `processes` workers, reporting progress.

    With `cache` (an EncodingCache), jobs it holds are not encoded again and new results
    are added to it (the caller saves it).
    """
    found = [cache.get(job) if cache is not None else None for job in jobs]
    todo = [i for i, photo in enumerate(found) if photo is None]
    if progress and cache is not None:
        progress(f"{len(jobs) - len(todo)} of {len(jobs)} photos from the encoding cache")
    results = _encode([jobs[i] for i in todo], engine_factory, processes, progress)
    for n, (i, photo) in enumerate(zip(todo, results, strict=True), 1):
        found[i] = photo
        if cache is not None:
            cache.put(jobs[i], photo)
            if n % 500 == 0:  # a long first run that is stopped keeps most of its work
                cache.save()
    return found


def _encode(jobs: list[Job], engine_factory: Callable, processes: int,
            progress: Progress | None):
    """Yield encode_job's results in the jobs' order."""
    started = time.perf_counter()
    if not jobs:
        return

    def tick(i: int) -> None:
        if progress and (i % 100 == 0 or i == len(jobs)):
            rate = i / max(time.perf_counter() - started, 1e-9)
            progress(f"encoded {i}/{len(jobs)} photos ({rate:.1f}/s)")

    if processes <= 1:
        _init_worker(engine_factory)
        for i, one in enumerate(jobs, 1):
            yield encode_job(one)
            tick(i)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(processes, initializer=_init_worker, initargs=(engine_factory,)) as pool:
        for i, result in enumerate(pool.imap(encode_job, jobs, chunksize=4), 1):
            yield result
            tick(i)


@dataclass
class EncodedDataset:
    """The dataset's photos encoded: enrolment photos per identity, and probes."""

    enrol: dict[str, list[EncodedPhoto]]
    mated: dict[str, list[EncodedPhoto]]
    strangers: list[EncodedPhoto]
    seconds: float


def encode_dataset(
    dataset: Dataset,
    enrol_n: int | dict[str, int],
    engine_factory: Callable,
    jitters: int,
    processes: int = 2,
    progress: Progress | None = None,
    min_face_px: int = MIN_FACE_PX,
    cache=None,
    probe_kind: str = "plain",
) -> EncodedDataset:
    """Encode the first `enrol_n` photos of each identity for enrolment (a count, or one per
    identity), the rest as probes.

    A probe's `vector` is its encoding of `probe_kind` (probe_vector, as
    identify_photo's `mirror` and `large` make it); `plain` stays the one plain encoding."""
    extras = probe_views(probe_kind)
    started = time.perf_counter()
    jobs, owners = [], []
    for name, photos in dataset.identities.items():
        n = enrol_n[name] if isinstance(enrol_n, dict) else enrol_n
        for i, photo in enumerate(photos):
            role = "enrol" if i < n else "probe"
            jobs.append(job(photo, role, min_face_px, jitters, extras if role == "probe" else ()))
            owners.append((name, role))
    for photo in dataset.strangers:
        jobs.append(job(photo, "probe", min_face_px, jitters, extras))
        owners.append((STRANGERS, "probe"))
    results = encode_all(jobs, engine_factory, processes, progress, cache)
    enc = EncodedDataset({}, {}, [], 0.0)
    for (name, role), photo in zip(owners, results, strict=True):
        if extras and role == "probe" and photo.vector is not None:
            photo = replace(photo, vector=probe_vector(photo, probe_kind))
        if name == STRANGERS:
            enc.strangers.append(photo)
        elif role == "enrol":
            enc.enrol.setdefault(name, []).append(photo)
        else:
            enc.mated.setdefault(name, []).append(photo)
    enc.seconds = time.perf_counter() - started
    return enc
