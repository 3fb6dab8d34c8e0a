"""`smartbranch serve`: the branch server (web, kiosk API, Socket.IO)."""

from __future__ import annotations

import logging

import click
from sqlalchemy import select

from shared.db import Database
from shared.models import Device
from shared.models.enums import DeviceKind
from smartbranch.commands.checks import require_migrated
from smartbranch.context import CliContext


def _banner(base: str, database: Database) -> list[str]:
    with database.session() as session:
        kiosks = session.scalars(
            select(Device.code).where(Device.kind == DeviceKind.KIOSK).order_by(Device.code)
        ).all()
    lines = [
        f"SmartBranch is running at {base}/",
        f"  staff console  {base}/staff/",
        f"  health         {base}/healthz",
        f"  API (OpenAPI)  {base}/api/openapi.json",
    ]
    lines += [f"  kiosk          {base}/kiosk/{code}" for code in kiosks]
    return lines


@click.command()
@click.option("--host", help="Interface to listen on (default: server.host).")
@click.option("--port", type=int, help="Port to listen on (default: server.port).")
@click.pass_obj
def serve(ctx: CliContext, host: str | None, port: int | None) -> None:
    """Serve the branch with the database and settings the configuration names."""
    from smartbranch.app import create_app, get_socketio

    settings = ctx.settings
    host = host or settings.server.host
    port = port or settings.server.port
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    database = Database(settings)
    require_migrated(database)
    app = create_app(settings, database=database)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    for line in _banner(f"http://{shown}:{port}", database):
        click.echo(line)
    get_socketio(app).run(app, host=host, port=port, allow_unsafe_werkzeug=True)
