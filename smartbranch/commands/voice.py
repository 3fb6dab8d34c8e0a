"""`smartbranch voice`: transcribe recordings, enrol voices, evaluate speaker recognition."""

from __future__ import annotations

import json
from pathlib import Path

import click

from smartbranch.context import CliContext, CliError


@click.group()
def voice() -> None:
    """Speech to text, voice enrolment and speaker-recognition evaluation."""


@voice.command("transcribe")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--grammar", type=click.Choice(["none", "commands", "digits"]), default="none",
              show_default=True, help="Constrain recognition to the kiosk grammar.")
@click.option("--engine", type=click.Choice(["vosk", "pocketsphinx"]), default=None,
              help="Default: voice.stt_engine.")
@click.option("--json", "as_json", is_flag=True, help="Print transcript and intent as JSON.")
@click.pass_obj
def transcribe_command(ctx: CliContext, file: Path, grammar: str, engine: str | None,
                       as_json: bool) -> None:
    """Print the transcript of a WAV FILE (any rate and channel count)."""
    from shared.speech.audio import AudioError, assess, read_wav
    from shared.speech.commands import parse_command
    from shared.speech.engines import create_speech_to_text
    from shared.speech.stt import SpeechError, grammar_named, transcribe

    try:
        audio = read_wav(file)
        verdict = assess(audio, min_speech_seconds=0.2, min_dbfs=ctx.settings.voice.min_level_dbfs)
        if not verdict.ok:
            raise CliError(f"{file}: {verdict.code}: {verdict.reason}")
        stt = create_speech_to_text(ctx.settings, engine)
        text = transcribe(stt, audio, grammar_named(grammar, stt.language))
    except (AudioError, SpeechError) as exc:
        raise CliError(str(exc)) from None
    if not text:
        raise CliError(f"{file}: nothing recognised")
    if as_json:
        intent = parse_command(text, stt.language)
        click.echo(json.dumps({"transcript": text, "engine": stt.name, "language": stt.language,
                               "intent": intent.kind.value, "amount_minor": intent.amount_minor,
                               "digits": intent.digits}, ensure_ascii=False))
    else:
        click.echo(text)


@voice.command("enrol")
@click.option("--customer", "customer_id", type=int, required=True, help="Customer id.")
@click.option("--replace", is_flag=True, help="Delete the customer's voice templates first.")
@click.argument("recordings", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def enrol(ctx: CliContext, customer_id: int, replace: bool, recordings: tuple[Path, ...]) -> None:
    """Enrol a consenting customer's voice from WAV RECORDINGS (all or nothing)."""
    from shared.biometrics.voice.engines import create_speaker_engine
    from shared.biometrics.voice.enrolment import AudioLimits, enrol_voice
    from smartbranch.commands.checks import migrated_session
    from smartbranch.commands.enrolment import (
        echo_enrolment,
        enrolment_refusals,
        require_template_cipher,
    )

    settings = ctx.settings
    cipher = require_template_cipher(settings)
    engine = create_speaker_engine(settings)
    with enrolment_refusals(), migrated_session(settings) as session:
        result = enrol_voice(
            session, engine, cipher, customer_id, list(recordings), replace=replace,
            min_utterances=settings.voice.min_enrol_utterances,
            limits=AudioLimits.from_settings(settings),
        )
    echo_enrolment(result, "voice")


@voice.command("eval")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--enrol", "enrol_n", type=click.IntRange(1), default=3, show_default=True,
              help="Recordings enrolled per speaker (the first N by file name).")
@click.option("--probe-seconds", type=click.FloatRange(0.5), default=3.0, show_default=True,
              help="Probes are cut to this length.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.pass_obj
def evaluate(ctx: CliContext, dataset: Path, enrol_n: int, probe_seconds: float,
             as_json: bool) -> None:
    """Evaluate open-set speaker identification on DATASET at the configured threshold."""
    from shared.biometrics.voice.engines import create_speaker_engine
    from shared.evaluation.voice import run_eval

    try:
        engine = create_speaker_engine(ctx.settings, threads=1)  # the RTF is for one core
        result = run_eval(dataset, ctx.settings, engine, enrol_n=enrol_n,
                          probe_seconds=probe_seconds)
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        raise CliError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result, sort_keys=True))
        return
    for key in ("speakers", "enrolled", "mated_probes", "nonmated_probes", "rank1", "eer",
                "fnir", "fpir", "threshold", "rtf", "seconds"):
        click.echo(f"{key:16} {result[key]}")


@voice.command("calibrate")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--enrol", "enrol_n", type=click.IntRange(2), default=3, show_default=True)
@click.option("--probe-seconds", type=click.FloatRange(0.5), default=3.0, show_default=True)
@click.option("--write", "write_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the TOML block to this file; config/calibration/*.toml "
                   "files are laid over config/default.toml.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.pass_obj
def calibrate(ctx: CliContext, dataset: Path, enrol_n: int, probe_seconds: float,
              write_path: Path | None, as_json: bool) -> None:
    """Choose voice.speaker_threshold from DATASET's enrolment recordings; print TOML."""
    from shared.biometrics.voice.engines import create_speaker_engine
    from shared.biometrics.voice.enrolment import AudioLimits
    from shared.evaluation.voice import calibrate_threshold, toml_block
    from smartbranch.commands.enrolment import echo_calibration

    try:
        engine = create_speaker_engine(ctx.settings, threads=1)
        result = calibrate_threshold(dataset, engine, enrol_n, probe_seconds,
                                     AudioLimits.from_settings(ctx.settings))
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        raise CliError(str(exc)) from None
    echo_calibration(result, toml_block(result), write_path, as_json)
