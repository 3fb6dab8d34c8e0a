"""The `smartbranch` command line."""

from __future__ import annotations

import click

from smartbranch.commands.analytics import analytics
from smartbranch.commands.audit import audit
from smartbranch.commands.bench import bench
from smartbranch.commands.biometrics import biometrics
from smartbranch.commands.camera import camera
from smartbranch.commands.cards import cards
from smartbranch.commands.cluster import cluster
from smartbranch.commands.config import config
from smartbranch.commands.db import db
from smartbranch.commands.demo import demo
from smartbranch.commands.edge import edge
from smartbranch.commands.faces import faces
from smartbranch.commands.ingest import ingest
from smartbranch.commands.insights import insights
from smartbranch.commands.kiosk import kiosk
from smartbranch.commands.serve import serve
from smartbranch.commands.voice import voice
from smartbranch.context import CliContext

COMMANDS = [serve, db, demo, camera, faces, voice, biometrics, cards, kiosk, analytics, bench,
            config, audit, insights, cluster, edge, ingest]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--profile",
    envvar="SMARTBRANCH_PROFILE",
    help="Settings profile from config/ laid over default.toml (e.g. testing).",
)
@click.pass_context
def main(ctx: click.Context, profile: str | None) -> None:
    """SmartBranch: the branch server, kiosks, cameras and tools.

    Settings come from config/default.toml, an optional profile, the file named by
    SMARTBRANCH_CONFIG, and SMARTBRANCH_<SECTION>_<KEY> environment variables.
    """
    ctx.obj = CliContext(profile)


for command in COMMANDS:
    main.add_command(command)
