"""`smartbranch bench faces`: door-camera CPU and memory, 1:N search, and accuracy.

Each part runs our method beside the naive baseline (face_recognition's example loop) in
the same run and prints the ratio. Parts: pipeline, search, accuracy (or all); and the
threshold model's studies (issue 16), which read every photo encoded once
(shared/evaluation/face_bank.py): gallery (FPIR against gallery size), scoring (the
variants tried), enrolment (near-duplicates, and what each extra photo buys).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from smartbranch.context import CliContext, CliError

PARTS = ("pipeline", "search", "accuracy")
STUDIES = ("gallery", "scoring", "enrolment")


@click.command("faces")
@click.option("--part", type=click.Choice([*PARTS, *STUDIES, "all"]), default="all",
              show_default=True, help="'all' runs the first three.")
@click.option("--faces", "faces_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Face data set [paths.shared_data_dir/faces].")
@click.option("--accuracy-part", type=click.Choice(["all", "calibration", "holdout"]),
              default="all", show_default=True,
              help="Which half of the data set the accuracy part scores.")
@click.option("--no-memory", is_flag=True, help="Skip the 1e5-gallery memory measurement.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Encodings kept between runs (studies; evaluation data only).")
@click.pass_obj
def faces_command(ctx: CliContext, part: str, faces_dir: Path | None, accuracy_part: str,
                  no_memory: bool, cache_path: Path | None) -> None:
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
    if part in STUDIES:
        result[part] = _study(part, faces_dir, settings, cache_path)
    if part in ("accuracy", "all"):
        from smartbranch.benchmarks import faces_accuracy

        result["accuracy"] = faces_accuracy.run(faces_dir, settings, part=accuracy_part)
    click.echo(json.dumps(result, indent=2))


def _study(part: str, faces_dir: Path, settings, cache_path: Path | None) -> dict:
    """Run one of the threshold model's studies on the data set encoded once."""
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from shared.biometrics.face.threshold_model import model_from_settings
    from shared.evaluation.encoding_cache import EncodingCache
    from shared.evaluation.face_bank import encode_bank
    from shared.evaluation.face_dataset import discover
    from shared.evaluation.face_encoding import probe_kind, stderr_progress

    face = settings.biometrics.face
    probe = probe_kind(face.mirror_probe, face.large_probe)  # as the kiosk searches
    cache = EncodingCache(cache_path) if cache_path else None
    bank = encode_bank(discover(faces_dir), DlibFaceEngine, progress=stderr_progress,
                       cache=cache)
    if cache is not None and cache.dirty:
        cache.save()
    out: dict = {"encode_seconds": round(bank.seconds, 1)}
    if part == "gallery":
        from smartbranch.benchmarks import faces_gallery

        model = model_from_settings(face)
        if model is None:
            raise CliError("no calibrated impostor model: run `faces calibrate` first")
        out["loose_threshold"] = faces_gallery.LOOSE
        out["rows"] = faces_gallery.curve(bank, model, model.tail_estimate(faces_gallery.LOOSE),
                                          face.target_fpir, face.confidence, face.margin,
                                          probe)
    elif part == "scoring":
        from smartbranch.benchmarks import faces_scoring

        out["rows"] = faces_scoring.run(bank, 3, face.target_fpir, face.confidence,
                                        face.margin, probe)
    else:
        from smartbranch.benchmarks import faces_enrolment

        names, _ = bank.half("calibration")
        out["near_duplicates"] = faces_enrolment.near_duplicates(bank, DlibFaceEngine(), names)
        out["extra_photos"] = faces_enrolment.extra_photos(
            bank, 194, face.target_fpir, face.confidence, face.margin)
    return out
