"""FPIR against gallery size: measured on random galleries, and the model beyond the data.

The model is fitted on the calibration half (as `faces calibrate` does). Galleries of N
identities are drawn at random, DRAWS times, from the held-out half (up to its size) and
from the whole set (beyond it; that includes the calibration half, so those rows check the
model's shape rather than its honesty); the strangers of the same part are the non-mated
searches. Two thresholds per N: the one the product picks for N, and a fixed loose one
(LOOSE) where false matches are frequent enough to see FPIR grow with N beside the
model's point estimate 1 - (1 - p(t))^N.
"""

from __future__ import annotations

import numpy as np

from shared.biometrics.face.threshold_model import ImpostorModel
from shared.evaluation.face_bank import FaceBank, probe_set, templates
from shared.evaluation.face_study import score

SIZES = (10, 20, 50, 88, 150, 194)
MODELLED = (1_000, 10_000, 100_000)
DRAWS = 20
LOOSE = 0.38


def _draws(bank: FaceBank, part: str, size: int, rng, draws: int, enrol_n: int,
           probe_kind: str):
    names, strangers = bank.half(part)
    for _ in range(draws if size < len(names) else 1):
        chosen = sorted(rng.choice(names, size, replace=False))
        tpl, owners, enrolled = templates(bank, list(chosen), enrol_n)
        # Probes as the kiosk searches them (the views the settings configure).
        probes, probe_owners = probe_set(bank, enrolled, [], enrol_n, strangers, probe_kind)
        yield score(tpl, owners, probes, probe_owners, leave_one_out=False)


def curve(bank: FaceBank, model: ImpostorModel, p_hat_loose: float, target_fpir: float,
          confidence: float, margin: float, probe_kind: str, enrol_n: int = 3,
          draws: int = DRAWS, seed: int = 7) -> list[dict]:
    """One row per gallery size: the chosen threshold, measured and modelled FPIR, FNIR
    (galleries enrolled from `enrol_n` photos each, as the model was calibrated; probes
    of the configured `probe_kind`)."""
    rng = np.random.default_rng(seed)
    rows = []
    for size in (*SIZES, *MODELLED):
        t = model.threshold(size, target_fpir, confidence)
        row = {"gallery": size, "threshold": t,
               "bounded_fpir": round(model.fpir_upper(t, size, confidence), 6),
               "modelled_fpir_at_loose": round(1 - (1 - p_hat_loose) ** size, 4)}
        part = "holdout" if size <= len(bank.half("holdout")[0]) else "all"
        if size > len(bank.half("all")[0]):
            # Beyond the data: misses at that threshold on the held-out gallery (its 88
            # rivals, not N: optimistic, since more rivals can also outrank the customer).
            held = next(_draws(bank, "holdout", len(bank.half("holdout")[0]), rng, 1, enrol_n,
                              probe_kind))
            row["fnir_holdout_gallery"] = round(held.fnir(t, margin), 4)
        else:
            false = searches = loose = 0
            fnirs = []
            for scored in _draws(bank, part, size, rng, draws, enrol_n, probe_kind):
                _, f, n = scored.fpir(t, margin)
                false, searches = false + f, searches + n
                loose += scored.fpir(LOOSE, 0.0)[1]
                fnirs.append(scored.fnir(t, margin))
            row.update({"measured_on": part, "false_matches": false, "nonmated": searches,
                        "measured_fpir": round(false / searches, 5),
                        "measured_fpir_at_loose": round(loose / searches, 4),
                        "fnir": round(float(np.mean(fnirs)), 4)})
        rows.append(row)
    return rows
