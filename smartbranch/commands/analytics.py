"""`smartbranch analytics`: recompute the dashboard's rollups from the facts, or check them."""

from __future__ import annotations

import time

import click
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from shared.analytics.check import rollup_differences
from shared.analytics.store import rebuild
from shared.db.locks import begin_write, read_snapshot
from shared.models import Branch
from shared.models.analytics import AnalyticsFact
from smartbranch.commands.checks import migrated_session
from smartbranch.context import CliContext, CliError

SHOWN_DIFFERENCES = 10

branch_option = click.option(
    "--branch", "codes", multiple=True, metavar="CODE",
    help="Only this branch (repeat for several); every branch when left out.")


@click.group()
def analytics() -> None:
    """The manager's dashboard: rollups per branch and hour, kept from the facts."""


def _branches(session: Session, codes: tuple[str, ...]) -> list[tuple[int, str]]:
    """(id, code) of the named branches, or of every branch; an unknown code is an error."""
    rows = session.execute(select(Branch.id, Branch.code).order_by(Branch.code)).all()
    if not codes:
        return [(row.id, row.code) for row in rows]
    known = {row.code: row.id for row in rows}
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise CliError(f"no branch with code {', '.join(unknown)}")
    return [(known[code], code) for code in sorted(set(codes))]


def _hold_facts(session: Session) -> None:
    """Keep facts from being recorded until this unit of work ends.

    A fact recorded while the rollups are rebuilt would be read or not, and its cells
    wiped or not, depending on timing; holding writers off makes the rebuild exact.
    SQLite: the write lock. PostgreSQL: a SHARE lock on the facts (readers go on).
    """
    begin_write(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE analytics_fact IN SHARE MODE"))


def _facts_of(session: Session, branch_id: int) -> int:
    return session.scalar(select(func.count()).select_from(AnalyticsFact)
                          .where(AnalyticsFact.branch_id == branch_id)) or 0


@analytics.command("rebuild")
@branch_option
@click.pass_obj
def rebuild_command(ctx: CliContext, codes: tuple[str, ...]) -> None:
    """Recompute the rollups from the facts (all at once, so safe to repeat or interrupt)."""
    started = time.perf_counter()
    with migrated_session(ctx.settings) as session:
        _hold_facts(session)
        branches = _branches(session, codes)
        total_cells = total_facts = 0
        for branch_id, code in branches:  # one branch at a time bounds the memory used
            cells, facts = rebuild(session, [branch_id]), _facts_of(session, branch_id)
            total_cells, total_facts = total_cells + cells, total_facts + facts
            click.echo(f"  {code}: {cells} hourly cells from {facts} facts")
    click.echo(f"rebuilt the rollups of {len(branches)} branch(es): {total_cells} hourly cells "
               f"from {total_facts} facts in {time.perf_counter() - started:.1f} s")


@analytics.command("check")
@branch_option
@click.pass_obj
def check_command(ctx: CliContext, codes: tuple[str, ...]) -> None:
    """Compare the rollups with a recomputation from the facts; exit 2 on any difference."""
    found: list[str] = []
    with migrated_session(ctx.settings) as session:
        read_snapshot(session)  # the facts and the rollups as of one moment
        branches = _branches(session, codes)
        for branch_id, _code in branches:
            found.extend(rollup_differences(session, branch_id))
    if found:
        shown = "\n  ".join(found[:SHOWN_DIFFERENCES])
        more = len(found) - SHOWN_DIFFERENCES
        raise CliError(f"{len(found)} rollup cell(s) differ from the facts "
                       "(`smartbranch analytics rebuild` recomputes them):\n  " + shown
                       + (f"\n  ... and {more} more" if more > 0 else ""))
    click.echo(f"rollups of {len(branches)} branch(es) equal a recomputation from the facts")
