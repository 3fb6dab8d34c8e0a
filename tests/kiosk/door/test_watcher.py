"""The door-camera watcher over the fake engine and the simulated camera."""

from __future__ import annotations

import gc
import logging
import threading
import weakref
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from hardware.camera import Fault, SimPerson, SimulatedCamera
from kiosk.door.identify import GalleryIdentifier
from kiosk.door.recorder import Arrival, DbVisitRecorder
from kiosk.door.regions import cell_regions, merge_regions, motion_cells, resize_nearest
from kiosk.door.watcher import (
    DoorCameraWatcher,
    WatcherConfig,
    quality_score,
    should_decide,
)
from shared.biometrics.consent import give_consent
from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.biometrics.gallery import GalleryIndex
from shared.events import EventKind, InProcessBus
from shared.models import Base, Device, FootTrafficCount, Visit
from shared.models.enums import ConsentChannel, DeviceKind, Modality, PrivacyMode
from tests.factories import make_branch, make_customer

FACE = 110
STRANGER = 99


def face_image(identity: int, size: int = FACE) -> np.ndarray:
    img = draw_faces([identity], face_px=size)
    return img[20:20 + size, 20:20 + size]


def painter(frame, person, box):
    top, right, bottom, left = box
    face = face_image(person.identity, person.size)
    frame[top:bottom, left:right] = face[: bottom - top, : right - left]


def scene(*identities: int, frames_each: int = 24, gap: int = 12) -> list[SimPerson]:
    people = []
    for i, identity in enumerate(identities):
        enter = 3 + i * (frames_each + gap)
        people.append(SimPerson(identity, enter, enter + frames_each, x=300 + 60 * i, y=200,
                                size=FACE, dx=6))
    return people


def camera_for(people, frames=None, **kw) -> SimulatedCamera:
    last = max(p.leave for p in people) + 15
    return SimulatedCamera(frames=frames or last, people=people, background_level=0,
                           painter=painter, **kw)


def gallery_of(engine, *identities: int) -> GalleryIndex:
    gallery = GalleryIndex()
    for identity in identities:
        img = draw_faces([identity], face_px=128, variant=1)
        gallery.add(identity, engine.encode(img, engine.detect(img)))
    return gallery


class FakeRecorder:
    def __init__(self, mode=PrivacyMode.AMBIENT):
        self.mode = mode
        self.arrivals: list[tuple[int, float]] = []
        self.counts: list[tuple[datetime, int, int]] = []
        self.open_visits: set[int] = set()

    def privacy_mode(self):
        return self.mode

    def arrive(self, customer_id, score, now):
        self.arrivals.append((customer_id, score))
        if customer_id in self.open_visits:
            return None
        self.open_visits.add(customer_id)
        return Arrival(len(self.arrivals), customer_id, f"Customer {customer_id}")

    def count(self, bucket_start, people, identified):
        self.counts.append((bucket_start, people, identified))


class SpyEngine(FakeFaceEngine):
    """Remembers (weakly) every encoding it hands out, and how often it was asked."""

    def __init__(self):
        super().__init__()
        self.outputs: list[weakref.ref] = []
        self.copies: list[np.ndarray] = []
        self.encode_calls = 0
        self.detect_calls = 0

    def detect(self, rgb, upsample=0):
        self.detect_calls += 1
        return super().detect(rgb, upsample)

    def encode(self, rgb, boxes, jitters=1):
        self.encode_calls += 1
        out = super().encode(rgb, boxes, jitters)
        self.outputs.append(weakref.ref(out))
        self.copies.append(out.copy())  # the test's own copy, to search for afterwards
        return out


def make_watcher(camera, engine, gallery, recorder, bus=None, **config):
    stop = threading.Event()
    cfg = WatcherConfig(**config)
    watcher = DoorCameraWatcher(
        camera, engine, GalleryIdentifier(gallery, threshold=0.3, margin=0.05), recorder,
        bus or InProcessBus(), branch_id=1, device_code="DOOR-1", stop_event=stop, config=cfg,
    )
    return watcher, stop


def run(watcher, camera):
    camera.open()
    try:
        return watcher.run(max_seconds=30)
    finally:
        camera.close()


def test_identifies_enrolled_counts_everyone_and_encodes_only_best_frames():
    engine = SpyEngine()
    gallery = gallery_of(engine, 1, 2)
    engine.encode_calls = 0
    recorder = FakeRecorder()
    events = []
    bus = InProcessBus()
    bus.subscribe(events.append)
    camera = camera_for(scene(1, STRANGER, 2))
    watcher, _ = make_watcher(camera, engine, gallery, recorder, bus)

    stats = run(watcher, camera)

    assert stats.ended
    assert [c for c, _ in recorder.arrivals] == [1, 2]
    assert stats.people == 3 and stats.decisions == 3 and stats.unknown == 1
    assert sum(p for _, p, _ in recorder.counts) == 3
    assert sum(i for _, _, i in recorder.counts) == 2
    # At most `best_frames` encodes per person, never one per frame.
    assert engine.encode_calls <= 3 * watcher.config.best_frames < stats.frames
    # Detection ran on a fraction of frames only.
    assert stats.detection_rounds <= stats.frames / watcher.config.detect_every + 1
    kinds = [e.kind for e in events]
    assert kinds.count(EventKind.CUSTOMER_ARRIVED) == 2
    assert EventKind.TRAFFIC_COUNTED in kinds


def test_one_arrival_per_visit_window_even_when_a_person_comes_back():
    engine = FakeFaceEngine()
    recorder = FakeRecorder()
    events = []
    bus = InProcessBus()
    bus.subscribe(events.append)
    camera = camera_for(scene(1, 1))
    watcher, _ = make_watcher(camera, engine, gallery_of(engine, 1), recorder, bus)

    stats = run(watcher, camera)

    assert stats.decisions == 2 and stats.people == 2
    assert len(recorder.arrivals) == 2  # both tracks recognised...
    arrived = [e for e in events if e.kind == EventKind.CUSTOMER_ARRIVED]
    assert len(arrived) == 1  # ...but one visit, one arrival


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


def test_identify_on_request_works_in_opt_in():
    engine = FakeFaceEngine()
    recorder = FakeRecorder(PrivacyMode.OPT_IN)
    camera = camera_for(scene(1))
    watcher, _ = make_watcher(camera, engine, gallery_of(engine, 1), recorder)
    camera.open()
    frame = next(f for f in iter(camera.read, None) if f.bgr.max() > 0)

    match = watcher.identify_on_request(frame)

    assert match is not None and match.customer_id == 1
    assert recorder.arrivals[0][0] == 1


@pytest.mark.parametrize("fault", [Fault.DROP, Fault.STALL, Fault.CORRUPT, Fault.NOISE])
def test_faults_do_not_crash_the_watcher(fault):
    engine = FakeFaceEngine()
    recorder = FakeRecorder()
    events = []
    bus = InProcessBus()
    bus.subscribe(events.append)
    people = scene(1)
    camera = camera_for(people, faults={6: (fault, 4)})
    watcher, _ = make_watcher(camera, engine, gallery_of(engine, 1), recorder, bus)
    camera._on_unavailable = watcher.device_unavailable
    camera._on_available = watcher.device_available

    stats = run(watcher, camera)

    assert stats.ended and stats.frame_errors == 0
    if fault == Fault.NOISE:
        # The fake engine takes a noise frame for one huge face; only survival matters here.
        assert stats.people >= 1
    else:
        assert [c for c, _ in recorder.arrivals] == [1]
    if fault == Fault.DROP:
        kinds = [e.kind for e in events]
        assert kinds.count(EventKind.DEVICE_UNAVAILABLE) == 1
        assert kinds.count(EventKind.DEVICE_AVAILABLE) == 1


def test_failing_recorder_is_survived_and_counts_retried():
    engine = FakeFaceEngine()

    class Flaky(FakeRecorder):
        fail = True

        def count(self, bucket_start, people, identified):
            if self.fail:
                self.fail = False
                raise RuntimeError("database down")
            super().count(bucket_start, people, identified)

        def arrive(self, customer_id, score, now):
            raise RuntimeError("database down")

    recorder = Flaky()
    camera = camera_for(scene(1))
    watcher, _ = make_watcher(camera, engine, gallery_of(engine, 1), recorder)
    run(watcher, camera)
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


# --- privacy: an unmatched face's encoding never leaves memory -------------------------------


def _fingerprints(vectors: list[np.ndarray]) -> list[str]:
    """Texts any printout of these vectors would contain: the first components, truncated."""
    texts = set()
    for vector in vectors:
        for v in vector.ravel()[:8]:
            if abs(v) > 1e-3:
                text = f"{v:.8f}"
                texts.add(text[: text.index(".") + 5])
    return sorted(texts)


def _reachable_arrays(obj, skip: tuple, seen: set | None = None, depth: int = 0):
    """Yield every ndarray reachable from `obj` through attributes and containers."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 8 or isinstance(obj, skip):
        return
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _reachable_arrays(value, skip, seen, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for value in obj:
            yield from _reachable_arrays(value, skip, seen, depth + 1)
    elif hasattr(obj, "__dict__"):
        yield from _reachable_arrays(vars(obj), skip, seen, depth + 1)


def _all_rows(session) -> list[tuple]:
    rows = []
    for table in Base.metadata.sorted_tables:
        rows += [(table.name, *map(repr, r)) for r in session.execute(select(table)).all()]
    return rows


def test_unmatched_encoding_is_never_persisted_emitted_logged_or_kept(database, caplog):
    with database.session() as session:
        branch = make_branch(session, privacy_mode=PrivacyMode.AMBIENT)
        device = Device(branch_id=branch.id, code=f"{branch.code}-DOOR", name="Door",
                        kind=DeviceKind.DOOR_CAMERA)
        session.add(device)
        customer = make_customer(session, branch)
        give_consent(session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
        ids = branch.id, device.id, customer.id
    branch_id, device_id, customer_id = ids
    with database.session() as session:
        before = set(_all_rows(session))

    engine = SpyEngine()
    gallery = GalleryIndex()
    img = draw_faces([1], face_px=128, variant=1)
    gallery.add(customer_id, engine.encode(img, engine.detect(img)))
    engine.outputs.clear()
    engine.copies.clear()
    events = []
    bus = InProcessBus()
    bus.subscribe(events.append)
    recorder = DbVisitRecorder(database, branch_id, device_id, timedelta(hours=1))
    camera = camera_for(scene(1, STRANGER))
    stop = threading.Event()
    watcher = DoorCameraWatcher(
        camera, engine, GalleryIdentifier(gallery, 0.3, 0.05), recorder, bus, branch_id,
        "DOOR", stop, WatcherConfig(),
    )
    caplog.set_level(logging.DEBUG)

    camera.open()
    stats = watcher.run(max_seconds=30)

    assert stats.decisions == 2 and stats.unknown == 1 and stats.arrivals == 1
    stranger = [v for v in engine.copies if gallery.search(v[0])[0].distance > 0.3]
    assert stranger, "the stranger was encoded"
    texts = _fingerprints(stranger)
    blobs = [v.tobytes()[:16] for v in stranger]
    # Not persisted: only the visit and the count are new, and none carries the vector.
    with database.session() as session:
        new_rows = set(_all_rows(session)) - before
        assert {r[0] for r in new_rows} <= {"visit", "foot_traffic_count", "customer"}
        visits = session.scalars(select(Visit).where(Visit.branch_id == branch_id)).all()
        assert [v.customer_id for v in visits] == [customer_id]
        counts = session.scalars(select(FootTrafficCount)).all()
        assert sum(c.people for c in counts) == 2
    for row in new_rows:
        for value in row:
            assert not any(repr(blob)[2:-1] in value for blob in blobs)
            assert not any(t in str(value) for t in texts)
    # Not emitted.
    for event in events:
        assert not any(t in repr(event.to_dict()) for t in texts)
    # Not logged.
    for record in caplog.records:
        assert not any(t in record.getMessage() for t in texts)
    # Not kept: every encoding the engine produced is released while the watcher lives on.
    gc.collect()
    skip = (GalleryIndex, SimulatedCamera, InProcessBus, SpyEngine, DbVisitRecorder)
    for array in _reachable_arrays(watcher, skip):
        rows = array.reshape(-1, array.shape[-1]) if array.size else array
        if array.size and array.shape[-1] == 128:
            assert not any(np.allclose(r, v[0], atol=1e-5) for r in rows for v in stranger)
    assert engine.outputs and all(ref() is None for ref in engine.outputs)


# --- pure helpers -----------------------------------------------------------------------


def test_motion_cells_and_regions():
    prev = np.zeros((90, 160), np.uint8)
    cur = prev.copy()
    cur[10:30, 20:40] = 200
    cur[60:80, 120:150] = 200
    cells = motion_cells(prev, cur, 20, 4, 0.1)
    regions = cell_regions(cells, 32)
    assert len(regions) == 2
    top, right, bottom, left = sorted(regions)[0]
    assert top <= 80 and bottom >= 240 and left <= 160 and right >= 320


def test_merge_regions_merges_overlaps_only():
    merged = merge_regions([(0, 100, 100, 0), (50, 150, 150, 50), (300, 400, 400, 300)])
    assert sorted(merged) == [(0, 150, 150, 0), (300, 400, 400, 300)]


def test_quality_prefers_sharp_large_faces():
    rng = np.random.default_rng(0)
    sharp = rng.uniform(40, 200, (120, 120))
    blurred = np.full((120, 120), 120.0)
    assert quality_score(sharp, 180, 90) > quality_score(blurred, 180, 90)
    assert quality_score(sharp, 180, 90) > quality_score(sharp, 90, 90)


def test_should_decide_rules():
    assert not should_decide(0, 5, 10, True, 2, 0.6)
    assert not should_decide(2, 1, 10, True, 2, 0.6)
    assert not should_decide(2, 2, 0.2, False, 2, 0.6)
    assert should_decide(2, 2, 0.7, False, 2, 0.6)
    assert should_decide(1, 2, 0.1, True, 2, 0.6)


def test_resize_nearest_is_contiguous():
    img = np.arange(100 * 80 * 3, dtype=np.uint8).reshape(100, 80, 3)[:, :, ::-1]
    out = resize_nearest(img, 0.5)
    assert out.shape == (50, 40, 3) and out.flags.c_contiguous


def test_bucket_is_timezone_aware():
    from kiosk.door.watcher import bucket_of

    start = bucket_of(datetime(2026, 1, 1, 10, 7, tzinfo=UTC), timedelta(minutes=15))
    assert start == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
