"""Sturdier scoring, tried on the calibration half and checked on the held-out half.

Each variant is scored as the product would ship it: its own threshold model fitted on
the calibration half, the threshold for a gallery of GALLERY at the target FPIR, then
FNIR and false matches on both halves (non-mated: strangers plus leave-one-identity-out).
Cohort variants shift each score by how near the probe (T-norm) or the template (Z-norm)
lies to its K nearest cohort faces: the other enrolled customers (shippable), or faces
of people never enrolled (the other half's strangers: not shippable, since keeping
strangers' templates is what we never do; tried to see what it would be worth).
Transform variants map every vector by a linear map fitted on the calibration half's
photos (centring on their mean; whitening the spread of one person's photos, WCCN with
shrinkage) before both halves are scored.
"""

from __future__ import annotations

import numpy as np

from shared.biometrics.gallery import unit_rows
from shared.evaluation.face_bank import FaceBank, probe_set, probe_vector, templates
from shared.evaluation.face_study import score_matrix
from shared.evaluation.impostor_fit import fit_impostors, impostor_distances
from shared.evaluation.thresholds import apply_margin, threshold_for_fpir

GALLERY = 194
COHORT_K = 10
VARIANTS = {
    "product: mean of jittered templates, the configured probe": {},
    "probe and mirror averaged (the product before)": {"probe_kind": "plain+mirror"},
    "plain probe (no mirror)": {"probe_kind": "plain"},
    "min distance over each photo's template": {"scoring": "min"},
    "quality-weighted mean template": {"scoring": "quality"},
    "templates of jittered, mirror and 68-point encodings": {"kind": "jittered+mirror+large"},
    "templates of jittered and mirror encodings": {"kind": "jittered+mirror"},
    "5-point alignment, unjittered enrolment, plain probe": {"kind": "plain",
                                                             "probe_kind": "plain"},
    "68-point alignment, unjittered enrolment, plain probe": {"kind": "large",
                                                              "probe_kind": "large"},
}
COHORTS = ("T-norm, other customers", "Z-norm, other customers",
           "T-norm, never-enrolled faces", "Z-norm, never-enrolled faces")
TRANSFORMS = {"centred on the calibration half's mean": None,  # the value: shrinkage
              "whitened within person (WCCN, shrinkage 0.5)": 0.5,
              "whitened within person (WCCN, shrinkage 0.9)": 0.9}


def _matrix(bank: FaceBank, part: str, enrol_n: int, product_probe: str, scoring="mean",
            kind="jittered", probe_kind=None):
    names, strangers = bank.half(part)
    probe_kind = probe_kind or product_probe
    tpl, owners, enrolled = templates(bank, names, enrol_n, scoring, kind)
    others = [x for x in names if x not in enrolled]
    probes, probe_owners = probe_set(bank, enrolled, others, enrol_n, strangers, probe_kind)
    return impostor_distances(tpl, owners, probes, np.full(len(probes), -2)), owners, \
        probe_owners, tpl, probes


def _normalised(bank: FaceBank, part: str, cohort: str, d, owners, tpl, probes):
    """Shift scores by the probe's or the template's nearness to a cohort."""
    if "other customers" in cohort:
        if cohort.startswith("T"):
            near = np.sort(d, axis=1)[:, 1:COHORT_K + 1].mean(axis=1)  # skip the best
            return d - (near - near.mean())[:, None]
        between = impostor_distances(tpl, owners, tpl, owners)
        near = np.sort(np.where(np.isfinite(between), between, np.inf), axis=1)
        near = near[:, :COHORT_K].mean(axis=1)
        return d - (near - near.mean())[None, :]
    _, strangers = bank.half("holdout" if part == "calibration" else "calibration")
    faces = unit_rows(np.stack([v for p in strangers if (v := probe_vector(p)) is not None]))
    side = probes if cohort.startswith("T") else tpl
    dc = impostor_distances(faces, np.arange(len(faces)), side, np.full(len(side), -2))
    near = np.sort(dc, axis=1)[:, :COHORT_K].mean(axis=1)
    return d - (near - near.mean())[:, None] if cohort.startswith("T") else \
        d - (near - near.mean())[None, :]


def linear_map(bank: FaceBank, shrinkage: float | None, probe: str):
    """Fit on the calibration half: centre on its photos' mean and, unless `shrinkage` is
    None, whiten the within-person scatter (shrunk towards its mean variance)."""
    names, strangers = bank.half("calibration")
    people = [unit_rows(np.stack(vs)) for n in names
              if len(vs := bank.probe_vectors(n, 0, probe)) > 1]
    faces = np.concatenate([*people, unit_rows(np.stack(
        [v for p in strangers if (v := probe_vector(p, probe)) is not None]))])
    mean = faces.mean(axis=0)
    if shrinkage is None:
        return lambda rows: unit_rows(rows - mean)
    spread = np.concatenate([p - p.mean(axis=0) for p in people])
    within = spread.T @ spread / len(spread)
    within = (1 - shrinkage) * within + shrinkage * np.trace(within) / len(within) * np.eye(
        len(within))
    values, vectors = np.linalg.eigh(within)
    whiten = vectors @ np.diag(values ** -0.5) @ vectors.T
    return lambda rows: unit_rows((rows - mean) @ whiten)


def run(bank: FaceBank, enrol_n: int, target_fpir: float, confidence: float,
        margin: float, product_probe: str) -> list[dict]:
    """One row per variant: threshold from the calibration half, figures on both halves.
    `product_probe` is the probe kind the settings configure (face_encoding.probe_kind)."""
    rows = []
    maps = {label: linear_map(bank, shrinkage, product_probe)
            for label, shrinkage in TRANSFORMS.items()}
    for label in (*VARIANTS, *COHORTS, *TRANSFORMS):
        opts = VARIANTS.get(label, {})
        row = {"variant": label}
        for part in ("calibration", "holdout"):
            d, owners, probe_owners, tpl, probes = _matrix(bank, part, enrol_n, product_probe,
                                                           **opts)
            if label in COHORTS:
                d = _normalised(bank, part, label, d, owners, tpl, probes)
            if label in maps:
                d = impostor_distances(maps[label](tpl), owners, maps[label](probes),
                                       np.full(len(probes), -2))
            scored = score_matrix(d, owners, probe_owners)
            if part == "calibration":
                model = fit_impostors(scored.impostor)
                row["threshold"] = model.threshold(GALLERY * len(d[0]) // len(set(owners)),
                                                   target_fpir, confidence)
            t = row["threshold"]
            rate, false, searches = scored.fpir(t, margin)
            oracle = threshold_for_fpir(apply_margin(
                scored.nonmated_best, scored.nonmated_second, margin), target_fpir)
            row[part] = {"fnir": round(scored.fnir(t, margin), 4), "fpir": round(rate, 4),
                         "false_matches": false, "nonmated": searches,
                         "oracle_fnir_at_target": round(scored.fnir(oracle, margin), 4)}
        rows.append(row)
    return rows
