"""Open-set scores from a gallery matrix and probes, for the threshold model's studies.

Every search is scored as GalleryIndex scores it (unit rows, euclidean). A probe of an
enrolled person is a mated search; a stranger's, or an enrolled person's searched without
their own rows (leave-one-identity-out), a non-mated one. The impostor matrix (every probe
against every other person's row) is what the threshold model is fitted to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.evaluation.impostor_fit import impostor_distances


@dataclass
class Scores:
    """Per mated search: own-row distance when ranked first (inf otherwise) and the best
    other; per non-mated search: best and second; and the impostor matrix."""

    mated_best: np.ndarray
    mated_second: np.ndarray
    nonmated_best: np.ndarray
    nonmated_second: np.ndarray
    impostor: np.ndarray
    rank1: float

    def fnir(self, threshold: float, margin: float = 0.0) -> float:
        ok = (self.mated_best <= threshold) & (self.mated_second - self.mated_best >= margin)
        return float(1 - ok.mean()) if len(ok) else 0.0

    def fpir(self, threshold: float, margin: float = 0.0) -> tuple[float, int, int]:
        """(rate, false matches, searches) at the threshold and margin."""
        hit = (self.nonmated_best <= threshold) & (
            self.nonmated_second - self.nonmated_best >= margin)
        return (float(hit.mean()) if len(hit) else 0.0), int(hit.sum()), len(hit)


def _best_two_owners(d: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per row: owner of the nearest column, its distance, the nearest other owner's."""
    idx = np.argmin(d, axis=1)
    best_owner = owners[idx]
    best = d[np.arange(len(d)), idx]
    other = np.where(owners[None, :] == best_owner[:, None], np.inf, d)
    return best_owner, best, other.min(axis=1) if d.shape[1] else best


def score(templates: np.ndarray, owners: np.ndarray, probes: np.ndarray,
          probe_owners: np.ndarray, leave_one_out: bool = True) -> Scores:
    """Score probes (owner -1: never enrolled) against unit template rows."""
    d = impostor_distances(templates, owners, probes, np.full(len(probes), -2))
    return score_matrix(d, owners, probe_owners, leave_one_out)


def score_matrix(d: np.ndarray, owners: np.ndarray, probe_owners: np.ndarray,
                 leave_one_out: bool = True) -> Scores:
    """Score a (probes, templates) matrix of scores (lower is closer)."""
    mated = probe_owners >= 0
    b_owner, best, second = _best_two_owners(d[mated], owners)
    truth = probe_owners[mated]
    mated_best = np.where(b_owner == truth, best, np.inf)
    imp = np.where(probe_owners[:, None] == owners[None, :], np.inf, d)
    _, s_best, s_second = _best_two_owners(imp[~mated], owners)
    nm_best, nm_second = [s_best], [s_second]
    if leave_one_out:
        _, l_best, l_second = _best_two_owners(imp[mated], owners)
        nm_best.append(l_best)
        nm_second.append(l_second)
    impostor = np.where(np.isfinite(imp), imp, np.nan)
    if not leave_one_out:
        impostor = impostor[~mated]
    return Scores(mated_best, second, np.concatenate(nm_best), np.concatenate(nm_second),
                  impostor, float(np.mean(b_owner == truth)) if len(truth) else 0.0)
