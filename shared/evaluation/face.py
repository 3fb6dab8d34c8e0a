"""`faces eval`: enrol the first photos of each identity for real, search with the rest.

Probes are encoded in worker processes (encoding dominates the cost); enrolment, gallery
loading and decisions go through the same services the branch uses, on a throwaway
SQLite database in a temporary folder. Nothing is cached, and nothing is written to the
repository.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from shared.biometrics.face.images import IMAGE_SUFFIXES, ImageError, load_image
from shared.biometrics.face.quality import MIN_FACE_PX, assess_photo, detect_faces
from shared.biometrics.gallery import GalleryIndex
from shared.biometrics.matching import Match, decide
from shared.evaluation.thresholds import (
    REPORTED_FPIRS,
    apply_margin,
    fnir_at,
    fnir_at_fpir,
    fpir_at,
)

STRANGERS = "_strangers"
Progress = Callable[[str], None]


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"dataset folder not found: {root}")
    identities: dict[str, list[Path]] = {}
    strangers: list[Path] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name == STRANGERS:
            strangers = _images(folder)
        elif not folder.name.startswith("_"):
            photos = _images(folder)
            if photos:
                identities[folder.name] = photos
    if not identities:
        raise FileNotFoundError(f"no identity folders with images in {root}")
    return Dataset(root, identities, strangers)


def _in_calibration_half(name: str) -> bool:
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
        {k: v for k, v in dataset.identities.items() if _in_calibration_half(k) == want},
        [p for p in dataset.strangers if _in_calibration_half(p.name) == want],
        part,
    )


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


def _searches(gallery: GalleryIndex, probes: list[EncodedPhoto], plain: bool = False):
    """Return (best ids, best distances, second distances) per probe; -1/inf if no face."""
    n = len(probes)
    ids = np.full(n, -1, dtype=np.int64)
    best = np.full(n, np.inf)
    second = np.full(n, np.inf)
    found = [i for i, p in enumerate(probes) if p.vector is not None]
    if found:
        vectors = np.stack([(probes[i].plain if plain else probes[i].vector) for i in found])
        for i, cands in zip(found, gallery.search_many(vectors), strict=True):
            if cands:
                ids[i], best[i] = cands[0].customer_id, cands[0].distance
                if len(cands) > 1:
                    second[i] = cands[1].distance
    return ids, best, second


def score_method(
    gallery: GalleryIndex,
    mated: list[tuple[int, EncodedPhoto]],
    strangers: list[EncodedPhoto],
    threshold: float,
    margin: float,
    plain: bool = False,
) -> dict:
    """Decide every probe at the threshold, and FNIR at reported FPIRs for comparison."""
    truth = np.array([cid for cid, _ in mated], dtype=np.int64)
    ids, best, second = _searches(gallery, [p for _, p in mated], plain)
    s_ids, s_best, s_second = _searches(gallery, strangers, plain)
    hits = 0
    for i in range(len(mated)):
        decision = decide(_cands(ids[i], best[i], second[i]), threshold, margin)
        hits += isinstance(decision, Match) and decision.customer_id == truth[i]
    false_ids = 0
    for i in range(len(strangers)):
        decision = decide(_cands(s_ids[i], s_best[i], s_second[i]), threshold, margin)
        false_ids += isinstance(decision, Match)
    searched = ids >= 0
    mated_scores = apply_margin(np.where(ids == truth, best, np.inf), second, margin)
    nonmated_scores = apply_margin(s_best, s_second, margin)
    return {
        "rank1": round(float(np.mean(ids[searched] == truth[searched])), 4)
        if searched.any() else 0.0,
        "fnir": round(1 - hits / len(mated), 4) if mated else 0.0,
        "fpir": round(false_ids / len(strangers), 4) if strangers else 0.0,
        "fnir_at_fpir": fnir_at_fpir(mated_scores, nonmated_scores, REPORTED_FPIRS),
        "_mated_scores": mated_scores,
        "_nonmated_scores": nonmated_scores,
    }


def _cands(cid: int, best: float, second: float):
    from shared.biometrics.matching import Candidate

    if cid < 0:
        return []
    out = [Candidate(int(cid), float(best))]
    if np.isfinite(second):
        out.append(Candidate(-1, float(second)))
    return out


def baseline(enc: EncodedDataset, customer_ids: dict[str, int]) -> dict:
    """The library's example method: one jitter-free template per photo, nearest neighbour."""
    gallery = GalleryIndex(normalise=False)  # raw dlib distances, as the library compares
    for name, photos in enc.enrol.items():
        for photo in photos:
            if photo.plain is not None:
                gallery.add(customer_ids[name], photo.plain)
    mated = [(customer_ids[n], p) for n, ps in enc.mated.items() for p in ps]
    scored = score_method(gallery, mated, enc.strangers, 0.6, 0.0, plain=True)
    return {
        "method": "one template per photo (no jitter), nearest neighbour, tolerance 0.6",
        "rank1": scored["rank1"],
        "fnir_at_tolerance_0.6": scored["fnir"],
        "fpir_at_tolerance_0.6": scored["fpir"],
        "fnir_at_fpir": scored["fnir_at_fpir"],
    }


def run_eval(
    dataset_root: Path,
    settings,
    enrol_n: int = 2,
    part: str = "all",
    engine_factory: Callable | None = None,
    processes: int = 2,
    progress: Progress | None = stderr_progress,
    jitters: int | None = None,
) -> dict:
    """Evaluate open-set identification on a dataset at the configured threshold and margin."""
    from shared.biometrics.face.enrolment import ENROL_JITTERS

    started = time.perf_counter()
    if engine_factory is None:
        from shared.biometrics.face.dlib_engine import DlibFaceEngine

        engine_factory = DlibFaceEngine
    dataset = split(discover(dataset_root), part)
    face = settings.biometrics.face
    if progress:
        progress(f"evaluating {dataset.describe()}, enrolling {enrol_n} photos each")
    enc = encode_dataset(
        dataset, enrol_n, engine_factory, ENROL_JITTERS if jitters is None else jitters,
        processes, progress, face.min_face_px,
    )
    engine = engine_factory()
    gallery, customer_ids, failures = enrol_through_services(enc, engine, settings)
    mated = [(customer_ids[n], p) for n, ps in enc.mated.items() for p in ps]
    ours = score_method(gallery, mated, enc.strangers, face.threshold, face.margin)
    no_face = sum(p.vector is None for _, p in mated) + sum(
        p.vector is None for p in enc.strangers)
    result = {
        "dataset": str(dataset_root),
        "part": part,
        "identities": len(dataset.identities),
        "enrolled": len(gallery.customers),
        "failures_to_enrol": len(failures),
        "failures_to_enrol_detail": failures,
        "enrol_photos": enrol_n,
        "mated_probes": len(mated),
        "nonmated_probes": len(enc.strangers),
        "probes_without_face": no_face,
        "rank1": ours["rank1"],
        "fnir": ours["fnir"],
        "fpir": ours["fpir"],
        "threshold": face.threshold,
        "margin": face.margin,
        "calibrated_on": face.calibrated_on,
        "calibrated_at": face.calibrated_at,
        "method": "mean of jittered enrolment encodings per customer, euclidean, margin rule",
        # Thresholds chosen on the scored data itself: for comparison only, not a result.
        "fnir_at_fpir": ours["fnir_at_fpir"],
        "fnir_at_fpir_note": "oracle thresholds on this data, for comparison with the baseline",
        "baseline": baseline(enc, customer_ids),
        "encode_seconds": round(enc.seconds, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return result


def enrol_through_services(enc: EncodedDataset, engine, settings):
    """Give consent and enrol every identity in a throwaway database; load its gallery."""
    from shared.biometrics.cipher import TemplateCipher
    from shared.biometrics.consent import give_consent
    from shared.biometrics.face.enrolment import enrol_face, load_gallery
    from shared.biometrics.templates import EnrolmentError
    from shared.db import Database
    from shared.db.migrate import upgrade
    from shared.models import Branch, Customer
    from shared.models.enums import ConsentChannel, Modality

    failures: dict[str, str] = {}
    customer_ids: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="smartbranch-eval-") as tmp:
        db_settings = settings.model_copy(update={
            "database": settings.database.model_copy(update={"url": f"sqlite:///{tmp}/eval.db"}),
        })
        database = Database(db_settings)
        try:
            upgrade(database.engine)
            # The database is thrown away with the folder: a random key is enough.
            cipher = TemplateCipher(secrets.token_urlsafe(48))
            with database.session() as session:
                branch = Branch(code="EVAL", name="Evaluation")
                session.add(branch)
                session.flush()
                names = sorted(set(enc.enrol) | set(enc.mated))
                for i, name in enumerate(names):
                    customer = Customer(customer_number=f"EVAL{i:06d}", given_name=name,
                                        family_name="-", home_branch_id=branch.id)
                    session.add(customer)
                    session.flush()
                    customer_ids[name] = customer.id
                    give_consent(session, customer.id, Modality.FACE, "eval",
                                 ConsentChannel.COUNTER, branch_id=branch.id)
                    encoded = [(p.path, p.code, p.reason, p.quality, p.vector)
                               for p in enc.enrol.get(name, [])]
                    try:
                        enrol_face(session, engine, cipher, customer.id, [], encoded=encoded)
                    except EnrolmentError as exc:
                        failures[name] = str(exc)
            with database.session() as session:
                load = load_gallery(session, cipher, engine.model_version, branch_id=None)
        finally:
            database.dispose()
    return load.gallery, customer_ids, failures


def summarise_scores(mated: np.ndarray, nonmated: np.ndarray, threshold: float) -> dict:
    """FNIR and FPIR of score arrays at one threshold."""
    return {"fnir": round(fnir_at(mated, threshold), 4),
            "fpir": round(fpir_at(nonmated, threshold), 4)}
