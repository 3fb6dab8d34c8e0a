"""Enrolment guidance: how near a repeated photo lies, and what each extra photo buys.

Near-duplicates: the first photo of each calibration identity is re-encoded as an
enrolment photo after what a burst or a re-send does to it (a 4 px shift, 10 % brighter,
JPEG quality 75); its distance to the original's encoding is set beside the distances
between different photos of one person. Extra photos: FNIR at the threshold the model
gives for a fixed gallery, enrolling 1 to 4 photos, on the same probes (photos 5 on).
"""

from __future__ import annotations

import io

import numpy as np

from shared.biometrics.face.dlib_engine import DlibFaceEngine
from shared.biometrics.face.enrolment import encode_photo
from shared.biometrics.face.images import load_image
from shared.biometrics.gallery import unit_rows
from shared.evaluation.face_bank import MAX_ENROL, FaceBank, probe_set, templates
from shared.evaluation.face_study import score
from shared.evaluation.impostor_fit import fit_impostors


def _retaken(rgb: np.ndarray) -> np.ndarray:
    """The same photo as a burst's next frame or a re-send: shifted, brighter, recompressed."""
    from PIL import Image

    shifted = np.roll(rgb, (4, 4), axis=(0, 1)).astype(np.float32) * 1.1
    buffer = io.BytesIO()
    Image.fromarray(np.clip(shifted, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=75)
    return load_image(buffer.getvalue())


def near_duplicates(bank: FaceBank, engine, names: list[str], limit: int = 40) -> dict:
    """Distances of re-taken photos to their originals, and of different photos of a person."""
    same, different = [], []
    for name in names:
        photos = [p for p in bank.enrol.get(name, []) if p.vector is not None]
        units = unit_rows(np.stack([p.vector for p in photos])) if photos else []
        for i in range(len(photos)):
            for j in range(i + 1, len(photos)):
                different.append(float(np.linalg.norm(units[i] - units[j])))
        if photos and len(same) < limit:
            code, _, _, vector = encode_photo(engine, _retaken(load_image(photos[0].path)))
            if code == "ok":
                same.append(float(np.linalg.norm(unit_rows(vector).ravel() - units[0])))
    same_a, diff_a = np.array(same), np.array(different)

    limit = DlibFaceEngine.near_duplicate

    def refused(values: np.ndarray) -> float | None:
        return round(float(np.mean(values < limit)), 4) if len(values) else None

    return {
        "retaken_photos": len(same_a),
        "retaken_distance": _quantiles(same_a),
        "different_photo_pairs": len(diff_a),
        "different_distance": _quantiles(diff_a),
        "near_duplicate_limit": DlibFaceEngine.near_duplicate,
        "retaken_refused": refused(same_a),
        "different_refused": refused(diff_a),
    }


def _quantiles(values: np.ndarray) -> dict:
    if not len(values):
        return {}
    qs = {"min": 0, "p5": 5, "median": 50, "p95": 95, "max": 100}
    return {k: round(float(np.percentile(values, q)), 4) for k, q in qs.items()}


def extra_photos(bank: FaceBank, gallery_size: int, target_fpir: float, confidence: float,
                 margin: float) -> list[dict]:
    """Per enrolment count: the model's threshold (fitted on the calibration half at that
    count) and FNIR on both halves; the same probes for every count."""
    rows = []
    for n in range(1, MAX_ENROL + 1):
        row = {"enrol_photos": n}
        model = None
        for part in ("calibration", "holdout"):
            names, strangers = bank.half(part)
            names = [x for x in names if len(bank.probes[x]) > MAX_ENROL]
            tpl, owners, enrolled = templates(bank, names, n)
            others = [x for x in names if x not in enrolled]
            probes, probe_owners = probe_set(bank, enrolled, others, MAX_ENROL, strangers)
            scored = score(tpl, owners, probes, probe_owners)
            if model is None:
                model = fit_impostors(scored.impostor)
                row["threshold"] = model.threshold(gallery_size, target_fpir, confidence)
            rate, false, searches = scored.fpir(row["threshold"], margin)
            row[part] = {"identities": len(enrolled), "fnir": round(scored.fnir(
                row["threshold"], margin), 4), "fpir": round(rate, 4), "false_matches": false,
                "nonmated": searches}
        rows.append(row)
    return rows
