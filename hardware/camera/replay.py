"""A camera that replays a folder of images, optionally as people crossing a door camera."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from hardware.camera.base import (
    CameraCapabilities,
    CameraOpenError,
    CameraState,
    CameraStatus,
    CameraUnavailable,
    CorruptFrameError,
    Frame,
)
from hardware.camera.pacing import FramePacer

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}
DOOR_CANVAS = (1280, 720)
# People replayed onto the door canvas walk down it this much a frame: over two seconds at
# 15 fps they cross its middle, where a door watcher counts them by default.
DOOR_WALK_PX = 8


def list_images(folder: Path) -> list[Path]:
    """Return the folder's image files sorted by name."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def decode_bgr(path: Path, scale: float = 1.0) -> np.ndarray:
    """Decode an image file into a BGR uint8 array; raise CorruptFrameError if unreadable."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img = img.convert("RGB")
            if scale != 1.0:
                size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
                img = img.resize(size, Image.BILINEAR)
            rgb = np.asarray(img, dtype=np.uint8)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise CorruptFrameError(f"cannot decode {path.name}: {exc}") from exc
    return np.ascontiguousarray(rgb[:, :, ::-1])


def door_background(size: tuple[int, int] = DOOR_CANVAS, seed: int = 7) -> np.ndarray:
    """Return a static, textured BGR background the size of a door camera frame."""
    width, height = size
    rng = np.random.default_rng(seed)
    ramp = np.linspace(60, 150, width, dtype=np.float32)[None, :, None]
    noise = rng.normal(0, 6, (height, width, 1)).astype(np.float32)
    base = np.clip(ramp + noise, 0, 255).astype(np.uint8)
    return np.repeat(base, 3, axis=2) + np.array([0, 6, 12], dtype=np.uint8)


def paste(canvas: np.ndarray, image: np.ndarray, left: int, top: int) -> None:
    """Paste `image` onto `canvas` in place at (left, top), clipped to the canvas."""
    ch, cw = canvas.shape[:2]
    ih, iw = image.shape[:2]
    x0, y0 = max(left, 0), max(top, 0)
    x1, y1 = min(left + iw, cw), min(top + ih, ch)
    if x1 <= x0 or y1 <= y0:
        return
    canvas[y0:y1, x0:x1] = image[y0 - top : y1 - top, x0 - left : x1 - left]


class ReplayCamera:
    """Replays images at `fps`; with `canvas`, each image crosses a door-camera frame.

    Without a canvas every image is one frame. With a canvas (width, height) each image is
    shown for `frames_per_image` frames, drifting `drift_px` right and `walk_px` down per
    frame (walking in, towards a camera facing the door), followed by `gap_frames` empty
    frames: people entering and leaving. `realtime` paces reads at `fps`;
    otherwise frames come as fast as they are read, with timestamps at `fps`. An unreadable
    image raises CorruptFrameError for its frames and the replay goes on.
    """

    def __init__(
        self,
        images: Path | Sequence[Path],
        *,
        fps: float = 15.0,
        loop: bool = False,
        canvas: tuple[int, int] | None = None,
        frames_per_image: int = 1,
        gap_frames: int = 0,
        drift_px: int = 0,
        walk_px: int = 0,
        image_scale: float = 1.0,
        realtime: bool = False,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._folder = images if isinstance(images, Path) else None
        self._paths = list(images) if not isinstance(images, Path) else []
        self.fps = fps
        self.loop = loop
        self.canvas = canvas
        self.frames_per_image = max(1, frames_per_image) if canvas else 1
        self.gap_frames = max(0, gap_frames) if canvas else 0
        self.drift_px = drift_px
        self.walk_px = walk_px
        self.image_scale = image_scale
        self._pacer = FramePacer(fps, realtime, clock, sleep)
        self._state = CameraState.CLOSED
        self._index = 0
        self._background: np.ndarray | None = None
        self._cached: tuple[int, np.ndarray | None, str] | None = None

    def open(self) -> None:
        if self._folder is not None:
            if not self._folder.is_dir():
                raise CameraOpenError(f"not a folder of images: {self._folder}")
            self._paths = list_images(self._folder)
        if not self._paths:
            raise CameraOpenError("no images to replay")
        if self.canvas is not None:
            self._background = door_background(self.canvas)
        self._pacer.start()
        self._index = 0
        self._state = CameraState.OK

    @property
    def realtime(self) -> bool:
        """Whether reads wait for each frame's time, as a live feed does."""
        return self._pacer.realtime

    @property
    def frames_per_pass(self) -> int:
        return len(self._paths) * (self.frames_per_image + self.gap_frames)

    def read(self) -> Frame | None:
        if self._state == CameraState.CLOSED:
            raise CameraUnavailable("camera is not open")
        if self._state == CameraState.ENDED:
            return None
        index = self._index
        if index >= self.frames_per_pass and not self.loop:
            self._state = CameraState.ENDED
            return None
        self._index += 1
        timestamp = self._pacer.due(index)
        position = index % self.frames_per_pass
        slot, offset = divmod(position, self.frames_per_image + self.gap_frames)
        if self.canvas is None:
            return Frame(self._image(slot), timestamp, index)
        canvas = self._background.copy()
        if offset < self.frames_per_image:
            image = self._image(slot)
            left, top = self.placement(slot, offset, image.shape[1], image.shape[0])
            paste(canvas, image, left, top)
        return Frame(canvas, timestamp, index)

    def placement(self, slot: int, offset: int, width: int, height: int) -> tuple[int, int]:
        """Return where image `slot` sits on the canvas `offset` frames after it appeared."""
        cw, ch = self.canvas
        travel = self.drift_px * (self.frames_per_image - 1)
        left = (cw - width - travel) // 2 + offset * self.drift_px
        walk = self.walk_px * (self.frames_per_image - 1)
        top = (ch - height - walk) // 3 + offset * self.walk_px
        return left, top

    def _image(self, slot: int) -> np.ndarray:
        if self._cached is None or self._cached[0] != slot:
            path = self._paths[slot]
            try:
                self._cached = (slot, decode_bgr(path, self.image_scale), "")
            except CorruptFrameError as exc:
                self._cached = (slot, None, str(exc))
        image = self._cached[1]
        if image is None:
            raise CorruptFrameError(self._cached[2])
        return image

    def status(self) -> CameraStatus:
        return CameraStatus(self._state, "", self._index, 0)

    def capabilities(self) -> CameraCapabilities:
        width, height = self.canvas or (0, 0)
        source = str(self._folder) if self._folder else f"{len(self._paths)} images"
        return CameraCapabilities(source, False, width, height, self.fps)

    def close(self) -> None:
        self._state = CameraState.CLOSED
        self._cached = None
