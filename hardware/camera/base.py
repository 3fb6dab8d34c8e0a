"""The camera interface: open, read frames, close; status and capabilities kept apart."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np


class CameraError(Exception):
    """Anything a camera driver raises ends at our interface as one of these."""


class CameraOpenError(CameraError):
    """The source cannot be opened at all (bad path, bad URL, no such device)."""


class CameraUnavailable(CameraError):
    """A live source is down for now; the camera keeps reconnecting with back-off."""


class CorruptFrameError(CameraError):
    """One frame could not be decoded; the next read may well succeed."""


@dataclass(frozen=True)
class Frame:
    """One BGR uint8 image, when it was taken (seconds) and its index from the source."""

    bgr: np.ndarray
    timestamp: float
    index: int

    @property
    def width(self) -> int:
        return int(self.bgr.shape[1])

    @property
    def height(self) -> int:
        return int(self.bgr.shape[0])


class CameraState(StrEnum):
    CLOSED = "closed"
    OK = "ok"
    RECONNECTING = "reconnecting"
    ENDED = "ended"


@dataclass(frozen=True)
class CameraStatus:
    state: CameraState
    detail: str = ""
    frames_read: int = 0
    reconnects: int = 0


@dataclass(frozen=True)
class CameraCapabilities:
    """What the source offers; width, height and fps are 0 when unknown."""

    source: str
    live: bool
    width: int = 0
    height: int = 0
    fps: float = 0.0


class Camera(Protocol):
    """A source of frames; `read` returns None once a finite source has ended."""

    def open(self) -> None:
        """Open the source; raise CameraOpenError when it cannot be opened at all."""
        ...

    def read(self) -> Frame | None:
        """Return the next frame, None at the end; raise CameraError for a passing fault."""
        ...

    def status(self) -> CameraStatus: ...

    def capabilities(self) -> CameraCapabilities: ...

    def close(self) -> None: ...


def validate_frame(image: object) -> np.ndarray:
    """Return `image` if it is an HxWx3 uint8 array; raise CorruptFrameError otherwise."""
    if (
        not isinstance(image, np.ndarray)
        or image.dtype != np.uint8
        or image.ndim != 3
        or image.shape[2] != 3
        or image.shape[0] < 8
        or image.shape[1] < 8
    ):
        shape = getattr(image, "shape", None)
        raise CorruptFrameError(f"not a BGR uint8 frame (shape {shape})")
    return image
