"""`smartbranch edge`: a branch edge's supervisor of kiosk agents and door camera watchers."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import click
from sqlalchemy import select

from shared.models import Branch, Device
from shared.models.enums import DeviceKind
from shared.process_logging import configure_logging
from smartbranch.commands.checks import migrated_session
from smartbranch.context import CliContext, CliError


def branch_devices(session, branch_code: str) -> tuple[list[str], list[str]]:
    """Return the branch's kiosk codes and door camera codes; CliError for an unknown branch."""
    branch = session.scalar(select(Branch).where(Branch.code == branch_code))
    if branch is None:
        raise CliError(f"no branch {branch_code} in the database")
    devices = session.execute(
        select(Device.code, Device.kind).where(
            Device.branch_id == branch.id,
            Device.kind.in_([DeviceKind.KIOSK, DeviceKind.DOOR_CAMERA]))
        .order_by(Device.code)
    ).all()
    kiosks = [code for code, kind in devices if kind == DeviceKind.KIOSK]
    doors = [code for code, kind in devices if kind == DeviceKind.DOOR_CAMERA]
    return kiosks, doors


@click.command("edge")
@click.option("--branch", "branch_code", required=True, help="The branch this edge runs.")
@click.option("--door-camera", "door_sources", multiple=True,
              help="A door camera's source (as `smartbranch camera --source` takes); repeat "
                   "for each camera. None: no door watcher.")
@click.option("--door-camera-fps", type=click.FloatRange(min=0.5, max=60), default=None,
              help="Frame rate of door cameras that replay a folder [15].")
@click.option("--door-camera-loop", is_flag=True,
              help="Door cameras that replay a folder start it again at its end.")
@click.option("--standby", is_flag=True,
              help="Start a second agent per kiosk; it waits on the kiosk's lease and takes "
                   "over when the first dies.")
@click.option("--log-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="One log file per device process here (default: all on this output).")
@click.pass_obj
def edge(ctx: CliContext, branch_code: str, door_sources: tuple[str, ...],
         door_camera_fps: float | None, door_camera_loop: bool, standby: bool,
         log_dir: Path | None) -> None:
    """Run a branch edge: one agent per kiosk and one watcher per door camera, kept running.

    A device process that exits is restarted (waiting longer after each crash, up to 30 s);
    SIGTERM or Ctrl-C stops them all. The devices reach the centre through the edge's own
    NATS leaf node (cluster.edge_nats_url).
    """
    from smartbranch.cluster.shape import ReplayPace, edge_env
    from smartbranch.cluster.supervisor import Supervisor, run_until_signalled

    settings = ctx.settings
    configure_logging()
    _require_kiosk_agent_command()
    with migrated_session(settings) as session:
        kiosks, doors = branch_devices(session, branch_code)
    if not kiosks and not door_sources:
        raise CliError(f"branch {branch_code} has no kiosks and no --door-camera was given: "
                       "nothing to run")
    env = edge_env(os.environ, database_url=settings.database.url,
                   events_backend=settings.events.backend, redis_url=settings.events.redis_url,
                   edge_nats_url=settings.cluster.edge_url)
    if ctx.profile:
        env["SMARTBRANCH_PROFILE"] = ctx.profile
    specs = edge_specs(branch_code, kiosks, doors, door_sources, env, log_dir, standby=standby,
                       pace=ReplayPace(door_camera_fps, door_camera_loop))
    click.echo(f"edge {branch_code}: {len(kiosks)} kiosks"
               + (" (with standby agents)" if standby else "")
               + f", {len(door_sources)} door cameras; NATS {settings.cluster.edge_url}")
    if settings.events.backend == "memory":
        click.echo("warning: events.backend is memory: the devices' events stay in their "
                   "own processes (SMARTBRANCH_EVENTS_BACKEND=redis shares them)", err=True)
    # The supervisor logs each start, exit and restart of a device process.
    run_until_signalled(Supervisor(specs))
    click.echo(f"edge {branch_code} stopped")


def edge_specs(branch_code: str, kiosks: Sequence[str], doors: Sequence[str],
               door_sources: Sequence[str], env: Mapping[str, str], log_dir: Path | None, *,
               standby: bool = False, pace=None) -> list:
    """Return the edge's children: an agent per kiosk (two with standby), a watcher per source."""
    from smartbranch.cluster.shape import door_camera_spec, door_device_codes, kiosk_agent_spec

    specs = [kiosk_agent_spec(code, env, log_dir) for code in kiosks]
    if standby:
        specs += [kiosk_agent_spec(code, env, log_dir, standby=True) for code in kiosks]
    devices = door_device_codes(branch_code, doors, len(door_sources))
    specs += [door_camera_spec(branch_code, device, source, env, log_dir, pace)
              for device, source in zip(devices, door_sources, strict=True)]
    return specs


def _require_kiosk_agent_command() -> None:
    """Fail clearly when this installation has no `smartbranch kiosk agent` to run."""
    from smartbranch.commands.kiosk import kiosk

    if "agent" not in kiosk.commands:
        raise CliError("this installation has no `smartbranch kiosk agent` command")
