"""`faces eval`: enrol the first photos of each identity for real, search with the rest.

Probes are encoded in worker processes (encoding dominates the cost); enrolment, gallery
loading and decisions go through the same services the branch uses, on a throwaway
SQLite database in a temporary folder. Nothing is written to the repository; encodings
are kept only with `--cache FILE` (encoding_cache.py). face_dataset.py reads the folders
and face_encoding.py encodes the photos; this module enrols, searches and scores, at the
threshold the identifier picks for the gallery's size (threshold_model.py), per photo and
per visit (face_visits.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from shared.biometrics.face.threshold_model import GalleryThreshold
from shared.biometrics.gallery import GalleryIndex
from shared.biometrics.matching import Match, decide
from shared.evaluation.enrolment_db import (
    add_consenting_subject,
    add_evaluation_branch,
    throwaway_cipher,
    throwaway_database,
)
from shared.evaluation.face_dataset import discover, split
from shared.evaluation.face_encoding import (
    EncodedDataset,
    EncodedPhoto,
    Progress,
    encode_dataset,
    probe_kind,
    stderr_progress,
)
from shared.evaluation.face_eval_visits import per_visit
from shared.evaluation.thresholds import (
    REPORTED_FPIRS,
    apply_margin,
    fnir_at_fpir,
)


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
    enrol_n: int | tuple[int, ...] = 2,
    part: str = "all",
    engine_factory: Callable | None = None,
    processes: int = 2,
    progress: Progress | None = stderr_progress,
    jitters: int | None = None,
    cache=None,
) -> dict:
    """Evaluate open-set identification at the gallery's threshold and the configured margin.

    `enrol_n` may be several counts: identities, in name order, take them in turn (a
    gallery that mixes customers enrolled with different numbers of photos)."""
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
        dataset, _per_identity(dataset, enrol_n), engine_factory,
        ENROL_JITTERS if jitters is None else jitters,
        processes, progress, face.min_face_px, cache,
        probe_kind(face.mirror_probe, face.large_probe),
    )
    engine = engine_factory()
    gallery, customer_ids, failures = enrol_through_services(enc, engine, settings)
    follows = GalleryThreshold.from_settings(face)
    composition = gallery.composition()
    threshold = follows.for_gallery(gallery)
    visit_threshold = GalleryThreshold.from_settings(face, per_visit=True).for_gallery(gallery)
    mated = [(customer_ids[n], p) for n, ps in enc.mated.items() for p in ps]
    ours = score_method(gallery, mated, enc.strangers, threshold, face.margin)
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
        "threshold": threshold,
        "threshold_rule": threshold_rule(follows, composition, threshold),
        "margin": face.margin,
        "mirror_probe": face.mirror_probe,
        "large_probe": face.large_probe,
        "per_visit": per_visit(gallery, enc, customer_ids, visit_threshold, face.margin,
                               threshold),
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


def _per_identity(dataset, enrol_n: int | tuple[int, ...]) -> int | dict[str, int]:
    """One count for everyone, or counts taken in turn by identities in name order."""
    if isinstance(enrol_n, int):
        return enrol_n
    return {name: enrol_n[i % len(enrol_n)] for i, name in enumerate(sorted(dataset.identities))}


def threshold_rule(follows: GalleryThreshold, composition: dict[int, int],
                   threshold: float) -> dict:
    """Say how the threshold was chosen: for this gallery by the model(s), or fixed."""
    size = sum(composition.values())
    if follows.model is None:
        return {"rule": "fixed (no calibrated impostor model)", "gallery_size": size}
    return {
        "rule": "largest t with FPIR(t) = 1 - prod_k (1 - p_k(t))^N_k <= target, N_k "
                "templates of k vectors, each p_k(t) bounded above",
        "gallery_size": size,
        "templates_by_vectors": {str(k): n for k, n in sorted(composition.items())},
        "models_used": {str(k): n for k, n in follows.parts(composition)},
        "target_fpir": follows.target_fpir,
        "confidence": follows.confidence,
        "bounded_fpir": round(follows.fpir_upper(threshold, composition), 6),
        "ceiling": follows.ceiling,
    }


def enrol_through_services(enc: EncodedDataset, engine, settings):
    """Give consent and enrol every identity in a throwaway database; load its gallery."""
    from shared.biometrics.face.enrolment import enrol_face, load_gallery
    from shared.biometrics.templates import EnrolmentError
    from shared.models.enums import Modality

    failures: dict[str, str] = {}
    customer_ids: dict[str, int] = {}
    cipher = throwaway_cipher()
    with throwaway_database(settings, "smartbranch-eval-") as database:
        with database.session() as session:
            branch = add_evaluation_branch(session)
            names = sorted(set(enc.enrol) | set(enc.mated))
            for i, name in enumerate(names):
                customer = add_consenting_subject(
                    session, branch, f"EVAL{i:06d}", name, Modality.FACE
                )
                customer_ids[name] = customer.id
                encoded = [(p.path, p.code, p.reason, p.quality, p.vector)
                           for p in enc.enrol.get(name, [])]
                try:
                    enrol_face(session, engine, cipher, customer.id, [], encoded=encoded)
                except EnrolmentError as exc:
                    failures[name] = str(exc)
        with database.session() as session:
            load = load_gallery(session, cipher, engine.model_version, branch_id=None)
    return load.gallery, customer_ids, failures
