"""The replay camera over a folder of images, plain or composited as a door camera."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from hardware.camera import CameraOpenError, CorruptFrameError, ReplayCamera, create_camera


@pytest.fixture
def folder(tmp_path):
    for i in range(3):
        Image.fromarray(np.full((60, 50, 3), 40 * (i + 1), np.uint8)).save(tmp_path / f"{i}.jpg")
    return tmp_path


def test_plain_replay_gives_each_image_once_then_ends(folder):
    camera = ReplayCamera(folder, fps=10)
    camera.open()
    frames = list(iter(camera.read, None))
    assert [f.index for f in frames] == [0, 1, 2]
    assert frames[1].timestamp - frames[0].timestamp == pytest.approx(0.1)
    assert frames[0].bgr.shape == (60, 50, 3)


def test_loop_replays_forever(folder):
    camera = ReplayCamera(folder, loop=True)
    camera.open()
    assert len([camera.read() for _ in range(7)]) == 7


def test_door_canvas_people_enter_and_leave(folder):
    camera = ReplayCamera(folder, canvas=(1280, 720), frames_per_image=4, gap_frames=2,
                          drift_px=10)
    camera.open()
    frames = list(iter(camera.read, None))
    assert len(frames) == 3 * 6 and frames[0].bgr.shape == (720, 1280, 3)
    background = frames[4].bgr  # a gap frame: nobody there
    moved = [np.argwhere(np.any(f.bgr != background, axis=2))[:, 1].min() for f in frames[:4]]
    assert moved == sorted(moved) and moved[1] - moved[0] == 10
    assert np.array_equal(frames[5].bgr, background)


def test_door_canvas_people_walk_down_across_the_middle(folder):
    camera = ReplayCamera(folder, canvas=(1280, 720), frames_per_image=30, walk_px=8)
    camera.open()
    image = camera._image(0)
    first = camera.placement(0, 0, image.shape[1], image.shape[0])
    last = camera.placement(0, 29, image.shape[1], image.shape[0])
    assert last[1] - first[1] == 8 * 29 and last[0] == first[0]
    middles = [(top + image.shape[0] / 2) / 720 for _, top in (first, last)]
    assert middles[0] < 0.5 < middles[1]


def test_corrupt_image_is_skipped_not_fatal(folder):
    (folder / "1.jpg").write_bytes(b"not a jpeg")
    camera = ReplayCamera(folder)
    camera.open()
    assert camera.read().index == 0
    with pytest.raises(CorruptFrameError):
        camera.read()
    assert camera.read().index == 2
    assert camera.read() is None


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CameraOpenError):
        ReplayCamera(tmp_path).open()


def test_factory_builds_a_door_replay_for_a_folder(folder):
    camera = create_camera(str(folder), realtime=False)
    assert isinstance(camera, ReplayCamera) and camera.canvas == (1280, 720)


def test_realtime_paces_reads(folder):
    now = [100.0]
    sleeps = []

    def sleep(s):
        sleeps.append(s)
        now[0] += s

    camera = ReplayCamera(folder, fps=5, realtime=True, clock=lambda: now[0], sleep=sleep)
    camera.open()
    list(iter(camera.read, None))
    assert sum(sleeps) == pytest.approx(0.4)
