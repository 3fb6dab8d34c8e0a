"""An unmatched face's encoding never leaves the watcher's memory, end to end over the
database and the bus: not persisted, not emitted, not logged, not kept."""

from __future__ import annotations

import gc
import logging
import threading
from datetime import timedelta

import numpy as np
from sqlalchemy import select

from hardware.camera import SimulatedCamera
from kiosk.door.config import WatcherConfig
from kiosk.door.identify import GalleryIdentifier
from kiosk.door.recorder import DbVisitRecorder
from kiosk.door.watcher import DoorCameraWatcher
from shared.biometrics.consent import give_consent
from shared.biometrics.face.fake_engine import draw_faces
from shared.biometrics.gallery import GalleryIndex
from shared.events import EventKind, InProcessBus
from shared.models import Base, Device, FootTrafficCount, Visit
from shared.models.analytics import AnalyticsFact
from shared.models.enums import ConsentChannel, DeviceKind, Modality, PrivacyMode
from tests.door_fakes import STRANGER, SpyEngine, camera_for, scene
from tests.factories import make_branch, make_customer


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
    recorder = DbVisitRecorder(database, bus, branch_id, device_id, timedelta(hours=1))
    camera = camera_for(scene(1, STRANGER))
    stop = threading.Event()
    watcher = DoorCameraWatcher(
        camera, engine, GalleryIdentifier(gallery, 0.3, 0.05), recorder, branch_id,
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
    # Not persisted: the visit, the count and the facts are new, and none has the vector.
    with database.session() as session:
        new_rows = set(_all_rows(session)) - before
        assert {r[0] for r in new_rows} <= {"visit", "foot_traffic_count", "customer",
                                            "analytics_fact", "analytics_rollup_hour",
                                            "analytics_rollup_day", "analytics_rollup_month"}
        facts = session.scalars(select(AnalyticsFact.kind)).all()
        assert sorted(facts) == ["arrival", "customer.seen", "door.entry", "door.entry"]
        visits = session.scalars(select(Visit).where(Visit.branch_id == branch_id)).all()
        assert [v.customer_id for v in visits] == [customer_id]
        counts = session.scalars(select(FootTrafficCount)).all()
        assert sum(c.people for c in counts) == 2
    for row in new_rows:
        for value in row:
            assert not any(repr(blob)[2:-1] in value for blob in blobs)
            assert not any(t in str(value) for t in texts)
    # Not emitted: the services announced the arrival, the crossings and the count only.
    kinds = [e.kind for e in events]
    assert kinds.count(EventKind.CUSTOMER_ARRIVED) == 1 and EventKind.TRAFFIC_COUNTED in kinds
    assert kinds.count(EventKind.DOOR_CROSSED) == 2
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
