"""`smartbranch audit`: check the audit log's hash chain."""

from __future__ import annotations

import click

from shared.audit import verify_chain
from smartbranch.commands.checks import migrated_session
from smartbranch.context import CliContext, CliError


@click.group()
def audit() -> None:
    """The tamper-evident audit log."""


@audit.command("verify")
@click.pass_obj
def verify(ctx: CliContext) -> None:
    """Walk the audit chain; exit 2 and list the problems if it was tampered with."""
    with migrated_session(ctx.settings) as session:
        problems = verify_chain(session)
    if problems:
        raise CliError("audit log tampered with:\n  " + "\n  ".join(problems))
    click.echo("audit log intact")
