"""A camera over OpenCV's VideoCapture: a device index, an RTSP or HTTP URL, or a video file."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from hardware.camera.base import (
    CameraCapabilities,
    CameraOpenError,
    CameraState,
    CameraStatus,
    CameraUnavailable,
    Frame,
    validate_frame,
)

log = logging.getLogger(__name__)

# Consecutive failed grabs on a live source before it counts as dropped.
FAILED_READS_BEFORE_DROP = 3


def _opencv_capture(source: int | str) -> Any:
    import cv2  # only processes that use a real camera need OpenCV

    capture = cv2.VideoCapture(source)
    return capture


def next_backoff(current: float, initial: float, maximum: float) -> float:
    """Return the wait before the next reconnect attempt: doubled, capped at `maximum`."""
    if current <= 0:
        return initial
    return min(current * 2, maximum)


class OpenCVCamera:
    """Reads frames; a live stream that drops is reopened with exponential back-off.

    `on_unavailable(detail)` is called once per outage and `on_available()` once on recovery.
    `read` never blocks longer than `max_wait` seconds while the stream is down: it raises
    CameraUnavailable so the caller can check its stop event. A video file that ends ends.
    """

    def __init__(
        self,
        source: int | str,
        *,
        live: bool | None = None,
        on_unavailable: Callable[[str], None] | None = None,
        on_available: Callable[[], None] | None = None,
        initial_backoff: float = 0.5,
        max_backoff: float = 30.0,
        max_wait: float = 0.5,
        capture_factory: Callable[[int | str], Any] = _opencv_capture,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.source = source
        self.live = live if live is not None else _is_live(source)
        self._on_unavailable = on_unavailable
        self._on_available = on_available
        self._initial_backoff = initial_backoff
        self._max_backoff = max_backoff
        self._max_wait = max_wait
        self._capture_factory = capture_factory
        self._clock = clock
        self._sleep = sleep
        self._capture: Any = None
        self._state = CameraState.CLOSED
        self._detail = ""
        self._index = 0
        self._failed_reads = 0
        self._backoff = 0.0
        self._next_attempt = 0.0
        self._reconnects = 0
        self._outage_reported = False

    def open(self) -> None:
        try:
            capture = self._capture_factory(self.source)
        except Exception as exc:  # noqa: BLE001 - driver errors end at our interface
            raise CameraOpenError(f"cannot open camera {self.source!r}: {exc}") from exc
        if capture is None or not capture.isOpened():
            _release(capture)
            if not self.live:
                raise CameraOpenError(f"cannot open video {self.source!r}")
            # A live source that is down at start is an outage, not a bad configuration.
            self._enter_outage(f"cannot open {self.source!r}")
            return
        self._capture = capture
        self._state = CameraState.OK

    def read(self) -> Frame | None:
        if self._state == CameraState.ENDED:
            return None
        if self._state == CameraState.CLOSED:
            raise CameraUnavailable("camera is not open")
        if self._state == CameraState.RECONNECTING:
            self._try_reconnect()
        try:
            ok, image = self._capture.read()
        except Exception as exc:  # noqa: BLE001 - e.g. cv2.error on a broken stream
            ok, image = False, None
            log.debug("camera %r read raised %s", self.source, exc)
        if not ok or image is None:
            return self._failed_read()
        self._failed_reads = 0
        bgr = validate_frame(image)  # raises CorruptFrameError on a malformed frame
        frame = Frame(bgr=bgr, timestamp=time.time(), index=self._index)
        self._index += 1
        return frame

    def _failed_read(self) -> Frame | None:
        if not self.live:
            self._state = CameraState.ENDED
            self._detail = "end of video"
            _release(self._capture)
            self._capture = None
            return None
        self._failed_reads += 1
        if self._failed_reads >= FAILED_READS_BEFORE_DROP:
            self._enter_outage(f"stream {self.source!r} dropped")
        raise CameraUnavailable(f"no frame from {self.source!r}")

    def _enter_outage(self, detail: str) -> None:
        _release(self._capture)
        self._capture = None
        self._state = CameraState.RECONNECTING
        self._detail = detail
        self._failed_reads = 0
        self._backoff = next_backoff(0, self._initial_backoff, self._max_backoff)
        self._next_attempt = self._clock() + self._backoff
        if not self._outage_reported:
            self._outage_reported = True
            log.warning("camera %r unavailable: %s", self.source, detail)
            if self._on_unavailable is not None:
                self._on_unavailable(detail)

    def _try_reconnect(self) -> None:
        wait = self._next_attempt - self._clock()
        if wait > 0:
            self._sleep(min(wait, self._max_wait))
            if self._next_attempt - self._clock() > 0:
                raise CameraUnavailable(self._detail)
        self._reconnects += 1
        try:
            capture = self._capture_factory(self.source)
            opened = capture is not None and capture.isOpened()
        except Exception as exc:  # noqa: BLE001
            capture, opened = None, False
            log.debug("reconnect to %r raised %s", self.source, exc)
        if not opened:
            _release(capture)
            self._backoff = next_backoff(self._backoff, self._initial_backoff, self._max_backoff)
            self._next_attempt = self._clock() + self._backoff
            raise CameraUnavailable(self._detail)
        self._capture = capture
        self._state = CameraState.OK
        self._detail = ""
        self._backoff = 0.0
        if self._outage_reported:
            self._outage_reported = False
            log.info("camera %r available again", self.source)
            if self._on_available is not None:
                self._on_available()

    def status(self) -> CameraStatus:
        return CameraStatus(self._state, self._detail, self._index, self._reconnects)

    def capabilities(self) -> CameraCapabilities:
        width = height = 0
        fps = 0.0
        if self._capture is not None:
            try:
                width = int(self._capture.get(3))  # CAP_PROP_FRAME_WIDTH
                height = int(self._capture.get(4))  # CAP_PROP_FRAME_HEIGHT
                fps = float(self._capture.get(5))  # CAP_PROP_FPS
            except Exception:  # noqa: BLE001 - capabilities are best effort
                pass
        return CameraCapabilities(str(self.source), self.live, width, height, fps)

    def close(self) -> None:
        _release(self._capture)
        self._capture = None
        self._state = CameraState.CLOSED


def _is_live(source: int | str) -> bool:
    if isinstance(source, int):
        return True
    return "://" in source


def _release(capture: Any) -> None:
    if capture is None:
        return
    try:
        capture.release()
    except Exception:  # noqa: BLE001
        pass
