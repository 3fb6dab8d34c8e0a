"""What `faces` and `voice` share: the template key, an enrolment's verdicts, calibration output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from shared.biometrics.cipher import TemplateCipher, TemplateKeyError
from shared.biometrics.templates import EnrolmentError, EnrolmentResult
from smartbranch.context import CliError
from smartbranch.secrets import template_cipher


def require_template_cipher(settings) -> TemplateCipher:
    """Return the template cipher; a missing or short key is a CliError."""
    try:
        return template_cipher(settings)
    except TemplateKeyError as exc:
        raise CliError(str(exc)) from None


def echo_verdicts(verdicts, err: bool = False) -> None:
    """Print an enrolment's per-file verdicts (face photos or voice recordings), one a line."""
    for verdict in verdicts:
        click.echo(f"  {verdict.code:15} {verdict.source}: {verdict.reason}", err=err)


@contextmanager
def enrolment_refusals() -> Iterator[None]:
    """End an EnrolmentError as a CliError, after printing each file's verdict on stderr."""
    try:
        yield
    except EnrolmentError as exc:
        echo_verdicts(exc.verdicts, err=True)
        raise CliError(str(exc)) from None


def echo_enrolment(result: EnrolmentResult, modality: str) -> None:
    """Print each file's verdict and how many templates were stored."""
    echo_verdicts(result.verdicts)
    click.echo(f"customer {result.customer_id}: {result.stored} {modality} template(s) stored")


def echo_calibration(result: dict, block: str, write_path: Path | None, as_json: bool) -> None:
    """Write the TOML block to `write_path` when given; print the result as JSON or the block."""
    if write_path is not None:
        write_path.parent.mkdir(parents=True, exist_ok=True)
        write_path.write_text(block)
    click.echo(json.dumps(result, sort_keys=True) if as_json else block)
