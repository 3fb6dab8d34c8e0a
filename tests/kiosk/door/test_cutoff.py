"""The identifying gate: a door cut off from the centre too long counts, identifies nobody."""

from __future__ import annotations

import logging
import threading

from kiosk.door.config import WatcherConfig
from kiosk.door.cutoff import IdentifyingGate
from kiosk.door.identify import GalleryIdentifier
from kiosk.door.status import CameraStatusReporter
from kiosk.door.watcher import DoorCameraWatcher
from shared.events import EventKind, InProcessBus
from tests.door_fakes import FakeRecorder, SpyEngine, camera_for, gallery_of, run, scene


class Switch:
    """A cut_off() the test flips."""

    def __init__(self, cut: bool = False):
        self.cut = cut

    def __call__(self) -> bool:
        return self.cut


def _watcher(engine, gallery, recorder, camera, identifying):
    return DoorCameraWatcher(
        camera, engine, GalleryIdentifier(gallery, threshold=0.3, margin=0.05), recorder,
        branch_id=1, device_code="DOOR-1", stop_event=threading.Event(),
        config=WatcherConfig(), identifying=identifying,
    )


def test_gate_reports_each_change_once_both_ways(caplog):
    switch, reports = Switch(), []
    gate = IdentifyingGate(switch, 900, lambda d: reports.append(("pause", d)),
                           lambda: reports.append(("resume",)))
    caplog.set_level(logging.WARNING)
    assert gate() and gate()
    switch.cut = True
    assert not gate() and not gate() and not gate.allowed
    switch.cut = False
    assert gate() and gate()
    assert reports == [("pause", "cut off from the centre for more than 900 s: not "
                                  "identifying, counting only"), ("resume",)]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("paused" in m for m in messages) == 1
    assert sum("resumed" in m for m in messages) == 1


def test_gate_survives_a_failing_report():
    def broken(*_):
        raise RuntimeError("bus down")

    gate = IdentifyingGate(Switch(cut=True), 5, broken, broken)
    assert gate() is False


def test_cut_off_door_counts_people_but_never_encodes_or_identifies():
    """Fails if a cut-off door encoded a face, matched it or announced an arrival."""
    engine, recorder = SpyEngine(), FakeRecorder()
    gallery = gallery_of(engine, 1, 2)
    engine.encode_calls = 0
    camera = camera_for(scene(1, 2))
    gate = IdentifyingGate(Switch(cut=True), 900)
    stats = run(_watcher(engine, gallery, recorder, camera, gate), camera)
    assert stats.people == 2 and stats.decisions == 0
    assert engine.encode_calls == 0 and recorder.arrivals == []
    assert sum(people for _, people, _ in recorder.counts) == 2
    assert sum(identified for _, _, identified in recorder.counts) == 0


def test_open_gate_identifies_as_before():
    engine, recorder = SpyEngine(), FakeRecorder()
    gallery = gallery_of(engine, 1, 2)
    camera = camera_for(scene(1, 2))
    stats = run(_watcher(engine, gallery, recorder, camera, lambda: True), camera)
    assert stats.matches == 2 and [c for c, _ in recorder.arrivals] == [1, 2]


def test_crops_sampled_before_the_cut_are_dropped_unencoded():
    """Fails if the decision after the gate closed still encoded what was sampled before."""
    engine, recorder = SpyEngine(), FakeRecorder()
    gallery = gallery_of(engine, 1)
    engine.encode_calls = 0
    camera = camera_for(scene(1))
    holder = {}

    def open_until_sampled() -> bool:
        # Closes the gate as soon as the watcher holds a face crop of the track.
        watcher = holder.get("watcher")
        return watcher is None or not any(s.samples for s in watcher._states.values())

    watcher = _watcher(engine, gallery, recorder, camera, open_until_sampled)
    holder["watcher"] = watcher
    sampled = []
    original = watcher._decide

    def spy_decide(track, state):
        sampled.append(len(state.samples))
        original(track, state)

    watcher._decide = spy_decide
    stats = run(watcher, camera)
    assert sampled and sampled[0] > 0, "the track was sampled before the gate closed"
    assert engine.encode_calls == 0 and recorder.arrivals == [] and stats.people == 1


def test_a_failing_gate_means_not_identifying():
    def broken() -> bool:
        raise RuntimeError("clock gone")

    engine, recorder = SpyEngine(), FakeRecorder()
    gallery = gallery_of(engine, 1)
    engine.encode_calls = 0
    camera = camera_for(scene(1))
    stats = run(_watcher(engine, gallery, recorder, camera, broken), camera)
    assert engine.encode_calls == 0 and recorder.arrivals == [] and stats.people == 1


def test_pause_and_resume_reach_the_bus_as_camera_status():
    bus, events = InProcessBus(), []
    bus.subscribe(events.append)
    status = CameraStatusReporter(bus, 3, "DOOR-1")
    switch = Switch()
    gate = IdentifyingGate(switch, 60, status.unavailable, status.available)
    switch.cut = True
    gate()
    switch.cut = False
    gate()
    assert [e.kind for e in events] == [EventKind.DEVICE_UNAVAILABLE, EventKind.DEVICE_AVAILABLE]
    assert events[0].payload.device_code == "DOOR-1"
    assert "counting only" in events[0].payload.detail
