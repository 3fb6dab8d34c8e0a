"""`smartbranch bench`: benchmarks, each printed beside a naive baseline run in the same process."""

from __future__ import annotations

import click

from smartbranch.benchmarks.analytics import analytics_command
from smartbranch.benchmarks.cluster.command import cluster_command
from smartbranch.benchmarks.crash_bench import crash_command
from smartbranch.benchmarks.door_count import door_count_command
from smartbranch.benchmarks.faces import faces_command
from smartbranch.benchmarks.faces_learning import faces_learning_command
from smartbranch.benchmarks.fraud import fraud_command
from smartbranch.benchmarks.insights import insights_command
from smartbranch.benchmarks.ledger import ledger_command
from smartbranch.benchmarks.realtime import realtime_command
from smartbranch.benchmarks.voice import voice_command


@click.group()
def bench() -> None:
    """Benchmarks; each prints its figures and the ratio to a naive baseline as JSON."""


bench.add_command(analytics_command)
bench.add_command(cluster_command)
bench.add_command(crash_command)
bench.add_command(door_count_command)
bench.add_command(faces_command)
bench.add_command(faces_learning_command)
bench.add_command(fraud_command)
bench.add_command(insights_command)
bench.add_command(ledger_command)
bench.add_command(realtime_command)
bench.add_command(voice_command)
