"""The OpenCV camera: a real video file, and reconnection with a capture that fails."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.camera import CameraOpenError, CameraUnavailable, create_camera
from hardware.camera.base import CameraState
from hardware.camera.opencv_camera import OpenCVCamera, next_backoff


@pytest.fixture
def video(tmp_path):
    cv2 = pytest.importorskip("cv2")
    path = tmp_path / "door.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15, (160, 120))
    for i in range(12):
        frame = np.full((120, 160, 3), i * 20, np.uint8)
        writer.write(frame)
    writer.release()
    return path


def test_video_file_reads_every_frame_then_ends_cleanly(video):
    camera = create_camera(str(video))
    camera.open()
    frames = list(iter(camera.read, None))
    assert len(frames) == 12
    assert frames[0].bgr.shape == (120, 160, 3) and frames[-1].index == 11
    assert camera.read() is None  # ended stays ended
    assert camera.status().state == CameraState.ENDED
    camera.close()


def test_missing_video_is_a_clear_error(tmp_path):
    camera = OpenCVCamera(str(tmp_path / "nope.avi"), live=False)
    with pytest.raises(CameraOpenError):
        camera.open()


def test_unknown_source_is_a_clear_error():
    with pytest.raises(CameraOpenError, match="unknown camera source"):
        create_camera("/no/such/thing")


class FakeCapture:
    """A VideoCapture double: `script` says per read whether a frame comes."""

    def __init__(self, opened=True, frames=3):
        self.opened = opened
        self.frames = frames
        self.released = False

    def isOpened(self):  # noqa: N802 - OpenCV's name
        return self.opened

    def read(self):
        if self.frames <= 0:
            return False, None
        self.frames -= 1
        return True, np.zeros((48, 64, 3), np.uint8)

    def get(self, prop):
        return {3: 64, 4: 48, 5: 15}.get(prop, 0)

    def release(self):
        self.released = True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_backoff_doubles_and_is_capped():
    waits = []
    current = 0.0
    for _ in range(8):
        current = next_backoff(current, 0.5, 10.0)
        waits.append(current)
    assert waits == [0.5, 1, 2, 4, 8, 10, 10, 10]


def test_dropped_stream_reconnects_with_backoff_and_reports_once():
    clock = Clock()
    # First capture delivers 3 frames then drops; two reconnects fail; the third works.
    captures = [FakeCapture(frames=3), FakeCapture(opened=False), FakeCapture(opened=False),
                FakeCapture(frames=5)]
    opened = []

    def factory(source):
        opened.append(clock.now)
        return captures.pop(0)

    down, up = [], []
    camera = OpenCVCamera("rtsp://door", capture_factory=factory, clock=clock,
                          sleep=clock.sleep, on_unavailable=down.append,
                          on_available=lambda: up.append(clock.now),
                          initial_backoff=1.0, max_backoff=8.0, max_wait=0.5)
    camera.open()
    assert [camera.read().index for _ in range(3)] == [0, 1, 2]
    errors = 0
    frame = None
    for _ in range(200):
        try:
            frame = camera.read()
            break
        except CameraUnavailable:
            errors += 1
    assert frame is not None and frame.index == 3
    assert len(down) == 1 and len(up) == 1  # once per outage, both ways
    # Reconnect attempts at t=1 (after the 1 s back-off), then +2 s, then +4 s.
    assert opened[1:] == [1.0, 3.0, 7.0]
    assert camera.status().reconnects == 3
    assert camera.capabilities().width == 64


def test_live_source_down_at_start_is_an_outage_not_a_crash():
    clock = Clock()
    captures = [FakeCapture(opened=False), FakeCapture(frames=1)]
    down = []
    camera = OpenCVCamera(0, capture_factory=lambda s: captures.pop(0), clock=clock,
                          sleep=clock.sleep, on_unavailable=down.append, initial_backoff=0.2)
    camera.open()
    assert camera.status().state == CameraState.RECONNECTING
    assert len(down) == 1
    assert camera.read().index == 0  # waited the 0.2 s back-off, then reconnected
    assert clock.now == pytest.approx(0.2)


def test_driver_exception_is_wrapped():
    def factory(source):
        raise RuntimeError("backend exploded")

    camera = OpenCVCamera("/tmp/x.avi", live=False, capture_factory=factory)
    with pytest.raises(CameraOpenError, match="backend exploded"):
        camera.open()
