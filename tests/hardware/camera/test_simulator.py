"""The simulated camera: synthetic people and injected faults."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.camera import (
    CameraOpenError,
    CameraUnavailable,
    CorruptFrameError,
    Fault,
    SimPerson,
    SimulatedCamera,
    create_camera,
    crossing_scene,
)
from hardware.camera.simulator import FACE_GREEN


def read_to_the_end(camera) -> tuple[list[int], int]:
    """Read until the camera ends; return the frame indices read and the outages met."""
    indices, outages = [], 0
    while True:
        try:
            frame = camera.read()
        except CameraUnavailable:
            outages += 1
            continue
        if frame is None:
            return indices, outages
        indices.append(frame.index)


def test_people_appear_move_and_leave():
    camera = SimulatedCamera(frames=10, people=[SimPerson(7, 2, 5, x=100, y=50, size=40, dx=5)])
    camera.open()
    frames = list(iter(camera.read, None))
    assert len(frames) == 10
    green = [np.argwhere(f.bgr[:, :, 1] == FACE_GREEN) for f in frames]
    assert [len(g) > 0 for g in green] == [False, False, True, True, True] + [False] * 5
    assert green[3][:, 1].min() - green[2][:, 1].min() == 5
    assert frames[2].bgr[60, 110, 0] == 7  # identity in the blue channel


def test_people_walk_down_the_frame_and_the_crossing_scene_crosses_its_middle():
    person = SimPerson(1, 0, 10, x=100, y=50, size=40, dx=0, dy=7)
    assert person.box_at(0) == (50, 140, 90, 100) and person.box_at(2) == (64, 140, 104, 100)
    for walker in crossing_scene(3, 15.0):
        first, last = walker.box_at(walker.enter), walker.box_at(walker.leave - 1)
        centres = [(box[0] + box[2]) / 2 / 720 for box in (first, last)]
        assert centres[0] < 0.3 and centres[1] > 0.7  # well either side of mid-height


def test_drop_reports_once_and_recovers():
    down, up = [], []
    camera = SimulatedCamera(frames=20, faults={3: (Fault.DROP, 4)},
                             on_unavailable=down.append, on_available=lambda: up.append(1))
    camera.open()
    got, errors = read_to_the_end(camera)
    assert errors == 4 and len(down) == 1 and len(up) == 1
    assert got == list(range(20))


def test_corrupt_stall_noise_and_end():
    slept = []
    camera = SimulatedCamera(frames=50, sleep=slept.append, max_wait=0.01)
    camera.open()
    camera.inject(Fault.CORRUPT, 2)
    for _ in range(2):
        with pytest.raises(CorruptFrameError):
            camera.read()
    camera.inject(Fault.STALL, 1)
    with pytest.raises(CameraUnavailable):
        camera.read()
    assert slept == [0.01]
    camera.inject(Fault.NOISE, 1)
    noisy = camera.read()
    assert noisy.bgr.shape == (720, 1280, 3) and noisy.bgr.std() > 50
    assert camera.read() is not None
    camera.inject(Fault.END)
    assert camera.read() is None and camera.read() is None


def test_sim_source_string():
    camera = create_camera("sim://?people=2&seconds=2&fps=10&drop_at=5&drop_reads=2",
                           realtime=False)
    camera.open()
    frames, errors = read_to_the_end(camera)
    assert len(frames) == 20 and errors == 2


def test_bad_sim_option_is_a_clear_error():
    with pytest.raises(CameraOpenError, match="unknown sim"):
        create_camera("sim://?peeple=2")
