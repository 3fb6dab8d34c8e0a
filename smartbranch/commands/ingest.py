"""`smartbranch ingest`: apply the branch edges' events at the centre, until stopped."""

from __future__ import annotations

import logging
import signal
import threading
import time

import click

from shared.process_logging import configure_logging
from smartbranch.context import CliContext, CliError

log = logging.getLogger(__name__)

# How often the running totals are logged.
REPORT_EVERY_S = 10.0


@click.command("ingest")
@click.option("--branch", "branches", multiple=True,
              help="Source this branch's edge stream (repeatable) [every branch in the "
                   "database].")
@click.option("--batch", type=click.IntRange(min=1, max=1000), default=200, show_default=True,
              help="Records fetched and applied per transaction.")
@click.option("--connect-timeout", type=click.FloatRange(min=0.5), default=30.0,
              show_default=True, help="Seconds to wait for the hub's NATS at start.")
@click.pass_obj
def ingest(ctx: CliContext, branches: tuple[str, ...], batch: int,
           connect_timeout: float) -> None:
    """Take edge events from the hub's JetStream stream into the central database, once each.

    Several ingest processes may run: they share one durable consumer. Stops on SIGTERM or
    Ctrl-C after the batch in hand.
    """
    from shared.cluster.gallery_sync import GalleryPublisher
    from shared.cluster.ingest import create_ingest
    from shared.cluster.nats_client import NatsClient, NatsUnavailable
    from shared.db import Database
    from shared.events import create_bus
    from shared.models import Branch
    from smartbranch.commands.checks import require_migrated

    configure_logging()
    settings = ctx.settings
    database = Database(settings)
    require_migrated(database)
    if not branches:
        from sqlalchemy import select

        with database.session() as session:
            branches = tuple(session.execute(select(Branch.code)).scalars())
    client = NatsClient(settings.cluster.nats_url, name="smartbranch-ingest")
    bus = create_bus(settings)
    # Enrolments and withdrawals on the central bus go to every edge (see gallery_sync).
    GalleryPublisher(client, settings).attach(bus)
    stop = threading.Event()
    try:
        if not client.wait_connected(connect_timeout):
            raise CliError(f"cannot reach the hub's NATS at {settings.cluster.nats_url}")
        try:
            worker = create_ingest(settings, database, bus, client, list(branches), batch=batch)
        except NatsUnavailable as exc:
            raise CliError(f"the hub's JetStream is not answering: {exc}") from None
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        click.echo(f"ingesting {settings.cluster.edge_stream} from {len(branches)} branches")
        reporter = threading.Thread(target=_report, args=(worker, stop), daemon=True)
        reporter.start()
        counts = worker.run(stop)
        click.echo(f"stopped: {counts.applied} applied, {counts.duplicates} duplicates, "
                   f"{counts.rejected} rejected, {counts.retried} retried")
    finally:
        client.close()
        bus.close()
        database.dispose()


def _report(worker, stop: threading.Event) -> None:
    last = time.monotonic()
    applied = 0
    while not stop.wait(REPORT_EVERY_S):
        now = time.monotonic()
        c = worker.counts
        rate = (c.applied - applied) / (now - last)
        log.info("ingest: %d applied (%.0f/s), %d duplicates, %d rejected, %d retried",
                 c.applied, rate, c.duplicates, c.rejected, c.retried)
        applied, last = c.applied, now
