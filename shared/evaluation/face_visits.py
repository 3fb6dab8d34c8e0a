"""Per-visit decisions: several photos of one person decided together, as the door does.

A door track gives its best frames; the watcher averages their encodings and searches once
(kiosk/door/identify.py). Here a visit is VISIT_FRAMES photos of one identity that were
not enrolled (consecutive, disjoint groups in file order). Mated visits search the
gallery; non-mated visits are the same visits searched without their own identity
(leave-one-identity-out), since the strangers have one photo each.
"""

from __future__ import annotations

import numpy as np

from shared.biometrics.gallery import unit_rows

VISIT_FRAMES = 3
RULES = ("mean_encoding", "min_distance", "mean_distance")


def visits(vectors: list[np.ndarray], frames: int = VISIT_FRAMES) -> list[np.ndarray]:
    """Split one person's probe encodings into disjoint visits of `frames` (rest dropped)."""
    return [np.stack(vectors[i:i + frames]) for i in range(0, len(vectors) - frames + 1, frames)]


def visit_distances(frames: np.ndarray, templates: np.ndarray, rule: str) -> np.ndarray:
    """Distances from one visit (k, d) to every unit template row, by a decision rule.

    "mean_encoding" (the door's rule): the mean of the frames' unit encodings, searched
    once; "min_distance": each template's nearest frame; "mean_distance": the average.
    """
    f = unit_rows(frames)
    if rule == "mean_encoding":
        f = unit_rows(f.mean(axis=0, keepdims=True))
    d = np.sqrt(np.maximum(2.0 - 2.0 * f @ templates.T, 0.0))
    if rule in ("mean_encoding", "min_distance"):
        return d.min(axis=0)
    if rule == "mean_distance":
        return d.mean(axis=0)
    raise ValueError(f"unknown visit rule {rule!r}")


def best_two(distances: np.ndarray, owners: np.ndarray, exclude: int | None = None):
    """(owner, best distance, best other owner's distance) over template distances."""
    d = np.where(owners == exclude, np.inf, distances) if exclude is not None else distances
    i = int(np.argmin(d))
    other = np.where(owners == owners[i], np.inf, d)
    return int(owners[i]), float(d[i]), float(other.min()) if len(other) else np.inf


def score_visits(
    templates: np.ndarray,
    owners: np.ndarray,
    mated: list[tuple[int, np.ndarray]],
    rule: str = "mean_encoding",
) -> dict[str, np.ndarray]:
    """Score mated visits, and the same visits leave-one-identity-out as non-mated ones.

    Returns per visit: mated truth/owner/best/second and non-mated best/second, plus the
    (visits, templates) impostor distances the threshold model is fitted to.
    """
    units = unit_rows(templates)
    out = {k: [] for k in ("owner", "truth", "best", "second", "nm_best", "nm_second")}
    impostor = []
    for truth, frames in mated:
        d = visit_distances(frames, units, rule)
        owner, best, second = best_two(d, owners)
        _, nm_best, nm_second = best_two(d, owners, exclude=truth)
        for key, value in zip(out, (owner, truth, best, second, nm_best, nm_second),
                              strict=True):
            out[key].append(value)
        impostor.append(np.where(owners == truth, np.nan, d))
    result = {k: np.array(v) for k, v in out.items()}
    result["impostor"] = np.array(impostor) if impostor else np.zeros((0, len(owners)))
    return result
