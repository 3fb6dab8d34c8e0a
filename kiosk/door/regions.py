"""Pure helpers for where to look in a frame: motion cells, padded and merged regions."""

from __future__ import annotations

import numpy as np

Region = tuple[int, int, int, int]  # top, right, bottom, left in full-frame pixels


def motion_cells(
    previous: np.ndarray, current: np.ndarray, threshold: int, cell: int, min_fraction: float
) -> np.ndarray:
    """Return a boolean grid of cells where enough low-res pixels changed."""
    moved = np.abs(current.astype(np.int16) - previous.astype(np.int16)) > threshold
    rows, cols = moved.shape[0] // cell, moved.shape[1] // cell
    if rows == 0 or cols == 0:
        return np.zeros((0, 0), dtype=bool)
    blocks = moved[: rows * cell, : cols * cell].reshape(rows, cell, cols, cell)
    return blocks.mean(axis=(1, 3)) >= min_fraction


def cell_regions(cells: np.ndarray, cell_px: int) -> list[Region]:
    """Return one bounding region per 8-connected group of active cells, in pixels."""
    seen = np.zeros_like(cells, dtype=bool)
    regions: list[Region] = []
    rows, cols = cells.shape
    for r0, c0 in zip(*np.nonzero(cells), strict=True):
        if seen[r0, c0]:
            continue
        stack = [(int(r0), int(c0))]
        seen[r0, c0] = True
        top, left, bottom, right = r0, c0, r0, c0
        while stack:
            r, c = stack.pop()
            top, bottom, left, right = min(top, r), max(bottom, r), min(left, c), max(right, c)
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    rr, cc = r + dr, c + dc
                    if 0 <= rr < rows and 0 <= cc < cols and cells[rr, cc] and not seen[rr, cc]:
                        seen[rr, cc] = True
                        stack.append((rr, cc))
        regions.append(
            (
                int(top) * cell_px,
                int(right + 1) * cell_px,
                int(bottom + 1) * cell_px,
                int(left) * cell_px,
            )
        )
    return regions


def pad_region(region: Region, pad: int, width: int, height: int) -> Region:
    top, right, bottom, left = region
    return (
        max(0, top - pad),
        min(width, right + pad),
        min(height, bottom + pad),
        max(0, left - pad),
    )


def merge_regions(regions: list[Region]) -> list[Region]:
    """Merge overlapping regions until none overlap."""
    merged = list(regions)
    changed = True
    while changed:
        changed = False
        out: list[Region] = []
        for reg in merged:
            for i, other in enumerate(out):
                if (
                    reg[3] < other[1]
                    and other[3] < reg[1]
                    and reg[0] < other[2]
                    and other[0] < reg[2]
                ):
                    out[i] = (
                        min(reg[0], other[0]),
                        max(reg[1], other[1]),
                        max(reg[2], other[2]),
                        min(reg[3], other[3]),
                    )
                    changed = True
                    break
            else:
                out.append(reg)
        merged = out
    return merged


def region_area(region: Region) -> int:
    return max(0, region[1] - region[3]) * max(0, region[2] - region[0])


def resize_nearest(image: np.ndarray, scale: float) -> np.ndarray:
    """Return `image` scaled by `scale` with nearest-neighbour sampling (contiguous)."""
    if scale >= 0.999:
        return np.ascontiguousarray(image)
    h, w = image.shape[:2]
    nh, nw = max(1, int(h * scale)), max(1, int(w * scale))
    rows = np.minimum((np.arange(nh) / scale).astype(np.intp), h - 1)
    cols = np.minimum((np.arange(nw) / scale).astype(np.intp), w - 1)
    return np.ascontiguousarray(image[rows][:, cols])
