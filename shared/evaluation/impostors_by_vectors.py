"""Fit one impostor model per number of vectors behind a template (issue 16).

A template is the mean of a customer's vectors (enrolment photos, later learned frames);
the mean of more lies nearer to everyone, so each count k gets its own model, fitted as
`faces calibrate` always fitted its one model, with k photos enrolled: the templates are
the calibration identities with at least k accepted enrolment photos, each the mean of its
first k; the probes are every identity's photos from the (k+1)th on and the strangers,
each against every other identity's template. The door's models score visits of
VISIT_FRAMES of those photos (plain encodings, disjoint groups) the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.biometrics.face.enrolment import (
    DEFAULT_SCORING,
    combine_templates,
    refuse_near_duplicates,
)
from shared.biometrics.face.threshold_model import ImpostorModel
from shared.biometrics.gallery import unit_rows
from shared.evaluation.face_bank import FaceBank, probe_set
from shared.evaluation.face_encoding import EncodedPhoto
from shared.evaluation.face_visits import score_visits, visits
from shared.evaluation.impostor_fit import fit_impostors, impostor_distances

# The counts fitted; the largest also serves every larger count. 5 was tried on the shipped
# data and not kept: its 55 calibration identities (probes from their 6th photo on) gave a
# threshold above 4's (0.2914 against 0.2865 for 194), so which few people have six photos,
# not the fifth photo, decided it (docs/BENCHMARKS.md).
# 1 is not fitted either: its model let 4 of 282 held-out leave-one-out searches through
# (0 of 378 on the calibration half), so a one-photo template takes the 2-photo model, which
# is stricter for it (a count uses the smallest fitted model when none is at or below it).
COUNTS = (2, 3, 4)
MIN_TEMPLATES = 20  # fewer identities with k photos: k is not fitted (a lower k serves)
MIN_VISITS = 20


@dataclass(frozen=True)
class CountFit:
    """The models for templates of `vectors` vectors, and what they were fitted on."""

    vectors: int
    templates: int
    photo: ImpostorModel
    visit: ImpostorModel | None
    visits: int


def enrolled_vectors(photos: list[EncodedPhoto], near_duplicate: float) -> list[np.ndarray]:
    """The encodings enrolment would store: gate passed, near-duplicates refused."""
    rows = refuse_near_duplicates([(p.path, p.code, p.reason, p.quality, p.vector)
                                   for p in photos], near_duplicate)
    return [v for _, code, _, _, v in rows if code == "ok" and v is not None]


def count_templates(accepted: list[list[np.ndarray]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit template rows (the mean of the first k vectors) of everyone with k, and their
    indices into `accepted`."""
    owners = [i for i, vectors in enumerate(accepted) if len(vectors) >= k]
    if not owners:
        return np.zeros((0, 128), dtype=np.float32), np.zeros(0, dtype=np.int64)
    rows = [combine_templates(np.stack(accepted[i][:k]), DEFAULT_SCORING) for i in owners]
    return unit_rows(np.concatenate(rows)), np.array(owners)


def fit_by_vectors(bank: FaceBank, names: list[str], strangers: list[EncodedPhoto],
                   near_duplicate: float, probe_kind: str, counts=COUNTS,
                   always: int | None = None) -> dict[int, CountFit]:
    """Fit the photo and visit models per count; `always` is fitted whatever its size."""
    accepted = [enrolled_vectors(bank.enrol.get(n, []), near_duplicate) for n in names]
    fits = {}
    for k in counts:
        templates, owners = count_templates(accepted, k)
        if len(templates) < (1 if k == always else MIN_TEMPLATES):
            continue
        # Photos enrolled at k are not probes at k, as when k photos are enrolled.
        probes, probe_owners = probe_set(bank, names, [], k, strangers, probe_kind)
        mated_visits = [(i, v) for i, n in enumerate(names)
                        for v in visits(bank.probe_vectors(n, k, "plain"))]
        photo = fit_impostors(impostor_distances(templates, owners, probes, probe_owners))
        visit = None
        if len(mated_visits) >= MIN_VISITS:
            scored = score_visits(templates, owners, mated_visits, "mean_encoding")
            visit = fit_impostors(scored["impostor"])
        fits[k] = CountFit(k, len(templates), photo, visit, len(mated_visits))
    return fits
