"""Thresholds from data: pick the distance that keeps false identifications at a target rate.

Scores are distances (lower is closer). A non-mated search's score is the distance of the
candidate it would return (inf if the margin rule already refuses it); a mated search's
score is the distance to its true customer when that customer ranks first and the margin
rule holds, otherwise inf (a miss at any threshold).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

REPORTED_FPIRS = (0.001, 0.003, 0.01)


def fpir_at(nonmated: np.ndarray, threshold: float) -> float:
    """Fraction of non-mated searches that return someone at this threshold."""
    s = np.asarray(nonmated, dtype=np.float64)
    return float(np.mean(s <= threshold)) if s.size else 0.0


def fnir_at(mated: np.ndarray, threshold: float) -> float:
    """Fraction of mated searches that do not return their own customer."""
    s = np.asarray(mated, dtype=np.float64)
    return float(np.mean(~(s <= threshold))) if s.size else 0.0


def threshold_for_fpir(nonmated: np.ndarray, target_fpir: float) -> float:
    """Return the largest threshold whose FPIR on these scores is at most `target_fpir`."""
    s = np.sort(np.asarray(nonmated, dtype=np.float64))
    s = s[np.isfinite(s)]
    n_all = len(np.asarray(nonmated))
    if n_all == 0:
        raise ValueError("no non-mated scores to calibrate on")
    allowed = math.floor(target_fpir * n_all + 1e-9)
    if allowed >= len(s):
        return float(s[-1]) if len(s) else 2.0
    # Midway between the last allowed false match and the first refused one.
    upper = s[allowed]
    if allowed == 0:
        # Just under the closest non-mated score: no false match on this sample.
        return float(np.floor(upper * 10_000) / 10_000 - 0.0001)
    lower = s[allowed - 1]
    if lower >= upper:
        return float(np.nextafter(upper, 0))
    # Midway between the last allowed false match and the first refused one.
    return float(round((lower + upper) / 2, 4))


def fnir_at_fpir(
    mated: np.ndarray, nonmated: np.ndarray, fpirs: Iterable[float] = REPORTED_FPIRS
) -> dict[str, dict[str, float]]:
    """For each FPIR, the threshold that reaches it and the FNIR there."""
    out = {}
    for fpir in fpirs:
        t = threshold_for_fpir(nonmated, fpir)
        out[f"{fpir:g}"] = {
            "threshold": round(t, 4),
            "fnir": round(fnir_at(mated, t), 4),
            "fpir": round(fpir_at(nonmated, t), 4),
        }
    return out


def fpir_for_gallery(target_fpir: float, from_size: int, to_size: int) -> float:
    """Scale an FPIR between gallery sizes, assuming independent per-customer false matches."""
    if from_size <= 0 or to_size <= 0:
        return target_fpir
    per_customer = 1.0 - (1.0 - target_fpir) ** (1.0 / to_size)
    return 1.0 - (1.0 - per_customer) ** from_size


def apply_margin(best: np.ndarray, second: np.ndarray, margin: float) -> np.ndarray:
    """Return the best distances, with inf where the lead over the next customer < margin."""
    best = np.asarray(best, dtype=np.float64)
    with np.errstate(invalid="ignore"):  # inf - inf: a miss stays a miss
        lead = np.asarray(second, dtype=np.float64) - best
        return np.where(lead >= margin, best, np.inf)
