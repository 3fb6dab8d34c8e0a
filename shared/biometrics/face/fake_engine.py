"""A fast, deterministic face engine over synthetic images, for tests."""

from __future__ import annotations

import numpy as np

from shared.biometrics.face.engine import FaceBox, Landmarks

GRID = (8, 16)  # rows x columns of the identity pattern: 128 cells, one per dimension
GAP = 20  # black pixels around and between synthetic faces


def _pattern(identity: int) -> np.ndarray:
    return np.random.default_rng(identity).uniform(60, 200, GRID)


def _resize_cells(grid: np.ndarray, height: int, width: int) -> np.ndarray:
    rows = np.minimum(np.arange(height) * grid.shape[0] // height, grid.shape[0] - 1)
    cols = np.minimum(np.arange(width) * grid.shape[1] // width, grid.shape[1] - 1)
    return grid[rows][:, cols]


def _box_blur(img: np.ndarray, radius: int) -> np.ndarray:
    out = img.astype(np.float64)
    for axis in (0, 1):
        size = 2 * radius + 1
        padded = np.pad(out, [(radius, radius) if a == axis else (0, 0) for a in range(2)],
                        mode="edge")
        cs = np.cumsum(padded, axis=axis)
        cs = np.insert(cs, 0, 0, axis=axis)
        hi = np.take(cs, np.arange(size, cs.shape[axis]), axis=axis)
        lo = np.take(cs, np.arange(0, cs.shape[axis] - size), axis=axis)
        out = (hi - lo) / size
    return out


def draw_faces(
    identities: list[int],
    face_px: int = 128,
    variant: int = 0,
    brightness: float = 1.0,
    blur: int = 0,
) -> np.ndarray:
    """Draw one synthetic face per identity, side by side on black; RGB uint8."""
    width = GAP + len(identities) * (face_px + GAP)
    height = face_px + 2 * GAP
    img = np.zeros((height, max(width, 2 * GAP), 3), dtype=np.uint8)
    noise = np.random.default_rng(10_000 + variant)
    for i, identity in enumerate(identities):
        grid = _pattern(identity) + (noise.normal(0, 4, GRID) if variant else 0)
        face = _resize_cells(grid, face_px, face_px)
        if blur:
            face = _box_blur(face, blur)
        face = np.clip(face * brightness, 1, 255).astype(np.uint8)
        left = GAP + i * (face_px + GAP)
        img[GAP:GAP + face_px, left:left + face_px] = face[:, :, None]
    return img


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2], edges[1::2], strict=True))


class FakeFaceEngine:
    """FaceEngine over `draw_faces` images: faces are the non-black blocks."""

    dimension = 128
    # Variants of one synthetic face lie 0.07-0.10 apart (different photos of a person);
    # the same image encodes the same, so only a real repeat falls under this.
    near_duplicate = 0.01

    def __init__(self, model_version: str = "fake-v1"):
        self.model_version = model_version

    def detect(self, rgb: np.ndarray, upsample: int = 0) -> list[FaceBox]:
        """Return the box of every non-black block, left to right."""
        mask = rgb.max(axis=2) > 0
        boxes = []
        for left, right in _runs(mask.any(axis=0)):
            for top, bottom in _runs(mask[:, left:right].any(axis=1)):
                boxes.append(FaceBox(int(top), int(right), int(bottom), int(left)))
        return boxes

    def encode(self, rgb: np.ndarray, boxes: list[FaceBox], jitters: int = 1,
               alignment: str = "small") -> np.ndarray:
        """Return the unit-length, centred cell means of each face, shape (n, 128); the
        fake aligns by nothing, so every `alignment` gives the same rows."""
        rows = np.zeros((len(boxes), self.dimension), dtype=np.float32)
        for i, box in enumerate(boxes):
            crop = rgb[box.top:box.bottom, box.left:box.right].mean(axis=2)
            r_idx = np.minimum(np.arange(crop.shape[0]) * GRID[0] // crop.shape[0], GRID[0] - 1)
            c_idx = np.minimum(np.arange(crop.shape[1]) * GRID[1] // crop.shape[1], GRID[1] - 1)
            sums = np.zeros(GRID)
            counts = np.zeros(GRID)
            np.add.at(sums, (r_idx[:, None], c_idx[None, :]), crop)
            np.add.at(counts, (r_idx[:, None], c_idx[None, :]), 1)
            cells = (sums / np.maximum(counts, 1)).ravel()
            cells -= cells.mean()
            norm = np.linalg.norm(cells)
            rows[i] = cells / norm if norm else cells
        return rows

    def landmarks(self, rgb: np.ndarray, boxes: list[FaceBox]) -> list[Landmarks]:
        """Return frontal landmarks placed by proportion inside each box."""
        marks = []
        for b in boxes:
            def at(fx: float, fy: float, b=b) -> tuple[int, int]:
                return (round(b.left + fx * b.width), round(b.top + fy * b.height))

            marks.append({
                "left_eye": [at(0.25, 0.4), at(0.4, 0.4)],
                "right_eye": [at(0.6, 0.4), at(0.75, 0.4)],
                "nose_tip": [at(0.5, 0.65)],
            })
        return marks
