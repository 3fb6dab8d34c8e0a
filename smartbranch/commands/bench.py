"""`smartbranch bench`: benchmarks, each printed beside a naive baseline run in the same process."""

from __future__ import annotations

import click


@click.group()
def bench() -> None:
    """Benchmarks; each prints its figures and the ratio to a naive baseline as JSON."""
