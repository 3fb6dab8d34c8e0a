"""`faces calibrate`: fit the threshold model and choose the margin on a calibration split.

Only the "calibration" half of the dataset (identities and strangers split by a hash of
their names) is read, so `faces eval --part holdout` scores data the threshold never saw.
Non-mated searches are the calibration strangers plus every calibration probe searched
against the gallery without its own identity (leave-one-identity-out), which roughly
doubles the non-mated sample without touching the held-out half; the margin is chosen on
them. The impostor models (shared/biometrics/face/threshold_model.py), one per number of
vectors behind a template, are fitted by impostors_by_vectors.py; the one for `enrol_n`
photos is the main model, the others follow it in the file. The identifier picks its
threshold from them for the live gallery; the written `threshold` is the main model's
choice at `gallery_size`, kept as the fallback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from shared.biometrics.face.enrolment import DEFAULT_SCORING, ENROL_JITTERS, combine_templates
from shared.biometrics.face.threshold_model import ImpostorModel
from shared.biometrics.gallery import unit_rows
from shared.evaluation.face_bank import encode_bank
from shared.evaluation.face_dataset import discover, split
from shared.evaluation.face_encoding import (
    PROBE_VIEWS,
    Progress,
    probe_views,
    stderr_progress,
)
from shared.evaluation.face_visits import VISIT_FRAMES
from shared.evaluation.impostor_fit import model_toml
from shared.evaluation.impostors_by_vectors import COUNTS, enrolled_vectors, fit_by_vectors
from shared.evaluation.thresholds import apply_margin, fnir_at, fpir_at

GALLERY_SIZES = (10, 100, 194, 1_000, 10_000)
MARGINS = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1)


def _best_two(distances: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: index of the nearest column, its distance, and the next column's distance."""
    order = np.argsort(distances, axis=1)[:, :2]
    rows = np.arange(len(distances))
    best = distances[rows, order[:, 0]]
    second = distances[rows, order[:, 1]] if distances.shape[1] > 1 else np.full(len(rows), np.inf)
    return order[:, 0], best, second


def calibration_scores(
    centroids: np.ndarray, mated: np.ndarray, mated_owner: np.ndarray, strangers: np.ndarray
) -> dict[str, np.ndarray]:
    """Return best/second distances for mated searches and both kinds of non-mated search."""
    d_mated = np.linalg.norm(mated[:, None, :] - centroids[None, :, :], axis=2)
    idx, best, second = _best_two(d_mated)
    own = d_mated[np.arange(len(mated)), mated_owner]
    # Mated: the own customer must rank first; "second" is then the best other customer.
    mated_best = np.where(idx == mated_owner, own, np.inf)
    # Leave-one-identity-out: the same probe against the gallery without its identity.
    loo = d_mated.copy()
    loo[np.arange(len(mated)), mated_owner] = np.inf
    _, loo_best, loo_second = _best_two(loo)
    d_str = np.linalg.norm(strangers[:, None, :] - centroids[None, :, :], axis=2)
    _, s_best, s_second = _best_two(d_str) if len(strangers) else (None, np.zeros(0), np.zeros(0))
    return {
        "mated_best": mated_best, "mated_second": second,
        "nonmated_best": np.concatenate([s_best, loo_best]),
        "nonmated_second": np.concatenate([s_second, loo_second]),
    }


def choose(scores: dict[str, np.ndarray], threshold: float, margins=MARGINS) -> dict:
    """Pick the margin with the lowest FNIR at the model's threshold.

    The model bounds FPIR without the margin, and a margin only refuses matches, so it is
    kept only where it costs no FNIR on the calibration half."""
    tried = []
    for margin in margins:
        mated = apply_margin(scores["mated_best"], scores["mated_second"], margin)
        nonmated = apply_margin(scores["nonmated_best"], scores["nonmated_second"], margin)
        tried.append({
            "margin": margin, "threshold": round(threshold, 4),
            "fnir": round(fnir_at(mated, threshold), 4),
            "fpir": round(fpir_at(nonmated, threshold), 4),
        })
    # Ties go to the larger margin: it refuses look-alike pairs for nothing.
    best = min(tried, key=lambda t: (t["fnir"], -t["margin"]))
    return {"chosen": best, "tried": tried}


def run_calibration(
    dataset_root: Path,
    target_fpir: float,
    enrol_n: int = 3,
    gallery_size: int | None = None,
    engine_factory: Callable | None = None,
    processes: int = 2,
    progress: Progress | None = stderr_progress,
    model_version: str = "dlib_face_recognition_resnet_model_v1",
    confidence: float = 0.95,
    cache=None,
    probe_kind: str = "plain+mirror+large",
) -> dict:
    """Calibrate on the dataset's calibration half; return values, data and date."""
    started = time.perf_counter()
    if engine_factory is None:
        from shared.biometrics.face.dlib_engine import DlibFaceEngine

        engine_factory = DlibFaceEngine
    full = discover(dataset_root)
    data = split(full, "calibration")
    gallery_size = gallery_size or len(full.identities)
    if progress:
        progress(f"calibrating on {data.describe()}; target FPIR {target_fpir} "
                 f"at a gallery of {gallery_size}")
    counts = tuple(sorted({*COUNTS, enrol_n}))
    # Every photo as a probe, the first max(counts) also as enrolment photos: one encoding
    # serves the margin's searches (enrol_n photos enrolled) and every count's model.
    bank = encode_bank(data, engine_factory, processes, progress, cache,
                       extras=probe_views(probe_kind), max_enrol=max(counts))
    enc = bank.as_enrolled(enrol_n, probe_kind)
    limit = engine_factory().near_duplicate  # builds no model: engines load lazily
    accepted = {n: enrolled_vectors(ps, limit) for n, ps in enc.enrol.items()}
    names = [n for n in data.identities if accepted.get(n)]
    # Scored exactly as GalleryIndex scores: unit-length rows and probes.
    centroids = unit_rows(np.concatenate([
        combine_templates(np.stack(accepted[n]), DEFAULT_SCORING) for n in names]))
    index = {n: i for i, n in enumerate(names)}
    mated_pairs = [(index[n], unit_rows(p.vector)) for n, ps in enc.mated.items() if n in index
                   for p in ps if p.vector is not None]
    strangers = [unit_rows(p.vector) for p in enc.strangers if p.vector is not None]
    mated = np.stack([v for _, v in mated_pairs])
    mated_owner = np.array([i for i, _ in mated_pairs])
    strangers = np.stack(strangers) if strangers else np.zeros((0, centroids.shape[1]))
    scores = calibration_scores(centroids, mated, mated_owner, strangers)
    names_all, strangers_all = bank.half("all")
    fits = fit_by_vectors(bank, names_all, strangers_all, limit, probe_kind, counts,
                          always=enrol_n)
    main = fits[enrol_n]
    photo_model, visit_model, visit_count = main.photo, main.visit, main.visits
    threshold = photo_model.threshold(gallery_size, target_fpir, confidence)
    picked = choose(scores, threshold)
    chosen = picked["chosen"]
    calibrated_on = (
        f"{data.describe()} (sha256 name split); {enrol_n} enrolment photos, "
        f"{len(scores['nonmated_best'])} non-mated searches for the margin "
        f"(strangers + leave-one-identity-out); impostor models for templates of "
        f"{', '.join(str(k) for k in fits)}+ vectors (every photo and stranger against every "
        f"other identity's template: {photo_model.comparisons} comparisons at "
        f"{enrol_n}), door: {visit_count} visits of {VISIT_FRAMES} photos; threshold for FPIR "
        f"{target_fpir} at {confidence:g} confidence, shown for a gallery of {gallery_size}; "
        f"model {model_version}, {DEFAULT_SCORING} of {ENROL_JITTERS}-jitter templates"
        + (f", probes the mean of their {' + '.join(PROBE_VIEWS[v] for v in views)} encodings"
           if (views := probe_kind.split("+")) != ["plain"] else "")
    )
    return {
        "threshold": chosen["threshold"],
        "visit_threshold": visit_model.threshold(gallery_size, target_fpir, confidence)
        if visit_model else None,
        "margin": chosen["margin"],
        "target_fpir": target_fpir,
        "confidence": confidence,
        "gallery_size": gallery_size,
        "thresholds_by_gallery": {
            str(n): {"photo": photo_model.threshold(n, target_fpir, confidence),
                     "visit": visit_model.threshold(n, target_fpir, confidence)
                     if visit_model else None}
            for n in GALLERY_SIZES},
        "impostors": asdict(photo_model),
        "visit_impostors": asdict(visit_model) if visit_model else None,
        "impostor_vectors": enrol_n,
        "by_vectors": {str(k): {
            "templates": fit.templates,
            "visits": fit.visits,
            "threshold": fit.photo.threshold(gallery_size, target_fpir, confidence),
            "visit_threshold": fit.visit.threshold(gallery_size, target_fpir, confidence)
            if fit.visit else None,
            "impostors": asdict(fit.photo),
            "visit_impostors": asdict(fit.visit) if fit.visit else None,
        } for k, fit in fits.items()},
        "calibration_gallery": len(names),
        "calibration_mated_searches": len(mated_pairs),
        "calibration_nonmated_searches": int(len(scores["nonmated_best"])),
        "calibration_visits": visit_count,
        "calibration_fnir": chosen["fnir"],
        "calibration_fpir": chosen["fpir"],
        "margins_tried": picked["tried"],
        "calibrated_on": calibrated_on,
        "calibrated_at": datetime.now(UTC).date().isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def toml_block(result: dict) -> str:
    """Render the calibration as the [biometrics.face] keys the settings read."""
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "\n".join([
        "# Written by `smartbranch faces calibrate`; do not edit by hand.",
        "[biometrics.face]",
        f"threshold = {result['threshold']}",
        f"margin = {result['margin']}",
        f"impostor_vectors = {result['impostor_vectors']}",
        f"target_fpir = {result['target_fpir']}",
        f"confidence = {result['confidence']}",
        f"calibrated_on = {quote(result['calibrated_on'])}",
        f"calibrated_at = {quote(result['calibrated_at'])}",
        "",
        *model_toml(ImpostorModel(**result["impostors"])),
        "",
        *(model_toml(ImpostorModel(**result["visit_impostors"]), "visit_impostors") + [""]
          if result["visit_impostors"] else []),
        *_by_vectors_toml(result),
    ])


def _by_vectors_toml(result: dict) -> list[str]:
    """The models for the other counts of vectors behind a template, one block each."""
    lines = []
    top = max(int(k) for k in result["by_vectors"])
    for k, fit in result["by_vectors"].items():
        if int(k) == result["impostor_vectors"]:
            continue  # the main model above
        what = f"{k} or more vectors" if int(k) == top else f"{k} vector" + "s" * (k != "1")
        lines += [f"# Templates of {what} ({fit['templates']} calibration identities, door: "
                  f"{fit['visits']} visits): threshold {fit['threshold']} for "
                  f"{result['gallery_size']}.",
                  *model_toml(ImpostorModel(**fit["impostors"]), f"impostors_by_vectors.{k}"),
                  ""]
        if fit["visit_impostors"]:
            lines += [*model_toml(ImpostorModel(**fit["visit_impostors"]),
                                  f"visit_impostors_by_vectors.{k}"), ""]
    return lines
