"""1:N search cost: the vectorised GalleryIndex against a naive per-template Python loop.

Run: .venv/bin/python -m smartbranch.benchmarks.faces_search [--sizes 100000 1000000]
Prints one JSON object. Timings run in a child process pinned to one BLAS thread, so the
figures are for one core whatever the caller's numpy was started with.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

TOLERANCE = 0.6
DIMENSION = 128


def _random_gallery(size: int, seed: int = 7):
    from shared.biometrics.gallery import GalleryIndex

    rng = np.random.default_rng(seed)
    gallery = GalleryIndex(DIMENSION, capacity=size)
    step = 100_000
    for start in range(0, size, step):
        n = min(step, size - start)
        vectors = rng.standard_normal((n, DIMENSION), dtype=np.float32)
        # Two templates per customer, as after a two-photo enrolment with scoring "min".
        gallery.add_many(np.arange(start, start + n) // 2, vectors)
    return gallery, rng


def _naive_loop(known: list[np.ndarray], probe: np.ndarray) -> list[bool]:
    """The library example's way: one distance per known encoding, in Python."""
    return [float(np.linalg.norm(k - probe)) <= TOLERANCE for k in known]


def _measure(size: int, probes: int, naive_sample: int) -> dict:
    gallery, rng = _random_gallery(size)
    queries = rng.standard_normal((probes + 3, DIMENSION), dtype=np.float32)
    for q in queries[:3]:
        gallery.search(q)  # warm caches
    times = []
    for q in queries[3:]:
        started = time.perf_counter()
        gallery.search(q)
        times.append(time.perf_counter() - started)
    ms = np.array(times) * 1000
    sample = [gallery._vectors[i].copy() for i in range(min(naive_sample, size))]
    started = time.perf_counter()
    _naive_loop(sample, queries[3])
    loop_seconds = time.perf_counter() - started
    # face_recognition.compare_faces: a list of encodings turned into an array per call.
    listed = [gallery._vectors[i] for i in range(size)]
    started = time.perf_counter()
    matches = np.linalg.norm(np.array(listed) - queries[3], axis=1) <= TOLERANCE
    compare_faces_seconds = time.perf_counter() - started
    return {
        "templates": size,
        "ours_ms_median": round(float(np.median(ms)), 3),
        "ours_ms_p95": round(float(np.percentile(ms, 95)), 3),
        "probes": probes,
        "naive_loop_ms": round(loop_seconds * 1000 * size / len(sample), 1),
        "naive_loop_note": (
            f"Python loop timed over {len(sample)} templates, scaled linearly to {size}"
            if len(sample) < size else "Python loop timed over every template"
        ),
        "compare_faces_style_ms": round(compare_faces_seconds * 1000, 1),
        "compare_faces_style_matches": int(matches.sum()),
        "compare_faces_note": "list of encodings -> array -> norm, timed once at full size",
    }


def child(sizes: list[int], probes: int, naive_sample: int) -> dict:
    """Time every size in this process (the parent pins BLAS to one thread)."""
    return {
        "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "results": [_measure(size, probes, naive_sample) for size in sizes],
    }


def run(sizes: tuple[int, ...] = (100_000, 1_000_000), probes: int = 100,
        naive_sample: int = 20_000) -> dict:
    """Run the search benchmark on one core in a child process; return its figures."""
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    cmd = [sys.executable, "-m", "smartbranch.benchmarks.faces_search", "--child",
           "--probes", str(probes), "--naive-sample", str(naive_sample),
           "--sizes", *map(str, sizes)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    result.update({
        "benchmark": "faces_search",
        "targets_ms": {"100000": 5, "1000000": 50},
        "method": "GalleryIndex.search: one float32 matrix-vector product, argmin, masked "
                  "argmin for the best other customer",
    })
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--probes", type=int, default=100)
    parser.add_argument("--naive-sample", type=int, default=20_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = child(args.sizes, args.probes, args.naive_sample)
    else:
        result = run(tuple(args.sizes), args.probes, args.naive_sample)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
