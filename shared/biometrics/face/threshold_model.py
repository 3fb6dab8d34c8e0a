"""The match threshold for the live gallery, from calibrated impostor distances.

Model: a stranger's search is a false match when some enrolled template lies within the
threshold t. If each of the gallery's N templates does so independently with probability
p(t), FPIR(t, N) = 1 - (1 - p(t))^N. Real strangers differ (a few resemble many people);
for a given mean p that makes FPIR lower than the formula (1 - (1 - p)^N is concave in p),
and the margin rule only refuses more, so the formula errs on the safe side.

p(t) is bounded above at the configured confidence from the calibration's impostor
comparisons (every non-mated probe against every enrolled template, n of them):
- by a normal fitted to the lower tail of the impostor distances (their lowest 1 %), its
  upper bound from the fit's bootstrap covariance: this reaches beyond the data, where
  the thresholds of large galleries lie;
- where at least EMPIRICAL_MIN comparisons lie within t, also by the one-sided
  Clopper-Pearson bound on their count, and the larger bound counts: there the data can
  check the fit. Below that a count says little (one comparison in n bounds p only by
  4.7/n, wherever it lies), and the fit over hundreds of tail points speaks instead.
The threshold for N is the largest t whose bounded FPIR(t, N) is at most the target; it
falls as the gallery grows.
"""

from __future__ import annotations

import logging
import math
import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

log = logging.getLogger(__name__)
_STD = NormalDist()
EMPIRICAL_MIN = 5


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (k is small here)."""
    if p <= 0:
        return 1.0
    if p >= 1:
        return 1.0 if k >= n else 0.0
    total = 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    for i in range(min(k, n) + 1):
        total += math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
                          + i * log_p + (n - i) * log_q)
    return min(total, 1.0)


def clopper_pearson_upper(k: int, n: int, confidence: float = 0.95) -> float:
    """One-sided upper confidence bound on a binomial proportion seen k times in n."""
    if n <= 0 or k >= n:
        return 1.0
    alpha = 1.0 - confidence
    lo, hi = k / n, 1.0
    for _ in range(80):  # bisection: P(X <= k; p) falls as p grows
        mid = (lo + hi) / 2
        if binomial_cdf(k, n, mid) > alpha:
            lo = mid
        else:
            hi = mid
    return hi


@dataclass(frozen=True)
class ImpostorModel:
    """Calibrated impostor distances: their count, the lowest ones, and a normal lower tail.

    `tail_cov` is (var of mean, var of sd, their covariance) over bootstrap refits.
    """

    comparisons: int
    lowest: tuple[float, ...]
    tail_mean: float
    tail_sd: float
    tail_cov: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def tail_estimate(self, t: float) -> float:
        """The fitted tail's p(t), without a bound (for comparing with measurements)."""
        return NormalDist(self.tail_mean, self.tail_sd).cdf(t)

    def tail_upper(self, t: float, confidence: float) -> float:
        """Upper bound on p(t) from the fitted normal tail (delta method on its z-score)."""
        z = (t - self.tail_mean) / self.tail_sd
        var_m, var_s, cov = self.tail_cov
        # z = (t - m) / s: dz/dm = -1/s, dz/ds = -z/s.
        var_z = (var_m + z * z * var_s + 2 * z * cov) / self.tail_sd ** 2
        return _STD.cdf(z + _STD.inv_cdf(confidence) * math.sqrt(max(var_z, 0.0)))

    def empirical_upper(self, t: float, confidence: float) -> float:
        """Clopper-Pearson bound where EMPIRICAL_MIN or more comparisons lie within t (else 0)."""
        k = bisect_right(self.lowest, t)
        if k < EMPIRICAL_MIN:
            return 0.0
        if k >= len(self.lowest) and len(self.lowest) < self.comparisons:
            return 1.0  # beyond the stored distances: unknown, so never chosen
        return clopper_pearson_upper(k, self.comparisons, confidence)

    def p_upper(self, t: float, confidence: float) -> float:
        return max(self.tail_upper(t, confidence), self.empirical_upper(t, confidence))

    def fpir_upper(self, t: float, gallery_size: int, confidence: float) -> float:
        """Bounded FPIR(t, N) = 1 - (1 - p_upper(t))^N."""
        return -math.expm1(gallery_size * math.log1p(-min(self.p_upper(t, confidence), 1 - 1e-15)))

    def threshold(self, gallery_size: int, target_fpir: float, confidence: float,
                  ceiling: float = 2.0) -> float:
        """Largest t (4 decimals, at most `ceiling`) with bounded FPIR(t, N) <= target."""
        n = max(gallery_size, 1)
        lo, hi = 0.0, ceiling
        if self.fpir_upper(hi, n, confidence) <= target_fpir:
            return ceiling
        for _ in range(60):  # p_upper grows with t, so bisection finds the crossing
            mid = (lo + hi) / 2
            if self.fpir_upper(mid, n, confidence) <= target_fpir:
                lo = mid
            else:
                hi = mid
        return math.floor(lo * 10_000) / 10_000


def model_from_settings(face, per_visit: bool = False) -> ImpostorModel | None:
    """Build the model from FaceSettings' `impostors` (or `visit_impostors`: a door track's
    frames decided together), or None when it was never calibrated."""
    imp = face.visit_impostors if per_visit else face.impostors
    if imp.comparisons <= 0 or imp.tail_sd <= 0:
        return None
    return ImpostorModel(imp.comparisons, tuple(sorted(imp.lowest)), imp.tail_mean,
                         imp.tail_sd, tuple(imp.tail_cov))


class GalleryThreshold:
    """The threshold for a gallery's current size; recomputed, and logged, when the size
    changes.

    Without a calibrated model it is the fixed `threshold` from the settings.
    """

    def __init__(self, model: ImpostorModel | None, target_fpir: float, confidence: float,
                 fixed: float, ceiling: float | None = None, name: str = "one photo"):
        self.model = model
        self.name = name  # what is decided at once: "one photo" or "door visit", for the log
        self.target_fpir = target_fpir
        self.confidence = confidence
        self.fixed = fixed
        # Never looser than this, whatever a tiny gallery would allow.
        self.ceiling = ceiling if ceiling is not None else 2.0
        self._size: int | None = None
        self._value = fixed
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, face, per_visit: bool = False) -> GalleryThreshold:
        """The kiosk's threshold (one photo), or with `per_visit` the door's (a track)."""
        return cls(model_from_settings(face, per_visit), face.target_fpir, face.confidence,
                   face.threshold, face.max_threshold, "door visit" if per_visit else "one photo")

    def for_size(self, gallery_size: int) -> float:
        """Return the threshold for a gallery of this many templates."""
        if self.model is None:
            return self.fixed
        with self._lock:
            if gallery_size != self._size:
                # Logged at every change of size (an enrolment, a withdrawal), so the log
                # says which threshold each later decision used.
                value = min(self.model.threshold(gallery_size, self.target_fpir,
                                                 self.confidence), self.ceiling)
                log.info("face threshold (%s) %.4f for a gallery of %d (target FPIR %g at "
                         "%.0f %% confidence)", self.name, value, gallery_size,
                         self.target_fpir, 100 * self.confidence)
                self._size, self._value = gallery_size, value
            return self._value

    def for_gallery(self, gallery: Sequence) -> float:
        """Return the threshold for `gallery`'s current number of templates."""
        return self.for_size(len(gallery))
