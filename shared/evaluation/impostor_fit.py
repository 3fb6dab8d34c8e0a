"""Fit the threshold model's impostor distances (shared/biometrics/face/threshold_model.py).

Impostor comparisons are every non-mated probe against every enrolled template of someone
else. Their lower tail is fitted by a normal on a probit plot (the lowest TAIL of the
distances against their normal scores); its uncertainty by refitting on bootstrap
resamples of the probes (a probe's comparisons move together: one stranger who resembles
many people is one draw, not a hundred).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from shared.biometrics.face.threshold_model import ImpostorModel

TAIL = 0.01  # the fraction of lowest impostor distances the normal is fitted to
KEEP_LOWEST = 100  # lowest distances kept for the empirical bound (galleries of ~10 up)
BOOTSTRAPS = 200


def impostor_distances(templates: np.ndarray, template_owner: np.ndarray,
                       probes: np.ndarray, probe_owner: np.ndarray) -> np.ndarray:
    """Return (probes, templates) distances, NaN where the probe is the template's owner.

    Vectors are unit-length rows, as GalleryIndex scores them; a stranger's owner is -1.
    """
    d2 = (np.einsum("ij,ij->i", probes, probes)[:, None]
          + np.einsum("ij,ij->i", templates, templates)[None, :]
          - 2.0 * probes @ templates.T)
    d = np.sqrt(np.maximum(d2, 0.0)).astype(np.float64)
    d[probe_owner[:, None] == template_owner[None, :]] = np.nan
    return d


def _probit_fit(values: np.ndarray, tail: float) -> tuple[float, float]:
    """Least squares of the lowest `tail` of values on their normal scores: (mean, sd)."""
    s = np.sort(values)
    n = len(s)
    m = max(int(math.ceil(tail * n)), 10)
    z = np.array([NormalDist().inv_cdf((i + 0.5) / n) for i in range(m)])
    sd, mean = np.polyfit(z, s[:m], 1)
    return float(mean), float(sd)


def fit_impostors(distances: np.ndarray, tail: float = TAIL, bootstraps: int = BOOTSTRAPS,
                  keep_lowest: int = KEEP_LOWEST, seed: int = 0) -> ImpostorModel:
    """Fit the model to a (probes, templates) impostor matrix (NaN entries are skipped)."""
    rows = [r[np.isfinite(r)] for r in np.asarray(distances, dtype=np.float64)]
    rows = [r for r in rows if len(r)]
    flat = np.concatenate(rows)
    mean, sd = _probit_fit(flat, tail)
    rng = np.random.default_rng(seed)
    refits = []
    for _ in range(bootstraps):
        pick = rng.integers(0, len(rows), len(rows))
        refits.append(_probit_fit(np.concatenate([rows[i] for i in pick]), tail))
    cov = np.cov(np.array(refits).T) if bootstraps > 1 else np.zeros((2, 2))
    lowest = tuple(round(float(x), 4) for x in np.sort(flat)[:keep_lowest])
    return ImpostorModel(len(flat), lowest, round(mean, 5), round(sd, 5),
                         (float(f"{cov[0, 0]:.4g}"), float(f"{cov[1, 1]:.4g}"),
                          float(f"{cov[0, 1]:.4g}")))


def measured_fpir(distances: np.ndarray, threshold: float) -> float:
    """Fraction of probes with some template within `threshold` (the margin rule aside)."""
    best = np.nanmin(np.where(np.isfinite(distances), distances, np.inf), axis=1)
    return float(np.mean(best <= threshold)) if len(best) else 0.0


def model_toml(model: ImpostorModel, name: str = "impostors") -> list[str]:
    """The [biometrics.face.<name>] block for the calibration file."""
    lowest = ", ".join(f"{x:.4f}" for x in model.lowest)
    return [
        f"[biometrics.face.{name}]",
        f"comparisons = {model.comparisons}",
        f"tail_mean = {model.tail_mean}",
        f"tail_sd = {model.tail_sd}",
        f"tail_cov = [{', '.join(repr(x) for x in model.tail_cov)}]",
        f"lowest = [{lowest}]",
    ]
