"""The enrolment quality gate: one verdict per photo, with a machine code and a reason."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.biometrics.face.engine import FaceBox, FaceEngine, Landmarks

# Tuned on ../shared/data/faces: every identity photo the HOG detector finds passes
# (LFW's 250x250 crops give faces of 80-120 px, Laplacian variance >= ~15, means 60-200).
MIN_FACE_PX = 60
# Variance of the Laplacian of the grey face crop resampled to BLUR_SIDE px; sharp LFW
# faces measure 30-900, a Gaussian blur of sigma 3 brings them under 5.
BLUR_SIDE = 100
MIN_SHARPNESS = 8.0
MIN_BRIGHTNESS = 40.0  # mean grey level of the face crop, 0-255
MAX_BRIGHTNESS = 220.0
# |yaw ratio|: 0 is frontal, 1 is full profile (nose over one eye); LFW's turned faces
# reach ~0.45, so 0.6 refuses only clearly turned heads.
MAX_YAW = 0.6
# Photos are searched for faces at most this large (upsampled once): a portrait's face
# stays well above MIN_FACE_PX, and HOG on a full 12-megapixel photo takes seconds.
DETECT_MAX_SIDE = 800


@dataclass(frozen=True)
class QualityVerdict:
    """The gate's answer for one photo; `code` is "ok" or the refusal reason."""

    code: str
    reason: str
    box: FaceBox | None = None
    score: float = 0.0  # 0..1, higher is better; stored with the template

    @property
    def ok(self) -> bool:
        return self.code == "ok"


REASONS = {
    "ok": "usable",
    "no_face": "no face found",
    "several_faces": "more than one face in the photo",
    "face_too_small": "face is too small",
    "blurred": "face is blurred",
    "too_dark": "face is too dark",
    "too_bright": "face is too bright",
    "turned_too_far": "face is turned too far from the camera",
}


def _refuse(code: str, detail: str, box: FaceBox | None = None) -> QualityVerdict:
    return QualityVerdict(code, f"{REASONS[code]} ({detail})", box)


def grey_crop(rgb: np.ndarray, box: FaceBox) -> np.ndarray:
    """Return the face crop as float grey levels, clipped to the image."""
    h, w = rgb.shape[:2]
    crop = rgb[max(box.top, 0):min(box.bottom, h), max(box.left, 0):min(box.right, w)]
    return crop.astype(np.float64) @ np.array([0.299, 0.587, 0.114])


def sharpness(grey: np.ndarray, side: int = BLUR_SIDE) -> float:
    """Return the variance of the Laplacian of `grey` resampled to side x side."""
    if grey.shape[0] < 3 or grey.shape[1] < 3:
        return 0.0
    rows = (np.arange(side) * grey.shape[0] / side).astype(int)
    cols = (np.arange(side) * grey.shape[1] / side).astype(int)
    g = grey[rows][:, cols]
    lap = g[:-2, 1:-1] + g[2:, 1:-1] + g[1:-1, :-2] + g[1:-1, 2:] - 4 * g[1:-1, 1:-1]
    return float(lap.var())


def yaw_ratio(marks: Landmarks) -> float:
    """Estimate head turn from where the nose tip sits between the eyes (-1..1)."""
    try:
        left = np.mean(marks["left_eye"], axis=0)
        right = np.mean(marks["right_eye"], axis=0)
        nose = np.mean(marks["nose_tip"], axis=0)
    except (KeyError, ValueError):
        return 0.0
    axis = right - left
    span = float(np.dot(axis, axis))
    if span == 0:
        return 1.0
    # Position of the nose along the eye line: 0.5 when frontal.
    t = float(np.dot(nose - left, axis)) / span
    return float(np.clip((t - 0.5) * 2, -1.0, 1.0))


def assess_face(
    rgb: np.ndarray,
    boxes: list[FaceBox],
    marks: list[Landmarks] | None = None,
    min_face_px: int = MIN_FACE_PX,
) -> QualityVerdict:
    """Judge a photo from its detected boxes (and landmarks); pure, no engine calls."""
    if not boxes:
        return _refuse("no_face", "the detector found none")
    if len(boxes) > 1:
        return _refuse("several_faces", f"{len(boxes)} faces")
    box = boxes[0]
    size = min(box.width, box.height)
    if size < min_face_px:
        return _refuse("face_too_small", f"{size} px, need {min_face_px}", box)
    grey = grey_crop(rgb, box)
    brightness = float(grey.mean()) if grey.size else 0.0
    if brightness < MIN_BRIGHTNESS:
        return _refuse("too_dark", f"mean level {brightness:.0f}", box)
    if brightness > MAX_BRIGHTNESS:
        return _refuse("too_bright", f"mean level {brightness:.0f}", box)
    sharp = sharpness(grey)
    if sharp < MIN_SHARPNESS:
        return _refuse("blurred", f"sharpness {sharp:.1f}, need {MIN_SHARPNESS}", box)
    yaw = yaw_ratio(marks[0]) if marks else 0.0
    if abs(yaw) > MAX_YAW:
        return _refuse("turned_too_far", f"yaw {yaw:+.2f}", box)
    score = min(1.0, sharp / 100.0) * (1.0 - abs(yaw)) * min(1.0, size / 150.0)
    return QualityVerdict("ok", REASONS["ok"], box, round(score, 4))


def detect_faces(
    engine: FaceEngine, rgb: np.ndarray, upsample: int = 1, max_side: int = DETECT_MAX_SIDE
) -> list[FaceBox]:
    """Detect on a copy no larger than `max_side`; return boxes in `rgb`'s coordinates."""
    from shared.biometrics.face.images import downscale

    small, factor = downscale(rgb, max_side)
    boxes = engine.detect(small, upsample=upsample)
    if factor != 1.0:
        boxes = [b.scaled(1 / factor) for b in boxes]
    height, width = rgb.shape[:2]
    return [
        FaceBox(max(b.top, 0), min(b.right, width), min(b.bottom, height), max(b.left, 0))
        for b in boxes
    ]


def assess_photo(
    engine: FaceEngine, rgb: np.ndarray, min_face_px: int = MIN_FACE_PX, upsample: int = 1
) -> QualityVerdict:
    """Detect faces in an enrolment photo and judge it."""
    boxes = detect_faces(engine, rgb, upsample=upsample)
    marks = engine.landmarks(rgb, boxes) if len(boxes) == 1 else None
    return assess_face(rgb, boxes, marks, min_face_px)
