"""`smartbranch faces`: enrol customers' faces, evaluate and calibrate identification."""

from __future__ import annotations

import json
from pathlib import Path

import click

from shared.events import create_bus
from smartbranch.commands.checks import migrated_session
from smartbranch.commands.enrolment import (
    echo_calibration,
    echo_enrolment,
    enrolment_refusals,
    require_template_cipher,
)
from smartbranch.context import CliContext, CliError

PARTS = click.Choice(["all", "calibration", "holdout"])


@click.group()
def faces() -> None:
    """Face enrolment, evaluation and threshold calibration."""


@faces.command("enrol")
@click.option("--customer", "customer_id", type=int, required=True, help="Customer id.")
@click.option("--replace", is_flag=True, help="Delete the customer's face templates first.")
@click.option("--min-photos", type=int, default=1, show_default=True,
              help="Refuse unless at least this many photos pass the quality gate.")
@click.argument("photos", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.pass_obj
def enrol(ctx: CliContext, customer_id: int, replace: bool, min_photos: int,
          photos: tuple[Path, ...]) -> None:
    """Enrol a consenting customer from PHOTO files or folders (all or nothing)."""
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from shared.biometrics.face.enrolment import enrol_face
    from shared.biometrics.face.images import image_files

    settings = ctx.settings
    cipher = require_template_cipher(settings)
    files = image_files(list(photos))
    if not files:
        raise CliError("no image files found in the given folders")
    engine = DlibFaceEngine(settings.biometrics.face.model_version)
    with enrolment_refusals(), migrated_session(settings) as session:
        # With the Redis bus, running door cameras pick the new templates up at once.
        bus = create_bus(settings)
        result = enrol_face(
            session, engine, cipher, customer_id, files, replace=replace,
            min_photos=min_photos, min_face_px=settings.biometrics.face.min_face_px,
            bus=bus,
        )
    bus.close()  # after the commit, which publishes the enrolment
    echo_enrolment(result, "face")


def open_cache(path: Path | None):
    """The EncodingCache at `path`, or None."""
    if path is None:
        return None
    from shared.evaluation.encoding_cache import EncodingCache

    return EncodingCache(path)


@faces.command("eval")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--enrol", "enrol_n", type=click.IntRange(1), default=2, show_default=True,
              help="Photos enrolled per identity (the first N by file name).")
@click.option("--enrol-mix", default=None, metavar="N,M,...",
              help="Instead of --enrol: identities, in name order, enrol N, M, ... photos in "
                   "turn (a gallery of mixed templates).")
@click.option("--part", type=PARTS, default="all", show_default=True,
              help="Score all of DATASET, or the calibration or held-out half.")
@click.option("--processes", type=click.IntRange(1), default=2, show_default=True,
              help="Worker processes for encoding.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Keep the data set's encodings in this file between runs "
                                 "(evaluation data only; keep it outside the repository).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.pass_obj
def evaluate(ctx: CliContext, dataset: Path, enrol_n: int, enrol_mix: str | None, part: str,
             processes: int, cache_path: Path | None, as_json: bool) -> None:
    """Evaluate open-set identification on DATASET at the threshold for its gallery."""
    from shared.evaluation.face import run_eval

    if enrol_mix:
        try:
            enrol_n = tuple(int(x) for x in enrol_mix.split(","))
        except ValueError:
            raise CliError("--enrol-mix takes counts separated by commas, e.g. 2,4") from None
        if min(enrol_n) < 1:
            raise CliError("--enrol-mix counts must be at least 1")
    cache = open_cache(cache_path)
    try:
        result = run_eval(dataset, ctx.settings, enrol_n=enrol_n, part=part,
                          processes=processes, cache=cache)
    except (FileNotFoundError, ValueError) as exc:
        raise CliError(str(exc)) from None
    finally:
        if cache is not None and cache.dirty:
            cache.save()
    if as_json:
        click.echo(json.dumps(result, sort_keys=True))
        return
    for key in ("identities", "enrolled", "failures_to_enrol", "mated_probes",
                "nonmated_probes", "rank1", "fnir", "fpir", "threshold", "margin", "seconds"):
        click.echo(f"{key:18} {result[key]}")
    for key in ("threshold_rule", "per_visit", "baseline"):
        click.echo(f"{key:18} {json.dumps(result[key])}")


@faces.command("calibrate")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--target-fpir", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=None, help="Default: biometrics.face.target_fpir.")
@click.option("--enrol", "enrol_n", type=click.IntRange(1), default=3, show_default=True,
              help="Photos behind each template of the main model (three is the "
                   "enrolment guidance); models for 1 to 5 photos are fitted beside it.")
@click.option("--gallery-size", type=click.IntRange(1), default=None,
              help="Gallery size the FPIR is for (default: identities in DATASET).")
@click.option("--processes", type=click.IntRange(1), default=2, show_default=True)
@click.option("--confidence", type=click.FloatRange(0.5, 1, min_open=True, max_open=True),
              default=None, help="Confidence of the FPIR bound [biometrics.face.confidence].")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Keep the data set's encodings in this file between runs "
                                 "(evaluation data only; keep it outside the repository).")
@click.option("--write", "write_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the TOML block to this file; config/calibration/*.toml "
                   "files are laid over config/default.toml.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.pass_obj
def calibrate(ctx: CliContext, dataset: Path, target_fpir: float | None, enrol_n: int,
              gallery_size: int | None, processes: int, confidence: float | None,
              cache_path: Path | None, write_path: Path | None, as_json: bool) -> None:
    """Fit the threshold models (per photo count) and the margin on DATASET's calibration half."""
    from shared.evaluation.face_calibration import run_calibration, toml_block
    from shared.evaluation.face_encoding import probe_kind

    face = ctx.settings.biometrics.face
    cache = open_cache(cache_path)
    try:
        result = run_calibration(
            dataset, target_fpir or face.target_fpir, enrol_n=enrol_n,
            gallery_size=gallery_size, processes=processes, model_version=face.model_version,
            confidence=confidence or face.confidence, cache=cache,
            probe_kind=probe_kind(face.mirror_probe, face.large_probe),
        )
    except (FileNotFoundError, ValueError) as exc:
        raise CliError(str(exc)) from None
    finally:
        if cache is not None and cache.dirty:
            cache.save()
    echo_calibration(result, toml_block(result), write_path, as_json)
