"""`smartbranch biometrics`: retention of biometric templates."""

from __future__ import annotations

import click

from shared.biometrics.learning import purge_candidates
from shared.biometrics.retention import purge_stale_templates
from smartbranch.commands.checks import migrated_session
from smartbranch.context import CliContext


@click.group()
def biometrics() -> None:
    """Biometric templates: retention."""


@biometrics.command("purge")
@click.option("--days", type=click.IntRange(1), default=None,
              help="Retention period (default: biometrics.retention_days).")
@click.option("--dry-run", is_flag=True, help="Count what would be purged; delete nothing.")
@click.pass_obj
def purge(ctx: CliContext, days: int | None, dry_run: bool) -> None:
    """Delete templates of customers not seen for the retention period (for a scheduler),
    and door frames held for a confirmation that never came."""
    settings = ctx.settings
    with migrated_session(settings) as session:
        result = purge_stale_templates(
            session, days or settings.biometrics.retention_days, dry_run=dry_run
        )
        frames = purge_candidates(session)
        if dry_run:
            session.rollback()
    verb = "would purge" if dry_run else "purged"
    click.echo(f"{verb} {result.templates} template(s) of {result.customers} customer(s) "
               f"not seen since {result.cutoff:%Y-%m-%d}, and {frames} unconfirmed door "
               f"frame(s) past their {settings.biometrics.learning.candidate_hours} hours")
