"""`smartbranch edge`: which device processes a branch edge runs."""

from __future__ import annotations

import pytest

from shared.models import Device
from shared.models.enums import DeviceKind
from smartbranch.cluster.shape import ReplayPace, edge_spec
from smartbranch.commands.edge import branch_devices, edge_specs
from smartbranch.context import CliError
from tests.factories import make_branch, make_kiosk

ENV = {"SMARTBRANCH_CLUSTER_EDGE_NATS_URL": "nats://127.0.0.1:7422"}


def test_one_agent_per_kiosk_and_a_watcher_per_door_source(tmp_path):
    specs = edge_specs("LDN-01", ["LDN-01-K1", "LDN-01-K2"], ["LDN-01-DOOR-1"],
                       ["sim://?people=2", "/srv/door2.mp4"], ENV, tmp_path)
    assert [s.name for s in specs] == ["agent:LDN-01-K1", "agent:LDN-01-K2",
                                       "camera:LDN-01-DOOR-1", "camera:LDN-01-DOOR-2"]
    assert specs[0].argv[-3:] == ["agent", "--kiosk", "LDN-01-K1"]
    assert specs[3].argv[-7:] == ["--source", "/srv/door2.mp4", "--branch", "LDN-01",
                                  "--device", "LDN-01-DOOR-2", "--edge"]
    assert all(s.env == ENV for s in specs)
    assert specs[1].log_file == tmp_path / "agent-LDN-01-K2.log"


def test_a_replaying_door_camera_gets_its_pace(tmp_path):
    pace = ReplayPace(fps=3.0, loop=True)
    specs = edge_specs("LDN-01", [], [], ["/srv/door-replay"], ENV, None, pace=pace)
    assert specs[0].argv[-3:] == ["--fps", "3", "--loop"]
    edge = edge_spec("LDN-01", "nats://127.0.0.1:7422", ENV, tmp_path,
                     door_cameras=["/srv/door-replay"], door_replay=pace)
    assert edge.argv[-5:] == ["--door-camera", "/srv/door-replay", "--door-camera-fps", "3",
                              "--door-camera-loop"]


def test_standby_doubles_the_agents_of_every_kiosk():
    specs = edge_specs("MAN-01", ["MAN-01-K1"], [], [], ENV, None, standby=True)
    assert [s.name for s in specs] == ["agent:MAN-01-K1", "agent:MAN-01-K1:standby"]
    assert specs[0].argv == specs[1].argv
    assert specs[0].log_file is None


def test_the_branch_devices_come_from_the_device_table(db_session):
    branch = make_branch(db_session, "EDG-01")
    make_kiosk(db_session, branch, "EDG-01-K2")
    make_kiosk(db_session, branch, "EDG-01-K1")
    db_session.add(Device(branch_id=branch.id, code="EDG-01-DOOR-1", name="door",
                          kind=DeviceKind.DOOR_CAMERA))
    other = make_branch(db_session, "EDG-02")
    make_kiosk(db_session, other, "EDG-02-K1")
    db_session.flush()

    assert branch_devices(db_session, "EDG-01") == (["EDG-01-K1", "EDG-01-K2"],
                                                     ["EDG-01-DOOR-1"])
    with pytest.raises(CliError, match="no branch NOPE"):
        branch_devices(db_session, "NOPE")
