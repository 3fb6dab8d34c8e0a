"""Device status is announced on the bus at once, with the same JSON the tablets read."""

from shared.devices.status import report_available, report_unavailable
from shared.events import DeviceAvailable, DeviceUnavailable, InProcessBus
from shared.models.enums import DeviceKind


def test_unavailable_then_available_reach_the_branch():
    bus = InProcessBus()
    received = []
    bus.subscribe(received.append)
    report_unavailable(bus, 4, "TST-DOOR-1", DeviceKind.DOOR_CAMERA, "no frames for 5 s")
    report_available(bus, 4, "TST-DOOR-1", DeviceKind.DOOR_CAMERA)
    assert [(e.branch_id, e.payload) for e in received] == [
        (4, DeviceUnavailable("TST-DOOR-1", "door_camera", "no frames for 5 s")),
        (4, DeviceAvailable("TST-DOOR-1", "door_camera")),
    ]
    assert received[0].to_dict()["payload"] == {
        "device_code": "TST-DOOR-1", "device_kind": "door_camera", "detail": "no frames for 5 s"
    }
