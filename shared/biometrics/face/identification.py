"""Identify the one customer who asked to be recognised, from one photo, against a gallery.

Privacy: the probe's encoding lives only inside `identify_photo`; it is never returned,
logged or stored. An unmatched probe gives the caller nothing but "not recognised".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.biometrics.face.engine import FaceBox, FaceEngine
from shared.biometrics.face.images import load_image
from shared.biometrics.gallery import GalleryIndex
from shared.biometrics.matching import Match, decide


@dataclass(frozen=True)
class Identification:
    """The answer: a customer id when matched, else why not (no face, too small, unknown)."""

    customer_id: int | None
    reason: str  # "matched", "no_face", "too_small" or "not_recognised"
    distance: float | None = None  # to the matched customer's template (fusion uses it)

    @property
    def matched(self) -> bool:
        return self.customer_id is not None


def encode_probe(engine: FaceEngine, rgb: np.ndarray, box: FaceBox, mirror: bool,
                 large: bool = False) -> np.ndarray:
    """Encode one face; with `mirror` its mirror image too, with `large` also aligned by
    68 landmarks instead of 5; the mean of the encodings made."""
    views = [engine.encode(rgb, [box], jitters=1)[0]]
    try:
        if mirror:
            width = rgb.shape[1]
            flipped = np.ascontiguousarray(rgb[:, ::-1])
            views.append(engine.encode(
                flipped, [FaceBox(box.top, width - box.left, box.bottom, width - box.right)])[0])
        if large:
            views.append(engine.encode(rgb, [box], jitters=1, alignment="large")[0])
        return np.mean(views, axis=0, dtype=np.float32) if len(views) > 1 else views.pop()
    finally:
        for view in views:
            view.fill(0)


def identify_photo(
    engine: FaceEngine,
    gallery: GalleryIndex,
    photo: bytes | np.ndarray,
    *,
    threshold: float,
    margin: float,
    min_face_px: int,
    mirror: bool = False,
    large: bool = False,
) -> Identification:
    """Decode `photo`, encode its largest face, decide open-set. Raises ImageError if corrupt.

    `mirror` and `large` add views of the face to its encoding (encode_probe)."""
    rgb = photo if isinstance(photo, np.ndarray) else load_image(photo)
    boxes = engine.detect(rgb)
    if not boxes:
        return Identification(None, "no_face")
    # The person pressing the button stands closest to the kiosk: their face is the largest.
    box = max(boxes, key=lambda b: b.width * b.height)
    if min(box.width, box.height) < min_face_px:
        return Identification(None, "too_small")
    probe = encode_probe(engine, rgb, box, mirror, large)
    try:
        decision = decide(gallery.search(probe), threshold, margin)
    finally:
        probe.fill(0)  # drop the encoding's values at once, whatever the outcome
        del probe
    if isinstance(decision, Match):
        return Identification(decision.customer_id, "matched", decision.distance)
    return Identification(None, "not_recognised")
