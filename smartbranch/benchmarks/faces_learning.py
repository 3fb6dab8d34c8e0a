"""`smartbranch bench faces-learning`: templates that learn on a timeline of door visits.

Encodes the data set's held-out half by default (people the threshold was not calibrated
on), then runs shared.evaluation.face_learning: a static gallery against one that learns
from confirmed visits, on the same seeded timeline, at the threshold the product would
choose for that gallery's make-up (shared.biometrics.face.threshold_model) and its margin,
and a wrong-confirmation experiment with its undo. The static gallery is the baseline; the
ratio is its FNIR over the learning one's.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from smartbranch.context import CliContext, CliError


@click.command("faces-learning")
@click.option("--faces", "faces_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Face data set [paths.shared_data_dir/faces].")
@click.option("--part", type=click.Choice(["all", "calibration", "holdout"]),
              default="holdout", show_default=True)
@click.option("--enrol", "enrol_n", type=click.IntRange(1), default=2, show_default=True)
@click.option("--seed", type=int, default=16, show_default=True)
@click.option("--threshold", type=float, default=None,
              help="A fixed decision threshold [the product's for the simulated gallery].")
@click.option("--processes", type=click.IntRange(1), default=2, show_default=True)
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="An encoding cache file for the data set (outside the repository).")
@click.pass_obj
def faces_learning_command(ctx: CliContext, faces_dir: Path | None, part: str, enrol_n: int,
                           seed: int, threshold: float | None, processes: int,
                           cache: Path | None) -> None:
    """Measure what confirmed visits teach the gallery, and what a wrong one costs (JSON)."""
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from shared.biometrics.face.enrolment import ENROL_JITTERS
    from shared.biometrics.face.threshold_model import GalleryThreshold
    from shared.evaluation.face_dataset import discover, split
    from shared.evaluation.face_encoding import encode_dataset, stderr_progress
    from shared.evaluation.face_learning import simulate

    settings = ctx.settings
    faces_dir = faces_dir or Path(settings.paths.shared_data_dir) / "faces"
    if not faces_dir.is_dir():
        raise CliError(f"face data set not found at {faces_dir} (set --faces or "
                       "SMARTBRANCH_PATHS_SHARED_DATA_DIR)")
    face, learn = settings.biometrics.face, settings.biometrics.learning
    store = None
    if cache is not None:
        from shared.evaluation.encoding_cache import EncodingCache

        store = EncodingCache(cache)
    data = split(discover(faces_dir), part)
    enc = encode_dataset(data, enrol_n, DlibFaceEngine, ENROL_JITTERS, processes,
                         stderr_progress, face.min_face_px, cache=store)
    if store is not None:
        store.save()
    # The product's per-photo threshold for the gallery's make-up, as the kiosk chooses it.
    chosen = threshold or GalleryThreshold.from_settings(face).for_composition
    result = simulate(enc, chosen, face.margin, learn.max_distance_share, learn.max_learned,
                      seed)
    click.echo(json.dumps({"data": data.describe(), "encode_seconds": round(enc.seconds, 1),
                           **result}, indent=2))
