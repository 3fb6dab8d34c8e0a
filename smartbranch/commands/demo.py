"""`smartbranch demo`: load the seeded demo branch data."""

from __future__ import annotations

import time

import click

from shared.db.base import utcnow
from shared.demo import load_demo_data, signins_for
from shared.demo.catalog import area_of
from shared.demo.fraud_history import plant_demo_cases
from shared.models.enums import Role
from shared.money.card_keys import CardKeys
from smartbranch.commands.checks import migrated_session
from smartbranch.commands.demo_faces import faces_command
from smartbranch.context import CliContext


@click.group()
def demo() -> None:
    """Demo data: branches, staff, customers, six months of transactions, branch history."""


@demo.command("load")
@click.pass_obj
def load_command(ctx: CliContext) -> None:
    """Load the demo data if the database has no branches yet (seeded, reproducible)."""
    with migrated_session(ctx.settings) as session:
        summary = load_demo_data(
            session, ctx.settings.demo, card_keys=CardKeys.from_settings(ctx.settings)
        )
        cases = plant_demo_cases(session, ctx.settings, utcnow()) if summary.loaded else 0
    if summary.loaded:
        click.echo(
            f"demo data loaded in {summary.seconds:.1f} s: {summary.branches} branches, "
            f"{summary.staff} staff, {summary.customers} customers, {summary.accounts} accounts, "
            f"{summary.transactions} transactions; {summary.history_facts} facts of "
            f"{ctx.settings.demo.history_days} days' branch history "
            f"({summary.history_seconds:.1f} s of it); {cases} planted fraud cases open"
        )
    else:
        click.echo("the database already holds data; demo data not loaded again")
        return
    _other_bank_and_insights(ctx)


def _other_bank_and_insights(ctx: CliContext) -> None:
    """Link one demo customer to the simulated other bank, then compute everyone's insights
    (training the categorisation model first if this machine has none yet)."""
    from shared.db import Database
    from shared.insights.engine import refresher_for
    from smartbranch.other_bank import link_demo_customer

    database = Database(ctx.settings)
    try:
        linked = link_demo_customer(ctx.settings, database, utcnow())
        if linked:
            click.echo(f"other bank: {linked}")
        click.echo("computing insights (the first run trains the categorisation model, "
                   "about 30 s)...")
        started = time.perf_counter()
        count = refresher_for(ctx.settings, database).refresh_all()
        click.echo(f"insights computed for {count} customers in "
                   f"{time.perf_counter() - started:.1f} s")
    finally:
        database.dispose()


@demo.command("signins")
@click.pass_obj
def signins_command(ctx: CliContext) -> None:
    """Print the demo staff sign-ins (public demo passwords: never use them in production)."""
    for s in signins_for(ctx.settings.demo.branches):
        role = s.role.replace("_", " ")
        area = area_of(s.branch_code) if s.role == Role.AREA_MANAGER else None
        where = f"of {area.name} (from {s.branch_code})" if area else f"at {s.branch_code}"
        click.echo(f"  {s.username:<16} {s.password:<22} {role} {where}")


demo.add_command(faces_command)
