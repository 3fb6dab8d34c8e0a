"""`smartbranch audit`: check the audit log's chain and checkpoints; write a checkpoint."""

from __future__ import annotations

import click

from shared.audit import verify_log, write_checkpoint
from smartbranch.commands.checks import migrated_session
from smartbranch.context import CliContext, CliError


@click.group()
def audit() -> None:
    """The tamper-evident audit log."""


@audit.command("verify")
@click.pass_obj
def verify(ctx: CliContext) -> None:
    """Walk the audit chain and its checkpoints; exit 2 and list the problems if it was
    tampered with (an edited, reordered or forged entry, a cut tail, an edited checkpoint)."""
    path = ctx.settings.audit_checkpoint_file
    with migrated_session(ctx.settings) as session:
        problems, summary = verify_log(session, path)
    if problems:
        raise CliError("audit log tampered with:\n  " + "\n  ".join(problems))
    click.echo(f"audit log intact: {summary} ({path})")


@audit.command("checkpoint")
@click.pass_obj
def checkpoint(ctx: CliContext) -> None:
    """Append a signed checkpoint of the log's head to audit.checkpoint_file (for cron; the
    server writes one every audit.checkpoint_minutes)."""
    path = ctx.settings.audit_checkpoint_file
    with migrated_session(ctx.settings) as session:
        point = write_checkpoint(session, path)
    click.echo(f"checkpoint of entry {point.seq} written to {path}" if point
               else f"nothing new since the last checkpoint in {path}")
