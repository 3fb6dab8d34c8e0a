"""Identification accuracy: our method against the library example's, on the same photos.

Run: .venv/bin/python -m smartbranch.benchmarks.faces_accuracy [DATASET] [--part holdout]
Prints one JSON object. Both methods score the same encodings in the same process: ours
(mean of jittered, unit-length enrolment encodings; calibrated threshold and margin) and
the naive baseline (one plain template per photo, nearest neighbour, tolerance 0.6).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run(dataset: Path, settings, enrol_n: int = 2, part: str = "all", processes: int = 2) -> dict:
    """Evaluate through `faces eval` and lay ours and the baseline side by side."""
    from shared.evaluation.face import run_eval

    result = run_eval(dataset, settings, enrol_n=enrol_n, part=part, processes=processes)
    base = result["baseline"]
    ours_at = result["fnir_at_fpir"]
    ratio = {
        fpir: round(ours_at[fpir]["fnir"] / base["fnir_at_fpir"][fpir]["fnir"], 3)
        if base["fnir_at_fpir"][fpir]["fnir"] else None
        for fpir in ours_at
    }
    return {
        "benchmark": "faces_accuracy",
        "dataset": str(dataset),
        "part": part,
        "enrol_photos": enrol_n,
        "identities": result["identities"],
        "mated_probes": result["mated_probes"],
        "nonmated_probes": result["nonmated_probes"],
        "ours": {
            "method": result["method"],
            "threshold": result["threshold"],
            "margin": result["margin"],
            "calibrated_on": result["calibrated_on"],
            "rank1": result["rank1"],
            "fnir_at_configured_threshold": result["fnir"],
            "fpir_at_configured_threshold": result["fpir"],
            "fnir_at_fpir": ours_at,
        },
        "baseline": base,
        "fnir_ratio_ours_to_baseline": ratio,
        "note": "fnir_at_fpir rows use thresholds picked on the scored data (oracle) for "
                "both methods; the configured-threshold figures are the honest operating point",
        "seconds": result["seconds"],
    }


def main(argv: list[str] | None = None) -> int:
    from shared.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=None)
    parser.add_argument("--part", default="all", choices=["all", "calibration", "holdout"])
    parser.add_argument("--enrol", type=int, default=2)
    args = parser.parse_args(argv)
    settings = load_settings()
    dataset = args.dataset or settings.paths.shared_data_dir / "faces"
    print(json.dumps(run(dataset, settings, args.enrol, args.part)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
