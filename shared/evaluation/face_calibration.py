"""`faces calibrate`: choose threshold and margin for a target FPIR on a calibration split.

Only the "calibration" half of the dataset (identities and strangers split by a hash of
their names) is read, so `faces eval --part holdout` scores data the threshold never saw.
Non-mated searches are the calibration strangers plus every calibration probe searched
against the gallery without its own identity (leave-one-identity-out), which roughly
doubles the non-mated sample without touching the held-out half.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from shared.biometrics.face.enrolment import DEFAULT_SCORING, ENROL_JITTERS, combine_templates
from shared.biometrics.gallery import unit_rows
from shared.evaluation.face_dataset import discover, split
from shared.evaluation.face_encoding import Progress, encode_dataset, stderr_progress
from shared.evaluation.thresholds import (
    apply_margin,
    fnir_at,
    fpir_at,
    fpir_for_gallery,
    threshold_for_fpir,
)

MARGINS = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1)
# Calibrate for this fraction of the target FPIR. About 900 non-mated searches hold one or
# two false matches at FPIR 0.3%, so the empirical quantile is noisy; aiming at half the
# target keeps the configured threshold on the safe side of that noise. Measured: aiming
# at the full target gave FPIR 0.44% (4/903) on the full shared set.
SAFETY = 0.5


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


def choose(scores: dict[str, np.ndarray], target_fpir: float, gallery_size: int,
           calibration_gallery: int, margins=MARGINS, safety: float = SAFETY) -> dict:
    """Pick the margin (and its threshold) with the lowest FNIR at the scaled target FPIR."""
    local_fpir = fpir_for_gallery(target_fpir * safety, calibration_gallery, gallery_size)
    # Leave-one-out searches see one customer fewer; the difference is negligible here.
    tried = []
    for margin in margins:
        mated = apply_margin(scores["mated_best"], scores["mated_second"], margin)
        nonmated = apply_margin(scores["nonmated_best"], scores["nonmated_second"], margin)
        threshold = threshold_for_fpir(nonmated, local_fpir)
        tried.append({
            "margin": margin, "threshold": round(threshold, 4),
            "fnir": round(fnir_at(mated, threshold), 4),
            "fpir": round(fpir_at(nonmated, threshold), 4),
        })
    # Ties go to the smaller margin: simpler, and less sensitive to the second candidate.
    best = min(tried, key=lambda t: (t["fnir"], t["margin"]))
    return {"chosen": best, "local_target_fpir": round(local_fpir, 6), "tried": tried}


def run_calibration(
    dataset_root: Path,
    target_fpir: float,
    enrol_n: int = 2,
    gallery_size: int | None = None,
    engine_factory: Callable | None = None,
    processes: int = 2,
    progress: Progress | None = stderr_progress,
    model_version: str = "dlib_face_recognition_resnet_model_v1",
    safety: float = SAFETY,
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
    enc = encode_dataset(data, enrol_n, engine_factory, ENROL_JITTERS, processes, progress)
    names = [n for n in data.identities if any(p.vector is not None for p in enc.enrol.get(n, []))]
    # Scored exactly as GalleryIndex scores: unit-length rows and probes.
    centroids = unit_rows(np.concatenate([
        combine_templates(np.stack([p.vector for p in enc.enrol[n] if p.vector is not None]),
                          DEFAULT_SCORING)
        for n in names
    ]))
    index = {n: i for i, n in enumerate(names)}
    mated_pairs = [(index[n], unit_rows(p.vector)) for n, ps in enc.mated.items() if n in index
                   for p in ps if p.vector is not None]
    strangers = [unit_rows(p.vector) for p in enc.strangers if p.vector is not None]
    scores = calibration_scores(
        centroids,
        np.stack([v for _, v in mated_pairs]),
        np.array([i for i, _ in mated_pairs]),
        np.stack(strangers) if strangers else np.zeros((0, centroids.shape[1])),
    )
    picked = choose(scores, target_fpir, gallery_size, len(names), safety=safety)
    chosen = picked["chosen"]
    calibrated_on = (
        f"{data.describe()} (sha256 name split); {enrol_n} enrolment photos, "
        f"{len(scores['nonmated_best'])} non-mated searches "
        f"(strangers + leave-one-identity-out); target FPIR {target_fpir} at gallery "
        f"{gallery_size}, aimed at {safety:g} x target; model {model_version}, "
        f"{DEFAULT_SCORING} of {ENROL_JITTERS}-jitter templates"
    )
    return {
        "threshold": chosen["threshold"],
        "margin": chosen["margin"],
        "target_fpir": target_fpir,
        "safety": safety,
        "gallery_size": gallery_size,
        "calibration_gallery": len(names),
        "calibration_mated_searches": len(mated_pairs),
        "calibration_nonmated_searches": int(len(scores["nonmated_best"])),
        "calibration_fnir": chosen["fnir"],
        "calibration_fpir": chosen["fpir"],
        "local_target_fpir": picked["local_target_fpir"],
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
        f"target_fpir = {result['target_fpir']}",
        f"calibrated_on = {quote(result['calibrated_on'])}",
        f"calibrated_at = {quote(result['calibrated_at'])}",
        "",
    ])
