"""An opt-in file of evaluation photos' encodings, so repeated evaluations skip dlib.

Only for evaluation data sets (`faces eval`, `faces calibrate`, `bench faces` with
`--cache FILE`): it holds the data set's encodings, so it lives outside the repository
and is never pointed at customers' photos. A photo's entry is keyed by its path, size and
modification time and by how it was encoded, so an edited photo or another setting
encodes again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from shared.evaluation.face_encoding import EncodedPhoto, Job


def job_key(job: Job) -> str:
    """Key one encoding job by file identity and every setting that changes its result.

    Extra encodings are not part of the key: an entry holding more of them serves a job
    asking for fewer."""
    path = job[0]
    stat = os.stat(path)
    return json.dumps([str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, *job[1:4]])


class EncodingCache:
    """EncodedPhoto results by job, read from and written back to one .npz file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._entries: dict[str, EncodedPhoto] = {}
        self.dirty = False
        if self.path.exists():
            self._load()

    def __len__(self) -> int:
        return len(self._entries)

    def _load(self) -> None:
        with np.load(self.path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            rows = data["rows"]
        def row(i: int) -> np.ndarray | None:
            return rows[i].copy() if i >= 0 else None

        for key, path, code, reason, quality, v, p, extras in meta:
            self._entries[key] = EncodedPhoto(
                path, code, reason, quality, row(v), row(p),
                {name: row(i) for name, i in extras.items()},
            )

    def get(self, job: Job) -> EncodedPhoto | None:
        """Return the cached result, unless it lacks an extra encoding the job asks for."""
        photo = self._entries.get(job_key(job))
        wanted = job[4] if len(job) > 4 else ()
        if photo is None or (photo.code == "ok" and not set(wanted) <= set(photo.extras)):
            return None
        return photo

    def put(self, job: Job, photo: EncodedPhoto) -> None:
        self._entries[job_key(job)] = photo
        self.dirty = True

    def save(self) -> None:
        """Write every entry (atomically: a temporary file renamed over the old one)."""
        rows: list[np.ndarray] = []
        meta = []

        def row(vector: np.ndarray | None) -> int:
            if vector is None:
                return -1
            rows.append(np.asarray(vector, dtype=np.float32).ravel())
            return len(rows) - 1

        for key, p in self._entries.items():
            meta.append([key, p.path, p.code, p.reason, p.quality, row(p.vector), row(p.plain),
                         {name: row(v) for name, v in p.extras.items()}])
        matrix = np.stack(rows) if rows else np.zeros((0, 128), dtype=np.float32)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial.npz")
        np.savez(partial, meta=np.array(json.dumps(meta)), rows=matrix)
        os.replace(partial, self.path)
        self.dirty = False
