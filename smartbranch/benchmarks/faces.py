"""`smartbranch bench faces`: door-camera CPU and memory, 1:N search, and accuracy.

Each part runs our method beside the naive baseline (face_recognition's example loop) in
the same run and prints the ratio. Parts: pipeline, search, accuracy (or all).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from smartbranch.context import CliContext, CliError

PARTS = ("pipeline", "search", "accuracy")


@click.command("faces")
@click.option("--part", type=click.Choice([*PARTS, "all"]), default="all", show_default=True)
@click.option("--faces", "faces_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Face data set [paths.shared_data_dir/faces].")
@click.option("--accuracy-part", type=click.Choice(["all", "calibration", "holdout"]),
              default="all", show_default=True,
              help="Which half of the data set the accuracy part scores.")
@click.option("--no-memory", is_flag=True, help="Skip the 1e5-gallery memory measurement.")
@click.pass_obj
def faces_command(ctx: CliContext, part: str, faces_dir: Path | None, accuracy_part: str,
                  no_memory: bool) -> None:
    """Benchmark the face pipeline against the naive baseline; print one JSON object."""
    settings = ctx.settings
    faces_dir = faces_dir or Path(settings.paths.shared_data_dir) / "faces"
    if part != "search" and not faces_dir.is_dir():
        raise CliError(f"face data set not found at {faces_dir} (set --faces or "
                       "SMARTBRANCH_PATHS_SHARED_DATA_DIR)")
    face = settings.biometrics.face
    result: dict = {"threshold": face.threshold, "margin": face.margin,
                    "calibrated_on": face.calibrated_on}
    if part in ("pipeline", "all"):
        from smartbranch.benchmarks import faces_pipeline

        result["pipeline"] = faces_pipeline.run(faces_dir, threshold=face.threshold,
                                                margin=face.margin, memory=not no_memory)
    if part in ("search", "all"):
        from smartbranch.benchmarks import faces_search

        result["search"] = faces_search.run()
    if part in ("accuracy", "all"):
        from smartbranch.benchmarks import faces_accuracy

        result["accuracy"] = faces_accuracy.run(faces_dir, settings, part=accuracy_part)
    click.echo(json.dumps(result, indent=2))
