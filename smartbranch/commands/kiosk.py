"""`smartbranch kiosk`: kiosk device tokens, the pairing links of the touch screens, and one
kiosk's agent as a process of its own (`kiosk agent`, run by a branch edge).
"""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path

import click
from sqlalchemy import select

from shared.devices.tokens import KioskTokenError, issue_token, kiosks
from shared.models import Branch, Device
from shared.process_logging import configure_logging
from smartbranch.commands.checks import migrated_session, require_migrated
from smartbranch.context import CliContext, CliError

log = logging.getLogger(__name__)


@click.group()
def kiosk() -> None:
    """Kiosk stations: device tokens, pairing links, and a kiosk's agent process."""


@kiosk.command("tokens")
@click.argument("codes", nargs=-1)
@click.option("--all", "all_kiosks", is_flag=True, help="Every kiosk in the database.")
@click.option("--base-url", default=None,
              help="Where the server is reached (default: http://<server.host>:<server.port>).")
@click.pass_obj
def tokens_command(ctx: CliContext, codes: tuple[str, ...], all_kiosks: bool,
                   base_url: str | None) -> None:
    """Issue or rotate kiosk tokens and print each pairing link (shown once, stored hashed).

    Open a kiosk's pairing link once on its touch screen; rotating a token ends the old
    pairing at once.
    """
    if not codes and not all_kiosks:
        raise CliError("name kiosk codes (e.g. LDN-01-K1) or pass --all")
    server = ctx.settings.server
    base = (base_url or f"http://{server.host}:{server.port}").rstrip("/")
    with migrated_session(ctx.settings) as session:
        try:
            found = kiosks(session, list(codes) or None)
        except KioskTokenError as exc:
            raise CliError(str(exc)) from None
        if not found:
            raise CliError("no kiosks in the database (smartbranch demo load adds some)")
        issued = [issue_token(session, device) for device in found]
    click.echo("Kiosk pairing links (open each once on its touch screen; the device page "
               "is /kiosk/<code>/devices):")
    for token in issued:
        click.echo(f"  {token.code:<12} {base}/kiosk/{token.code}/pair?token={token.token}")


@kiosk.command("agent")
@click.option("--kiosk", "code", required=True, help="The kiosk's device code (e.g. LDN-01-K1).")
@click.option("--holder", default=None,
              help="This agent's name on the kiosk's lease [host:pid].")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where simulated cash devices keep their notes across restarts, so a "
                   "standby takes over the same cassettes [<app.data_dir>/kiosk_devices].")
@click.option("--auto-take", is_flag=True,
              help="The simulated customer takes cards, cash and returned notes at once "
                   "(unattended demos and benchmarks).")
@click.pass_obj
def agent_command(ctx: CliContext, code: str, holder: str | None, state_dir: Path | None,
                  auto_take: bool) -> None:
    """Run one kiosk's agent: drive it while holding its lease, answer the web tier over NATS.

    A second agent started for the same kiosk waits and takes over within seconds when the
    first dies. The web tier reaches the driving agent on NATS (cluster.edge_nats_url, else
    cluster.nats_url) when cluster.remote_kiosk_agents is true. Runs until SIGTERM or Ctrl-C.
    """
    from kiosk.leased_agent import UnknownKiosk, kiosk_device_id
    from kiosk.remote.process import create_served_agent
    from kiosk.warm_up import warm_up
    from shared.cluster.nats_client import NatsClient
    from shared.db import Database
    from smartbranch.cluster.edge_bus import process_bus

    settings = ctx.settings
    configure_logging()
    database = Database(settings)
    try:
        require_migrated(database)
        with database.session() as session:
            branch_code = session.scalar(select(Branch.code).where(
                Branch.id == Device.branch_id, Device.id == kiosk_device_id(session, code)))
    except UnknownKiosk as exc:
        database.dispose()
        raise CliError(f"{exc} in the database (smartbranch demo load adds some)") from None
    except CliError:
        database.dispose()
        raise
    # At an edge (cluster.edge_nats_url set) its events are stored and forwarded to the centre.
    bus = process_bus(settings, branch_code, f"kiosk-agent-{code}")
    client = NatsClient(settings.cluster.edge_url, name=f"kiosk-agent-{code}")
    state_dir = state_dir or Path(settings.app.data_dir) / "kiosk_devices"
    state_dir.mkdir(parents=True, exist_ok=True)
    leased, _served = create_served_agent(settings, database, bus, client, code,
                                          holder=holder, auto_take=auto_take,
                                          state_dir=state_dir)
    warm_up(settings)  # a standby's first customer after a takeover then loads nothing
    stop = threading.Event()

    def on_signal(signum, _frame) -> None:
        log.info("kiosk agent %s: %s, stopping", code, signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    click.echo(f"kiosk agent {code} as {leased.holder}: NATS {settings.cluster.edge_url}, "
               f"device state in {state_dir}; waiting for the kiosk's lease")
    try:
        leased.run(stop)  # releases the lease and stops the agent when `stop` is set
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        client.close()
        bus.close()
        database.dispose()
    click.echo(f"kiosk agent {code} stopped")
