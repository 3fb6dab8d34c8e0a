"""The door-camera watcher over the fake engine, the simulated camera and a fake recorder."""

from __future__ import annotations

import threading

import pytest

from hardware.camera import Fault, SimulatedCamera
from kiosk.door.status import CameraStatusReporter
from shared.biometrics.face.fake_engine import FakeFaceEngine
from shared.biometrics.gallery import GalleryIndex
from shared.events import DeviceAvailable, DeviceUnavailable, InProcessBus
from shared.models.enums import PrivacyMode
from tests.door_fakes import (
    STRANGER,
    FakeRecorder,
    SpyEngine,
    camera_for,
    gallery_of,
    make_watcher,
    painter,
    run,
    scene,
)


def test_identifies_enrolled_counts_everyone_and_encodes_only_best_frames():
    engine = SpyEngine()
    gallery = gallery_of(engine, 1, 2)
    engine.encode_calls = 0
    recorder = FakeRecorder()
    camera = camera_for(scene(1, STRANGER, 2))
    watcher, _ = make_watcher(camera, engine, gallery, recorder)

    stats = run(watcher, camera)

    assert stats.ended
    assert [c for c, _ in recorder.arrivals] == [1, 2]
    assert stats.arrivals == 2
    assert stats.people == 3 and stats.decisions == 3 and stats.unknown == 1
    assert sum(p for _, p, _ in recorder.counts) == 3
    assert sum(i for _, _, i in recorder.counts) == 2
    # At most `best_frames` encodes per person, never one per frame.
    assert engine.encode_calls <= 3 * watcher.config.best_frames < stats.frames
    # Detection ran on a fraction of frames only.
    assert stats.detection_rounds <= stats.frames / watcher.config.detect_every + 1


def test_one_arrival_per_visit_window_even_when_a_person_comes_back():
    engine = FakeFaceEngine()
    recorder = FakeRecorder()
    camera = camera_for(scene(1, 1))
    watcher, _ = make_watcher(camera, engine, gallery_of(engine, 1), recorder)

    stats = run(watcher, camera)

    assert stats.decisions == 2 and stats.people == 2
    assert len(recorder.arrivals) == 2  # both tracks recognised...
    assert stats.arrivals == 1  # ...but one visit, one arrival


def test_opt_in_branch_counts_but_never_encodes_or_arrives():
    engine = SpyEngine()
    gallery = gallery_of(engine, 1)
    engine.encode_calls = 0
    recorder = FakeRecorder(PrivacyMode.OPT_IN)
    camera = camera_for(scene(1, STRANGER))
    watcher, _ = make_watcher(camera, engine, gallery, recorder)

    stats = run(watcher, camera)

    assert engine.encode_calls == 0
    assert recorder.arrivals == []
    assert stats.people == 2
    # Nothing can ask the door to identify someone: in opt_in branches that happens only at
    # the kiosk, from its own camera, when the customer presses "Recognise me" (issue 13).
    assert not hasattr(watcher, "identify_on_request")


@pytest.mark.parametrize("fault", [Fault.DROP, Fault.STALL, Fault.CORRUPT, Fault.NOISE])
def test_faults_do_not_crash_the_watcher(fault):
    engine = FakeFaceEngine()
    recorder = FakeRecorder()
    events = []
    bus = InProcessBus()
    bus.subscribe(events.append)
    camera = camera_for(scene(1), faults={6: (fault, 4)})
    watcher, _ = make_watcher(camera, engine, gallery_of(engine, 1), recorder)
    status = CameraStatusReporter(bus, 1, "DOOR-1")
    camera._on_unavailable = status.unavailable
    camera._on_available = status.available

    stats = run(watcher, camera)

    assert stats.ended and stats.frame_errors == 0
    if fault == Fault.NOISE:
        # The fake engine takes a noise frame for one huge face; only survival matters here.
        assert stats.people >= 1
    else:
        assert [c for c, _ in recorder.arrivals] == [1]
    if fault == Fault.DROP:
        payloads = [type(e.payload) for e in events]
        assert payloads == [DeviceUnavailable, DeviceAvailable]
        assert {e.payload.device_code for e in events} == {"DOOR-1"}


def test_failing_recorder_is_survived_and_counts_retried():
    engine = FakeFaceEngine()

    class Flaky(FakeRecorder):
        fail = True

        def count(self, bucket_start, people, identified):
            if self.fail:
                self.fail = False
                raise RuntimeError("database down")
            super().count(bucket_start, people, identified)

        def arrive(self, customer_id, score, now, frame=None, quality=0.0):
            raise RuntimeError("database down")

    recorder = Flaky()
    camera = camera_for(scene(1))
    watcher, _ = make_watcher(camera, engine, gallery_of(engine, 1), recorder)
    stats = run(watcher, camera)
    assert stats.matches == 1 and stats.arrivals == 0
    assert recorder.counts == []  # first flush failed and is kept
    watcher.flush_counts()
    assert sum(p for _, p, _ in recorder.counts) == 1


def test_stop_event_ends_an_endless_stream():
    engine = FakeFaceEngine()
    camera = SimulatedCamera(frames=None, background_level=0, painter=painter)
    watcher, stop = make_watcher(camera, engine, GalleryIndex(), FakeRecorder())
    camera.open()
    thread = threading.Thread(target=watcher.run)
    thread.start()
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


@pytest.mark.parametrize("share", [0.0, 0.95])
def test_a_clear_match_hands_its_frame_over_once_then_zeroes_it(share):
    engine = FakeFaceEngine()
    recorder = FakeRecorder()
    camera = camera_for(scene(1))
    watcher, _ = make_watcher(camera, engine, gallery_of(engine, 1), recorder,
                              learn_distance_share=share)
    stats = run(watcher, camera)
    assert stats.arrivals == 1
    if share == 0.0:
        assert recorder.frames == []
        return
    ((frame, seen),) = recorder.frames
    assert seen.any() and not frame.any()  # what the recorder saw, then dropped in memory
