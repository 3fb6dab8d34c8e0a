"""`smartbranch serve`: the branch server (web, kiosk API, Socket.IO)."""

from __future__ import annotations

import signal

import click
from sqlalchemy import select

from shared.audit.checkpoints import Checkpointer
from shared.db import Database
from shared.db.base import utcnow
from shared.models import Device
from shared.models.enums import DeviceKind
from shared.process_logging import configure_logging
from smartbranch.commands.checks import require_migrated
from smartbranch.context import CliContext, CliError


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
@click.option("--door-camera", "door_source", default=None,
              help="Run a door camera inside the server: a playlist folder (as `smartbranch "
                   "demo faces` writes into var/door-replay), a folder of images, a video, a "
                   "device number or a stream URL; replays loop.")
@click.option("--door-branch", default=None, help="Branch of the door camera [app.default_branch].")
@click.pass_obj
def serve(ctx: CliContext, host: str | None, port: int | None, door_source: str | None,
          door_branch: str | None) -> None:
    """Serve the branch with the database and settings the configuration names."""
    from shared.events import create_bus
    from shared.insights.engine import refresher_for
    from smartbranch.app import create_app, get_socketio
    from smartbranch.other_bank import start_simulated_bank

    settings = ctx.settings
    host = host or settings.server.host
    port = port or settings.server.port
    configure_logging()
    database = Database(settings)
    require_migrated(database)
    bus = create_bus(settings)
    app = create_app(settings, database=database, bus=bus)
    door = _door_camera(settings, database, bus, door_source, door_branch)
    checkpoints = Checkpointer(database, settings.audit_checkpoint_file,
                               settings.audit.checkpoint_minutes)
    checkpoints.start()
    insights = refresher_for(settings, database)
    insights.start()
    bank = start_simulated_bank(settings, database, utcnow())
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    for line in _banner(f"http://{shown}:{port}", database):
        click.echo(line)
    if bank is not None:
        click.echo(f"  other bank     {bank.url} (simulated Open Banking API)")
    if door is not None:
        click.echo(f"  door camera    {door.device_code} ({door.branch_code}) is running, "
                   f"{door.describe()}; gallery of {door.gallery_customers} consenting customers")
        door.start()
    # A service manager (or `kill`) stops us with SIGTERM: leave through `finally` as on Ctrl-C.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        get_socketio(app).run(app, host=host, port=port, allow_unsafe_werkzeug=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        checkpoints.stop()
        insights.stop()
        if bank is not None:
            bank.stop()
        if door is not None:
            door.stop()
            click.echo("door camera stopped")
        bus.close()


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(0)


def _door_camera(settings, database, bus, source: str | None, branch: str | None):
    """Assemble the embedded door camera, or None; a bad source stops the server starting."""
    if not source:
        return None
    from smartbranch.door import DoorCameraError, prepare_door_camera

    try:
        return prepare_door_camera(settings, database, bus, source, branch_code=branch,
                                   loop=True)
    except DoorCameraError as exc:
        raise CliError(f"door camera: {exc}") from None
