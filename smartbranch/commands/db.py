"""`smartbranch db`: migrate and inspect the database."""

from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from shared.db import Database
from shared.db.migrate import current_revision, head_revision, upgrade
from smartbranch.context import CliContext, CliError


@click.group()
def db() -> None:
    """Create, migrate and inspect the database the settings name."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@click.pass_obj
def upgrade_command(ctx: CliContext, revision: str) -> None:
    """Migrate the database to the latest schema (safe to run again)."""
    database = Database(ctx.settings)
    try:
        before = current_revision(database.engine)
        after = upgrade(database.engine, revision)
    except OperationalError as exc:
        raise CliError(f"cannot reach the database: {exc.orig}") from None
    finally:
        database.dispose()
    url = database.engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"database {url} is already at revision {after}")
    else:
        click.echo(f"database {url} migrated from {before or 'empty'} to {after}")


@db.command("current")
@click.pass_obj
def current_command(ctx: CliContext) -> None:
    """Print the database's revision and the newest one this code knows."""
    database = Database(ctx.settings)
    try:
        click.echo(f"current: {current_revision(database.engine) or 'empty'}")
        click.echo(f"head:    {head_revision(database.engine)}")
    except OperationalError as exc:
        raise CliError(f"cannot reach the database: {exc.orig}") from None
    finally:
        database.dispose()
