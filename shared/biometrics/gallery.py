"""The in-memory gallery: a float32 matrix searched in one vectorised pass per probe."""

from __future__ import annotations

import threading

import numpy as np

from shared.biometrics.matching import Candidate

_INITIAL_CAPACITY = 1024


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length (zero rows stay zero)."""
    rows = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.where(norms == 0, 1, norms)


class GalleryIndex:
    """Rows of (customer id, vector); search returns the best and the best other customer.

    With `normalise` (the default) rows and probes are scaled to unit length, which makes
    distances depend on direction only (a monotonic function of cosine similarity): on
    ../shared/data/faces that cut FNIR at FPIR 0.3% by about a quarter against raw vectors.

    Each row also records how many vectors were averaged into it (enrolment photos and
    learned frames): a mean of more vectors lies nearer to everyone, so the threshold
    reads the gallery's `composition()`, not only its size.
    """

    def __init__(
        self, dimension: int = 128, capacity: int = _INITIAL_CAPACITY, normalise: bool = True
    ):
        self.dimension = dimension
        self.normalise = normalise
        self._vectors = np.zeros((max(capacity, 1), dimension), dtype=np.float32)
        self._sqnorms = np.zeros(max(capacity, 1), dtype=np.float32)
        self._labels = np.zeros(max(capacity, 1), dtype=np.int64)
        self._per_row = np.zeros(max(capacity, 1), dtype=np.int32)  # vectors behind a row
        self._size = 0
        # One lock for readers and writers: a search takes milliseconds, and removal after
        # a consent withdrawal must be visible to the very next search.
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return self._size

    def __contains__(self, customer_id: int) -> bool:
        with self._lock:
            return bool(np.any(self._labels[: self._size] == customer_id))

    @property
    def customers(self) -> set[int]:
        with self._lock:
            return {int(c) for c in np.unique(self._labels[: self._size])}

    def _grow(self, needed: int) -> None:
        capacity = self._vectors.shape[0]
        if needed <= capacity:
            return
        new_capacity = max(needed, capacity * 2)
        for name in ("_vectors", "_sqnorms", "_labels", "_per_row"):
            old = getattr(self, name)
            new = np.zeros((new_capacity, *old.shape[1:]), dtype=old.dtype)
            new[: self._size] = old[: self._size]
            setattr(self, name, new)

    def add(self, customer_id: int, vectors: np.ndarray, vectors_per_row=1) -> None:
        """Add one or more rows for a customer, each the mean of `vectors_per_row` vectors."""
        rows = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        self.add_many(np.full(len(rows), customer_id, dtype=np.int64), rows, vectors_per_row)

    def add_many(self, customer_ids: np.ndarray, vectors: np.ndarray,
                 vectors_per_row=1) -> None:
        """Add rows in bulk: customer_ids[i] owns vectors[i], the mean of vectors_per_row[i]
        vectors (one number for all rows, or one per row)."""
        ids = np.asarray(customer_ids, dtype=np.int64).ravel()
        rows = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        per_row = np.broadcast_to(np.asarray(vectors_per_row, dtype=np.int32), ids.shape)
        if len(ids) != len(rows):
            raise ValueError("one customer id per row is needed")
        if not np.all(np.isfinite(rows)):
            raise ValueError("template vectors must be finite")
        if np.any(per_row < 1):
            raise ValueError("a row stands for at least one vector")
        if self.normalise:
            rows = unit_rows(rows)
        with self._lock:
            start = self._size
            self._grow(start + len(rows))
            self._vectors[start : start + len(rows)] = rows
            self._sqnorms[start : start + len(rows)] = np.einsum("ij,ij->i", rows, rows)
            self._labels[start : start + len(rows)] = ids
            self._per_row[start : start + len(rows)] = per_row
            self._size += len(rows)

    def rows_of(self, customer_id: int) -> np.ndarray:
        """Return a copy of a customer's rows (empty when absent)."""
        with self._lock:
            return self._vectors[: self._size][self._labels[: self._size] == customer_id].copy()

    def vectors_per_row_of(self, customer_id: int) -> np.ndarray:
        """Return how many vectors are behind each of a customer's rows (as rows_of)."""
        with self._lock:
            return self._per_row[: self._size][self._labels[: self._size] == customer_id].copy()

    def composition(self) -> dict[int, int]:
        """Return {vectors behind a row: rows}, the gallery's make-up the threshold reads."""
        with self._lock:
            counts = np.bincount(self._per_row[: self._size])
        return {int(k): int(n) for k, n in enumerate(counts) if n}

    def replace_customer(self, customer_id: int, vectors: np.ndarray | None,
                         vectors_per_row=1) -> None:
        """Swap a customer's rows for `vectors` (or drop them) in one step searches never split."""
        with self._lock:
            self.remove_customer(customer_id)
            if vectors is not None and len(vectors):
                self.add(customer_id, vectors, vectors_per_row)

    def remove_customer(self, customer_id: int) -> int:
        """Drop every row of a customer at once and zero their memory; return rows removed."""
        with self._lock:
            n = self._size
            keep = self._labels[:n] != customer_id
            removed = n - int(keep.sum())
            if removed:
                kept = int(keep.sum())
                self._vectors[:kept] = self._vectors[:n][keep]
                self._sqnorms[:kept] = self._sqnorms[:n][keep]
                self._labels[:kept] = self._labels[:n][keep]
                self._per_row[:kept] = self._per_row[:n][keep]
                # Overwrite the freed tail so no copy of the vectors lingers in our buffers.
                self._vectors[kept:n] = 0
                self._sqnorms[kept:n] = 0
                self._labels[kept:n] = 0
                self._per_row[kept:n] = 0
                self._size = kept
            return removed

    def search(self, probe: np.ndarray) -> list[Candidate]:
        """Return [best] + [best of another customer] (fewer if the gallery is that small)."""
        q = np.asarray(probe, dtype=np.float32).ravel()
        if self.normalise:
            q = unit_rows(q)
        with self._lock:
            n = self._size
            if n == 0:
                return []
            d2 = self._sqnorms[:n] - 2.0 * (self._vectors[:n] @ q)
            best = int(np.argmin(d2))
            best_label = int(self._labels[best])
            qq = float(q @ q)
            found = [Candidate(best_label, _distance(d2[best], qq))]
            others = np.where(self._labels[:n] == best_label, np.inf, d2)
            second = int(np.argmin(others))
            if np.isfinite(others[second]):
                found.append(Candidate(int(self._labels[second]), _distance(others[second], qq)))
            return found

    def search_many(self, probes: np.ndarray, chunk: int = 256) -> list[list[Candidate]]:
        """Search several probes with one matrix product per chunk."""
        qs = np.asarray(probes, dtype=np.float32).reshape(-1, self.dimension)
        if self.normalise:
            qs = unit_rows(qs)
        results: list[list[Candidate]] = []
        with self._lock:
            n = self._size
            if n == 0:
                return [[] for _ in qs]
            labels = self._labels[:n]
            for start in range(0, len(qs), chunk):
                block = qs[start : start + chunk]
                d2 = self._sqnorms[:n][None, :] - 2.0 * (block @ self._vectors[:n].T)
                best = np.argmin(d2, axis=1)
                best_labels = labels[best]
                others = np.where(labels[None, :] == best_labels[:, None], np.inf, d2)
                second = np.argmin(others, axis=1)
                qq = np.einsum("ij,ij->i", block, block)
                for i in range(len(block)):
                    row = [Candidate(int(best_labels[i]), _distance(d2[i, best[i]], qq[i]))]
                    j = second[i]
                    if np.isfinite(others[i, j]):
                        row.append(Candidate(int(labels[j]), _distance(others[i, j], qq[i])))
                    results.append(row)
        return results


def _distance(partial_d2: float, probe_sqnorm: float) -> float:
    return float(np.sqrt(max(float(partial_d2) + float(probe_sqnorm), 0.0)))
