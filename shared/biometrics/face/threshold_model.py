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

A template is the mean of a customer's vectors (enrolment photos, learned door frames),
and a mean of more vectors lies nearer to everyone, so p depends on that count k. With a
model per calibrated k, a gallery of N_k templates of k vectors has

    FPIR(t) = 1 - prod_k (1 - p_k(t))^(N_k),

each p_k bounded at the configured confidence on its own. Together they hold with at
least 1 - (number of counts) x (1 - confidence) (Bonferroni); the models are fitted on
largely the same people and probes, so their errors move together and the joint confidence
is nearer each one's.
"""

from __future__ import annotations

import logging
import math
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from shared.biometrics.face.binomial import clopper_pearson_upper

log = logging.getLogger(__name__)
_STD = NormalDist()
EMPIRICAL_MIN = 5
# Vectors behind each template of the settings' `impostors` model unless they say: the
# enrolment guidance's three photos.
DEFAULT_VECTORS = 3


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
        return mixed_fpir_upper([(self, gallery_size)], t, confidence)

    def threshold(self, gallery_size: int, target_fpir: float, confidence: float,
                  ceiling: float = 2.0) -> float:
        """Largest t (4 decimals, at most `ceiling`) with bounded FPIR(t, N) <= target."""
        return mixed_threshold([(self, max(gallery_size, 1))], target_fpir, confidence, ceiling)


Parts = Sequence[tuple[ImpostorModel, int]]  # (model, templates it stands for)


def mixed_fpir_upper(parts: Parts, t: float, confidence: float) -> float:
    """Bounded FPIR(t) = 1 - prod (1 - p_upper(t))^N over (model, N) parts."""
    keep = sum(n * math.log1p(-min(m.p_upper(t, confidence), 1 - 1e-15)) for m, n in parts)
    return -math.expm1(keep)


def mixed_threshold(parts: Parts, target_fpir: float, confidence: float,
                    ceiling: float = 2.0) -> float:
    """Largest t (4 decimals, at most `ceiling`) with bounded mixed FPIR(t) <= target."""
    lo, hi = 0.0, ceiling
    if mixed_fpir_upper(parts, hi, confidence) <= target_fpir:
        return ceiling
    for _ in range(60):  # every p_upper grows with t, so bisection finds the crossing
        mid = (lo + hi) / 2
        if mixed_fpir_upper(parts, mid, confidence) <= target_fpir:
            lo = mid
        else:
            hi = mid
    return math.floor(lo * 10_000) / 10_000


def _model(imp) -> ImpostorModel | None:
    if imp.comparisons <= 0 or imp.tail_sd <= 0:
        return None
    return ImpostorModel(imp.comparisons, tuple(sorted(imp.lowest)), imp.tail_mean,
                         imp.tail_sd, tuple(imp.tail_cov))


def model_from_settings(face, per_visit: bool = False) -> ImpostorModel | None:
    """Build the model from FaceSettings' `impostors` (or `visit_impostors`: a door track's
    frames decided together), or None when it was never calibrated."""
    return _model(face.visit_impostors if per_visit else face.impostors)


def models_by_vectors(face, per_visit: bool = False) -> dict[int, ImpostorModel]:
    """Every calibrated model by the vectors behind a template: the main one at
    `impostor_vectors`, and the `*_by_vectors` ones (empty when never calibrated)."""
    main = model_from_settings(face, per_visit)
    if main is None:
        return {}
    more = face.visit_impostors_by_vectors if per_visit else face.impostors_by_vectors
    models = {int(k): m for k, imp in more.items() if (m := _model(imp)) is not None}
    models[face.impostor_vectors] = main
    return models


class GalleryThreshold:
    """The threshold for a gallery as it is now; recomputed, and logged, when its make-up
    (templates by the vectors behind them) changes.

    Without a calibrated model it is the fixed `threshold` from the settings. `model` is
    for templates of `vectors` vectors; `by_vectors` adds models for other counts. A count
    uses the model of the largest calibrated count at or below it, or the smallest one
    (fewer vectors than any calibrated: that model is the stricter).
    """

    def __init__(self, model: ImpostorModel | None, target_fpir: float, confidence: float,
                 fixed: float, ceiling: float | None = None, name: str = "one photo", *,
                 vectors: int = DEFAULT_VECTORS,
                 by_vectors: Mapping[int, ImpostorModel] | None = None):
        self.model = model
        self.vectors = vectors
        self.models = {} if model is None else {**(by_vectors or {}), vectors: model}
        self.name = name  # what is decided at once: "one photo" or "door visit", for the log
        self.target_fpir = target_fpir
        self.confidence = confidence
        self.fixed = fixed
        # Never looser than this, whatever a tiny gallery would allow.
        self.ceiling = ceiling if ceiling is not None else 2.0
        self._parts: tuple | None = None
        self._value = fixed
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, face, per_visit: bool = False) -> GalleryThreshold:
        """The kiosk's threshold (one photo), or with `per_visit` the door's (a track)."""
        return cls(model_from_settings(face, per_visit), face.target_fpir, face.confidence,
                   face.threshold, face.max_threshold, "door visit" if per_visit else "one photo",
                   vectors=face.impostor_vectors, by_vectors=models_by_vectors(face, per_visit))

    def count_for(self, vectors: int) -> int:
        """The calibrated count whose model stands for templates of `vectors` vectors."""
        counts = sorted(self.models)
        return max((k for k in counts if k <= vectors), default=counts[0])

    def parts(self, composition: Mapping[int, int]) -> tuple[tuple[int, int], ...]:
        """(calibrated count, templates) for {vectors: templates}, counts that share a model
        merged."""
        merged: Counter[int] = Counter()
        for k, n in composition.items():
            if n > 0:
                merged[self.count_for(k)] += n
        return tuple(sorted(merged.items()))

    def fpir_upper(self, t: float, composition: Mapping[int, int]) -> float:
        """Bounded FPIR(t) for a gallery of {vectors: templates} (with a model)."""
        parts = self.parts(composition) or ((self.vectors, 1),)
        return mixed_fpir_upper([(self.models[k], n) for k, n in parts], t, self.confidence)

    def for_size(self, gallery_size: int) -> float:
        """Return the threshold for a gallery of this many templates of `vectors` vectors."""
        return self.for_composition({self.vectors: gallery_size})

    def for_composition(self, composition: Mapping[int, int]) -> float:
        """Return the threshold for a gallery of composition[k] templates of k vectors."""
        if self.model is None:
            return self.fixed
        parts = self.parts(composition)
        with self._lock:
            if parts != self._parts:
                # An empty gallery decides nothing; it gets a gallery of one's threshold.
                models = [(self.models[k], n) for k, n in parts] or [(self.model, 1)]
                value = min(mixed_threshold(models, self.target_fpir, self.confidence),
                            self.ceiling)
                # Logged at every change (an enrolment, a withdrawal, a learned frame), so
                # the log says which threshold each later decision used.
                log.info("face threshold (%s) %.4f for a gallery of %d%s (target FPIR %g at "
                         "%.0f %% confidence)", self.name, value, sum(n for _, n in parts),
                         self._describe(parts), self.target_fpir, 100 * self.confidence)
                self._parts, self._value = parts, value
            return self._value

    def for_gallery(self, gallery: Sequence) -> float:
        """Return the threshold for `gallery` now: by its composition() where it has one
        (a GalleryIndex), else by its length."""
        composition = getattr(gallery, "composition", None)
        if composition is None:
            return self.for_size(len(gallery))
        return self.for_composition(composition())

    def _describe(self, parts) -> str:
        if len(self.models) < 2:
            return ""
        top = max(self.models)
        return " (templates by vectors: " + ", ".join(
            f"{k}{'+' if k == top else ''}: {n}" for k, n in parts) + ")"
