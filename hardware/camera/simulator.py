"""A simulated camera: synthetic people crossing the frame, with faults injected on demand."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hardware.camera.base import (
    CameraCapabilities,
    CameraState,
    CameraStatus,
    CameraUnavailable,
    CorruptFrameError,
    Frame,
)
from hardware.camera.pacing import FramePacer

log = logging.getLogger(__name__)

# A simulated face is a square of this green and red; its blue value carries the identity.
FACE_GREEN = 201
FACE_RED = 53


class Fault(StrEnum):
    DROP = "drop"  # the stream is gone for `count` reads, then comes back
    STALL = "stall"  # reads block (bounded) and give nothing for `count` reads
    CORRUPT = "corrupt"  # `count` frames cannot be decoded
    NOISE = "noise"  # `count` frames arrive as garbage pixels
    END = "end"  # the stream ends


@dataclass(frozen=True)
class SimPerson:
    """A face square of `size` px that enters at frame `enter`, leaves at `leave`.

    It moves `dx` px right and `dy` px down each frame (down: walking in, towards a camera
    that faces the door).
    """

    identity: int
    enter: int
    leave: int
    x: int
    y: int
    size: int = 100
    dx: int = 4
    dy: int = 0

    def box_at(self, index: int) -> tuple[int, int, int, int] | None:
        """Return (top, right, bottom, left) of the face at frame `index`, None if absent."""
        if not self.enter <= index < self.leave:
            return None
        left = self.x + (index - self.enter) * self.dx
        top = self.y + (index - self.enter) * self.dy
        return (top, left + self.size, top + self.size, left)


def crossing_scene(
    people: int, fps: float = 15.0, seconds_each: float = 2.0, gap_s: float = 1.0,
    size: int = 100, width: int = 1280, height: int = 720,
) -> list[SimPerson]:
    """Return people walking in one after another, each visible `seconds_each`.

    Each walks diagonally from the top fifth of the frame to its bottom fifth, so a door
    watcher counting at mid-height sees every one of them come in.
    """
    visible = round(seconds_each * fps)
    step = visible + round(gap_s * fps)
    top, travel = height // 5 - size // 2, 3 * height // 5
    return [
        SimPerson(identity=i + 1, enter=i * step, leave=i * step + visible,
                  x=width // 4, y=top, size=size, dx=max(1, (width // 2) // max(visible, 1)),
                  dy=max(1, travel // max(visible, 1)))
        for i in range(people)
    ]


class SimulatedCamera:
    """Synthetic frames with scheduled or on-demand faults; never needs a device or a file.

    `frames` bounds the stream (None: endless). Faults scheduled in `faults` fire when the
    frame index reaches the key; `inject` adds one now. Drops report unavailable once and
    available on recovery through the same callbacks as the real camera.
    """

    def __init__(
        self,
        *,
        width: int = 1280,
        height: int = 720,
        fps: float = 15.0,
        frames: int | None = None,
        people: list[SimPerson] | None = None,
        faults: dict[int, tuple[Fault, int]] | None = None,
        realtime: bool = False,
        max_wait: float = 0.05,
        seed: int = 1,
        background_level: int | None = None,
        painter: Callable[[np.ndarray, SimPerson, tuple[int, int, int, int]], None] | None = None,
        on_unavailable: Callable[[str], None] | None = None,
        on_available: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.width, self.height, self.fps = width, height, fps
        self.frames = frames
        self.people = list(people or [])
        self._scheduled = dict(faults or {})
        self._pacer = FramePacer(fps, realtime, clock, sleep)
        self._max_wait = max_wait
        self._rng = np.random.default_rng(seed)
        self._background_level = background_level
        self._painter = painter
        self._on_unavailable = on_unavailable
        self._on_available = on_available
        self._sleep = sleep  # a stall blocks for max_wait
        self._state = CameraState.CLOSED
        self._detail = ""
        self._index = 0
        self._active: Fault | None = None
        self._remaining = 0
        self._background = np.zeros((height, width, 3), np.uint8)

    def open(self) -> None:
        if self._background_level is not None:
            self._background = np.full((self.height, self.width, 3), self._background_level,
                                       np.uint8)
        else:
            ramp = np.linspace(40, 120, self.width, dtype=np.uint8)[None, :, None]
            self._background = np.ascontiguousarray(
                np.broadcast_to(ramp, (self.height, self.width, 3)))
        self._pacer.start()
        self._state = CameraState.OK

    @property
    def realtime(self) -> bool:
        """Whether reads wait for each frame's time, as a live feed does."""
        return self._pacer.realtime

    def inject(self, fault: Fault, count: int = 1) -> None:
        """Start `fault` now, lasting `count` reads."""
        self._active, self._remaining = fault, max(1, count)
        if fault == Fault.END:
            self._state = CameraState.ENDED
        elif fault == Fault.DROP:
            self._state = CameraState.RECONNECTING
            self._detail = "simulated stream drop"
            log.warning("simulated camera unavailable: %s", self._detail)
            if self._on_unavailable is not None:
                self._on_unavailable(self._detail)

    def read(self) -> Frame | None:
        if self._state == CameraState.CLOSED:
            raise CameraUnavailable("camera is not open")
        if self._active is None and self._index in self._scheduled:
            self.inject(*self._scheduled.pop(self._index))
        if self._state == CameraState.ENDED:
            return None
        if self.frames is not None and self._index >= self.frames:
            self._state = CameraState.ENDED
            return None
        if self._active is not None:
            return self._faulty_read()
        return self._next_frame(self.render(self._index))

    def _faulty_read(self) -> Frame | None:
        fault = self._active
        self._remaining -= 1
        if self._remaining <= 0:
            self._active = None
        if fault == Fault.DROP:
            if self._active is None:
                self._state = CameraState.OK
                self._detail = ""
                log.info("simulated camera available again")
                if self._on_available is not None:
                    self._on_available()
            raise CameraUnavailable("simulated stream drop")
        if fault == Fault.STALL:
            self._sleep(self._max_wait)
            raise CameraUnavailable("simulated stall")
        if fault == Fault.CORRUPT:
            self._index += 1
            raise CorruptFrameError("simulated corrupt frame")
        noise = self._rng.integers(0, 256, (self.height, self.width, 3), dtype=np.uint8)
        return self._next_frame(noise)

    def _next_frame(self, bgr: np.ndarray) -> Frame:
        index = self._index
        self._index += 1
        return Frame(bgr, self._pacer.due(index), index)

    def render(self, index: int) -> np.ndarray:
        """Return the synthetic frame `index`: the background and every person present."""
        frame = self._background.copy()
        for person in self.people:
            box = person.box_at(index)
            if box is None:
                continue
            top, right, bottom, left = box
            top, left = max(top, 0), max(left, 0)
            bottom, right = min(bottom, self.height), min(right, self.width)
            if bottom > top and right > left and self._painter is not None:
                self._painter(frame, person, (top, right, bottom, left))
            elif bottom > top and right > left:
                frame[top:bottom, left:right] = (person.identity % 256, FACE_GREEN, FACE_RED)
        return frame

    def status(self) -> CameraStatus:
        return CameraStatus(self._state, self._detail, self._index, 0)

    def capabilities(self) -> CameraCapabilities:
        return CameraCapabilities("sim://", True, self.width, self.height, self.fps)

    def close(self) -> None:
        self._state = CameraState.CLOSED
