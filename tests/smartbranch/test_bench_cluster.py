"""The CI short soak of `smartbranch bench cluster`: the whole shape under load, every fault once.

Real parts throughout: its own PostgreSQL (initdb on a free port) and Redis, a NATS hub and
a leaf per branch, ingest, two gunicorn web processes behind HAProxy and an edge per branch
with two agents per kiosk, one door camera replaying the shared data's photos, and (as root)
the cut branch in a network namespace of its own whose link is taken down. No db fixtures:
this runs once, not again in the PostgreSQL pass.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.nats]
SMARTBRANCH = Path(sys.executable).with_name("smartbranch")
# Settings the test profile must not inherit from the shell (the lab sets its own).
KEEP = {"SMARTBRANCH_PATHS_SHARED_DATA_DIR", "SMARTBRANCH_INSIGHTS_MODEL_DIR"}


def _missing() -> str | None:
    """Name the first program the soak needs that this machine lacks."""
    from smartbranch.benchmarks.cluster.local_services import pg_binary
    from smartbranch.cluster.prerequisites import MissingPrerequisite, require_programs

    for program in ("initdb", "pg_ctl"):
        if pg_binary(program) is None:
            return f"{program} (PostgreSQL server) is not installed"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    try:
        require_programs()  # haproxy, nats-server, gunicorn
    except MissingPrerequisite as exc:
        return str(exc)
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: initdb cannot run"
    return None


@pytest.fixture(scope="module")
def soak(tmp_path_factory) -> dict:
    reason = _missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTBRANCH_") or k in KEEP}
    env["SMARTBRANCH_PROFILE"] = "testing"
    log = tmp_path_factory.mktemp("bench-cluster") / "stderr.log"
    with log.open("wb") as err:
        done = subprocess.run([str(SMARTBRANCH), "bench", "cluster", "--short", "--json"],
                              env=env, stdout=subprocess.PIPE, stderr=err, timeout=900)
    notes = log.read_text(errors="replace")
    assert done.returncode == 0, f"bench cluster failed:\n{notes[-6000:]}"
    last = done.stdout.decode().strip().splitlines()[-1]
    result = json.loads(last)
    result["_notes"] = notes
    return result


def test_the_short_soak_loses_and_doubles_nothing(soak):
    context = json.dumps({k: v for k, v in soak.items() if k != "_notes"}, indent=1)
    assert soak["edge_events_sent"] > 0, context
    assert soak["lost"] == 0, context
    assert soak["duplicated"] == 0, context


def test_the_short_soak_keeps_cash_and_ledger_equal(soak):
    context = json.dumps({k: v for k, v in soak.items() if k != "_notes"}, indent=1)
    assert soak["kiosks"]["withdrawals"] > 0, context
    assert soak["double_dispense"] == 0, context
    assert soak["double_posting"] == 0, context
    assert soak["cash_mismatch"] == 0, context


def test_the_cut_pulled_every_link_of_the_branch(soak):
    cut = soak["faults"][-1]
    assert cut["detail"]["link_down"], cut
    if os.geteuid() == 0:  # the machine allows it: the whole branch was cut, not a relay
        assert soak["edge_cut_by"] == "netns", soak["edge_cut_by"]
        assert "PostgreSQL" in cut["detail"]["how"]


def test_every_fault_happened_once_and_held(soak):
    names = [fault["name"].split(":")[0] for fault in soak["faults"]]
    assert names == ["kill_web", "restart_redis", "restart_postgres", "kill_kiosk_agent",
                     "cut_edge"], soak["_notes"][-4000:]
    for fault in soak["faults"]:
        assert fault["held"], (fault, soak["_notes"][-4000:])
        assert fault["ended"] > fault["started"]
    assert soak["held"] is True


def test_the_figures_are_reported(soak):
    for name in ("p95_push_ms", "ingest_events_per_s", "rss_growth_pct"):
        assert isinstance(soak[name], int | float), (name, soak.get(name))
    assert soak["tablets"]["pushes"] > 0
    assert soak["ingest_events_per_s"] > 0


def test_a_door_camera_recognised_real_faces_through_its_edge(soak):
    context = json.dumps({k: v for k, v in soak.items() if k != "_notes"}, indent=1)
    # The shared data's photos, replayed through face recognition at the edge: its arrivals
    # and counts are events of the edge's own stream, checked end to end with the feed's.
    assert soak["door_cameras"], "no door camera replayed photos (paths.shared_data_dir?)"
    assert soak["camera_visits"] >= 1, context
    assert soak["edge_events_sent"] > soak["edge_events_of_the_feed"], context
