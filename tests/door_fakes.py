"""Door-camera scenes, a recording recorder and a spying engine for the watcher's tests."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from hardware.camera import SimPerson, SimulatedCamera
from kiosk.door.config import WatcherConfig
from kiosk.door.crossing import Crossing
from kiosk.door.identify import GalleryIdentifier
from kiosk.door.recorder import Arrival
from kiosk.door.watcher import DoorCameraWatcher
from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.biometrics.gallery import GalleryIndex
from shared.models.enums import PrivacyMode

FACE = 110
STRANGER = 99


def face_image(identity: int, size: int = FACE) -> np.ndarray:
    img = draw_faces([identity], face_px=size)
    return img[20:20 + size, 20:20 + size]


def painter(frame, person, box):
    top, right, bottom, left = box
    face = face_image(person.identity, person.size)
    frame[top:bottom, left:right] = face[: bottom - top, : right - left]


def scene(*identities: int, frames_each: int = 24, gap: int = 12,
          dy: int = 12) -> list[SimPerson]:
    """People one after another, each walking in (down the frame, across its middle)."""
    people = []
    for i, identity in enumerate(identities):
        enter = 3 + i * (frames_each + gap)
        people.append(SimPerson(identity, enter, enter + frames_each, x=300 + 60 * i, y=200,
                                size=FACE, dx=6, dy=dy))
    return people


@dataclass(frozen=True)
class WalkingPerson(SimPerson):
    """A face whose top is at `tops[k]` px, k frames after it appeared (turning, stopping)."""

    tops: tuple[int, ...] = ()

    def box_at(self, index: int) -> tuple[int, int, int, int] | None:
        if not self.enter <= index < self.leave:
            return None
        top = self.tops[min(index - self.enter, len(self.tops) - 1)]
        return (top, self.x + self.size, top + self.size, self.x)


def walking(identity: int, enter: int, *legs: tuple[int, int], start: int = 150,
            x: int = 500) -> WalkingPerson:
    """A person from face top `start` walking `legs` of (frames, px a frame; 0 stands)."""
    tops = [start]
    for frames, step in legs:
        tops += [tops[-1] + step * (i + 1) for i in range(frames)]
    return WalkingPerson(identity, enter, enter + len(tops), x=x, y=start, size=FACE, dx=0,
                         tops=tuple(tops))


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
    """Stands in for the floor services: one open visit per customer, counts recorded."""

    def __init__(self, mode=PrivacyMode.AMBIENT):
        self.mode = mode
        self.arrivals: list[tuple[int, float]] = []
        self.counts: list[tuple[datetime, int, int]] = []
        self.crossings: list[Crossing] = []
        self.open_visits: set[int] = set()
        self.frames: list = []  # frames handed over with arrivals (the watcher zeroes them)

    def privacy_mode(self):
        return self.mode

    def arrive(self, customer_id, score, now, frame=None, quality=0.0):
        self.arrivals.append((customer_id, score))
        if frame is not None:
            self.frames.append((frame, frame.copy()))
        if customer_id in self.open_visits:
            return None
        self.open_visits.add(customer_id)
        return Arrival(len(self.arrivals), customer_id, f"Customer {customer_id}")

    def cross(self, crossing):
        self.crossings.append(crossing)

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

    def encode(self, rgb, boxes, jitters=1, alignment="small"):
        self.encode_calls += 1
        out = super().encode(rgb, boxes, jitters, alignment)
        self.outputs.append(weakref.ref(out))
        self.copies.append(out.copy())  # the test's own copy, to search for afterwards
        return out


def make_watcher(camera, engine, gallery, recorder, **config):
    stop = threading.Event()
    watcher = DoorCameraWatcher(
        camera, engine, GalleryIdentifier(gallery, threshold=0.3, margin=0.05), recorder,
        branch_id=1, device_code="DOOR-1", stop_event=stop, config=WatcherConfig(**config),
    )
    return watcher, stop


def run(watcher, camera):
    camera.open()
    try:
        return watcher.run(max_seconds=30)
    finally:
        camera.close()
