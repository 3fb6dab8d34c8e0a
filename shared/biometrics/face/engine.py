"""The face engine protocol every implementation (dlib, fake) follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

# Named points of one face, e.g. {"left_eye": [(x, y), ...], "nose_tip": [(x, y)]}.
Landmarks = dict[str, list[tuple[int, int]]]


class FaceEngineError(RuntimeError):
    """The engine could not run (model files missing, bad image array)."""


@dataclass(frozen=True)
class FaceBox:
    """A face's box in pixel coordinates of the image it was found in."""

    top: int
    right: int
    bottom: int
    left: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def scaled(self, factor: float) -> FaceBox:
        """Return the box in an image `factor` times the size (e.g. 1/scale after downscaling)."""
        return FaceBox(
            round(self.top * factor),
            round(self.right * factor),
            round(self.bottom * factor),
            round(self.left * factor),
        )

    def as_css(self) -> tuple[int, int, int, int]:
        """Return (top, right, bottom, left), the order face_recognition uses."""
        return (self.top, self.right, self.bottom, self.left)


class FaceEngine(Protocol):
    """Detects faces and turns them into fixed-length encodings; images are RGB uint8."""

    model_version: str
    dimension: int
    near_duplicate: float  # two enrolment photos nearer than this are one photo twice

    def detect(self, rgb: np.ndarray, upsample: int = 0) -> list[FaceBox]: ...

    def encode(self, rgb: np.ndarray, boxes: list[FaceBox], jitters: int = 1,
               alignment: str = "small") -> np.ndarray:
        """Return one float32 row per box, shape (len(boxes), dimension); `alignment` names
        the landmarks the face is aligned by ("small": 5, "large": 68)."""
        ...

    def landmarks(self, rgb: np.ndarray, boxes: list[FaceBox]) -> list[Landmarks]:
        """Return named landmark points per box (at least nose_tip, left_eye, right_eye)."""
        ...
