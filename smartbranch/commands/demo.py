"""`smartbranch demo`: load the seeded demo branch data."""

from __future__ import annotations

import click

from shared.db import Database
from shared.demo import DEMO_SIGNINS, load_demo_data
from smartbranch.commands.checks import require_migrated
from smartbranch.context import CliContext


@click.group()
def demo() -> None:
    """Demo data: branches, staff, customers and six months of transactions."""


@demo.command("load")
@click.pass_obj
def load_command(ctx: CliContext) -> None:
    """Load the demo data if the database has no branches yet (seeded, reproducible)."""
    database = Database(ctx.settings)
    try:
        require_migrated(database)
        with database.session() as session:
            summary = load_demo_data(session, ctx.settings.demo)
    finally:
        database.dispose()
    if summary.created:
        click.echo(
            f"demo data loaded in {summary.seconds:.1f} s: {summary.branches} branches, "
            f"{summary.staff} staff, {summary.customers} customers, {summary.accounts} accounts, "
            f"{summary.transactions} transactions"
        )
    else:
        click.echo("the database already holds data; demo data not loaded again")


@demo.command("signins")
def signins_command() -> None:
    """Print the demo staff sign-ins."""
    for signin in DEMO_SIGNINS:
        click.echo(
            f"  {signin.username:<14} {signin.password:<16} {signin.role} at {signin.branch}"
        )
