"""`smartbranch bench crash`: SIGKILL the real kiosk agent at scripted and random points.

The method is in smartbranch/benchmarks/crash/lab.py. Without `--database-url` the lab
runs on a fresh migrated SQLite file; with it, on that database (migrated first). Prints
one JSON object as its last line: points (random trials asked for), trials, kills,
failures, seconds, and where the kills landed.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click


def lab_settings(database_url: str, data_dir: Path):
    """The lab's settings: the test profile's fixed card keys, on the named database."""
    from shared.settings import load_settings

    return load_settings("testing", environ={}, overrides={
        "database": {"url": database_url}, "app": {"data_dir": str(data_dir)}})


def run_crash_lab(database_url: str | None, *, points: int, scripted: bool, seed: int,
                  workers: int) -> dict:
    from shared.db import Database
    from shared.db.migrate import upgrade
    from smartbranch.benchmarks.crash import lab

    with tempfile.TemporaryDirectory(prefix="crash-bench-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'crash.db'}"
        settings = lab_settings(url, Path(tmp))
        database = Database(settings)
        upgrade(database.engine)
        database.dispose()
        summary = lab.run(settings, scripted_sweep=scripted, random_points=points, seed=seed,
                          workers=workers, scratch=Path(tmp) / "devices")
    summary.pop("results")
    return {"points": points, "scripted": scripted, "seed": seed, "workers": workers,
            "database": url.split(":", 1)[0], **summary}


@click.command("crash")
@click.option("--points", default=1000, show_default=True,
              help="Random trials (each one or two SIGKILLs at random points).")
@click.option("--scripted/--no-scripted", default=True, show_default=True,
              help="Also kill before and after every cash session commit of each path.")
@click.option("--seed", default=13, show_default=True)
@click.option("--workers", default=2, show_default=True, help="Trials run side by side.")
@click.option("--database-url", default=None,
              help="A database to run on (default: a fresh SQLite file).")
@click.option("--json", "as_json", is_flag=True, help="Print only the JSON object.")
def crash_command(points: int, scripted: bool, seed: int, workers: int,
                  database_url: str | None, as_json: bool) -> None:
    """Kill the kiosk agent process at every cash state and at random points; check cash."""
    summary = run_crash_lab(database_url, points=points, scripted=scripted, seed=seed,
                            workers=workers)
    if not as_json:
        click.echo(f"{summary['kills']} kills in {summary['trials']} trials, "
                   f"{summary['failures']} failed, {summary['seconds']} s; "
                   f"{summary['recoveries']} restarts recovered: "
                   f"{summary['recovery_settled_by_counters']} sessions settled by the "
                   f"devices' counters, {summary['recovery_suspects']} left to the teller; "
                   f"{summary['teller_reconciled']} suspects reconciled in all",
                   err=True)
    click.echo(json.dumps(summary))
