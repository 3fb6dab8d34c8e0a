"""`faces eval`'s per-visit figures: the door's decision over several photos of a person."""

from __future__ import annotations

import numpy as np

from shared.biometrics.gallery import GalleryIndex
from shared.evaluation.face_visits import RULES, VISIT_FRAMES, score_visits, visits


def per_visit(gallery: GalleryIndex, enc, customer_ids: dict[str, int], threshold: float,
              margin: float, photo_threshold: float, frames: int = VISIT_FRAMES) -> dict:
    """FNIR and FPIR per visit (and per photo on the same photos) for each rule, at the
    door's (per-visit) threshold.

    Visits are `frames` consecutive probe photos of an enrolled person; non-mated visits
    are the same photos searched without their own customer (leave-one-identity-out).
    """
    ids = sorted(gallery.customers)
    rows = [gallery.rows_of(c) for c in ids]
    if not rows:
        return {"visits": 0}
    templates = np.concatenate(rows)
    owners = np.concatenate([np.full(len(r), c) for c, r in zip(ids, rows, strict=True)])
    mated, one_by_one = [], []
    for name, photos in enc.mated.items():
        found = [p for p in photos if p.vector is not None]
        if customer_ids.get(name) not in gallery:
            continue
        # The door encodes its frames plainly (no mirror image); a photo alone is searched
        # as the kiosk searches it, at the one-photo threshold.
        mated += [(customer_ids[name], v) for v in visits([p.plain for p in found], frames)]
        one_by_one += [(customer_ids[name], v[:, None, :].reshape(len(v), 1, -1))
                       for v in visits([p.vector for p in found], frames)]
    out: dict = {"visits": len(mated), "frames_per_visit": frames,
                 "door_rule": "mean_encoding", "threshold": threshold, "margin": margin}
    if not mated:
        return out
    for rule in RULES:
        r = score_visits(templates, owners, mated, rule)
        hit = (r["owner"] == r["truth"]) & (r["best"] <= threshold) & (
            r["second"] - r["best"] >= margin)
        false = (r["nm_best"] <= threshold) & (r["nm_second"] - r["nm_best"] >= margin)
        out[rule] = {"fnir": round(float(1 - hit.mean()), 4),
                     "fpir_leave_one_out": round(float(false.mean()), 4),
                     "false_matches": int(false.sum())}
    single = score_visits(templates, owners, [(t, frame) for t, v in one_by_one for frame in v],
                          "min_distance")
    hit = (single["owner"] == single["truth"]) & (single["best"] <= photo_threshold) & (
        single["second"] - single["best"] >= margin)
    false = (single["nm_best"] <= photo_threshold) & (
        single["nm_second"] - single["nm_best"] >= margin)
    out["same_photos_one_by_one"] = {"threshold": photo_threshold,
                                     "fnir": round(float(1 - hit.mean()), 4),
                                     "fpir_leave_one_out": round(float(false.mean()), 4),
                                     "false_matches": int(false.sum())}
    return out
