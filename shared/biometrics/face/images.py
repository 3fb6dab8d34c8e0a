"""Image I/O adapter: files, bytes and camera frames to contiguous RGB uint8 arrays."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

# Photos larger than this on their long side are downscaled: detection gains nothing
# from 8K pixels and memory would grow with every enrolment photo.
MAX_SIDE = 2000
# Refuse decompression bombs before decoding (about 16k x 16k).
MAX_PIXELS = 256_000_000
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")


class ImageError(ValueError):
    """An image could not be used; `reason` is a machine code, the message says why."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def load_image(source: str | Path | bytes, max_side: int = MAX_SIDE) -> np.ndarray:
    """Decode a file or bytes into an RGB uint8 array, upright, at most `max_side` wide."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = "<bytes>" if isinstance(source, bytes | bytearray) else str(source)
    try:
        stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else open(source, "rb")
    except FileNotFoundError as exc:
        raise ImageError("not_found", f"{name}: no such file") from exc
    except OSError as exc:
        raise ImageError("unreadable", f"{name}: cannot be read ({exc})") from exc
    previous_limit = Image.MAX_IMAGE_PIXELS
    try:
        with stream:
            Image.MAX_IMAGE_PIXELS = MAX_PIXELS
            try:
                img = Image.open(stream)
                # JPEG can decode at a reduced scale directly, which keeps huge photos cheap.
                img.draft("RGB", (max_side, max_side))
                img.load()
            except Image.DecompressionBombError as exc:
                raise ImageError("too_large", f"{name}: image is too large to decode") from exc
            except UnidentifiedImageError as exc:
                raise ImageError("not_an_image", f"{name}: not a recognised image") from exc
            except (OSError, SyntaxError, ValueError) as exc:
                raise ImageError("corrupt", f"{name}: corrupt or truncated image ({exc})") from exc
            img = ImageOps.exif_transpose(img)
            img = _to_rgb(img)
            if max(img.size) > max_side:
                img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            return np.ascontiguousarray(np.asarray(img, dtype=np.uint8))
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit


def _to_rgb(img):
    """Return an RGB image: alpha composited on white, grey expanded, 16-bit scaled down."""
    from PIL import Image

    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if img.mode.startswith("I;16") or arr.max() > 255 else 255.0
        arr = np.clip(arr / top * 255.0, 0, 255).astype(np.uint8)
        return Image.fromarray(arr, "L").convert("RGB")
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA"):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return img.convert("RGB") if img.mode != "RGB" else img


def bgr_to_rgb(frame: np.ndarray) -> np.ndarray:
    """Convert an OpenCV BGR frame to contiguous RGB (a slice would not be contiguous)."""
    import cv2

    if frame.ndim == 2:
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB)
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2RGB)
    return cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)


def image_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their image files (sorted by name); files are kept as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            )
        else:
            found.append(path)
    return found


def downscale(rgb: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """Shrink so the long side is at most `max_side`; return the image and the factor used."""
    height, width = rgb.shape[:2]
    factor = max_side / max(height, width)
    if factor >= 1:
        return rgb, 1.0
    import cv2

    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return np.ascontiguousarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)), factor
