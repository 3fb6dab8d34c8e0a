"""`smartbranch cards`: demo cards (public demo PANs and PINs) and card status."""

from __future__ import annotations

import click
from sqlalchemy import select

from shared.demo import demo_card_for, load_demo_cards
from shared.models import Customer
from shared.money.card_keys import CardKeyError, CardKeys
from smartbranch.commands.checks import migrated_session
from smartbranch.context import CliContext, CliError


@click.group()
def cards() -> None:
    """Debit cards for the kiosks: demo cards and their PINs."""


def _keys(ctx: CliContext) -> CardKeys:
    try:
        return CardKeys.from_settings(ctx.settings)
    except CardKeyError as exc:
        raise CliError(str(exc)) from None


@cards.command("load-demo")
@click.pass_obj
def load_demo_command(ctx: CliContext) -> None:
    """Issue the demo card of every demo customer's current account that has none."""
    keys = _keys(ctx)
    with migrated_session(ctx.settings) as session:
        issued = load_demo_cards(session, keys)
    click.echo(f"{issued} demo cards issued")


@cards.command("demo")
@click.option("--first", default=10, show_default=True, help="How many customers to list.")
@click.pass_obj
def demo_command(ctx: CliContext, first: int) -> None:
    """Print demo customers' card numbers and PINs (public demo values)."""
    with migrated_session(ctx.settings) as session:
        rows = session.execute(
            select(Customer.customer_number, Customer.given_name, Customer.family_name)
            .order_by(Customer.id).limit(first)
        ).all()
    for number, given, family in rows:
        try:
            card = demo_card_for(number)
        except ValueError:
            continue
        click.echo(f"  {number}  {given} {family:<16} card {card.pan}  PIN {card.pin}  "
                   f"expires {card.expiry[2:]}/{card.expiry[:2]}")
