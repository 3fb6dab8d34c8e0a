import io

import numpy as np
import pytest
from PIL import Image

from shared.biometrics.face.images import ImageError, image_files, load_image


def encoded(img: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def test_rgb_jpeg_file(tmp_path):
    path = tmp_path / "a.jpg"
    Image.new("RGB", (40, 30), (200, 10, 10)).save(path)
    rgb = load_image(path)
    assert rgb.shape == (30, 40, 3) and rgb.dtype == np.uint8 and rgb.flags.c_contiguous
    assert rgb[0, 0, 0] > 150 and rgb[0, 0, 2] < 60


def test_png_with_alpha_is_composited_on_white():
    img = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    img.putpixel((0, 0), (255, 0, 0, 255))
    rgb = load_image(encoded(img))
    assert rgb.shape == (10, 10, 3)
    assert tuple(rgb[0, 0]) == (255, 0, 0) and tuple(rgb[5, 5]) == (255, 255, 255)


def test_greyscale_becomes_three_channels():
    rgb = load_image(encoded(Image.new("L", (8, 8), 77)))
    assert rgb.shape == (8, 8, 3) and np.all(rgb == 77)


def test_sixteen_bit_is_scaled_to_eight():
    arr = np.full((6, 6), 65535 // 2, dtype=np.uint16)
    rgb = load_image(encoded(Image.fromarray(arr)))
    assert rgb.dtype == np.uint8 and 120 <= rgb[0, 0, 0] <= 135


def test_truncated_file_is_a_clear_error():
    data = encoded(Image.new("RGB", (200, 200), (1, 2, 3)), "JPEG")
    with pytest.raises(ImageError) as err:
        load_image(data[: len(data) // 2])
    assert err.value.reason == "corrupt"


def test_garbage_and_missing_files(tmp_path):
    with pytest.raises(ImageError) as err:
        load_image(b"definitely not an image")
    assert err.value.reason == "not_an_image"
    with pytest.raises(ImageError) as err:
        load_image(tmp_path / "missing.jpg")
    assert err.value.reason == "not_found"


def test_huge_image_is_downscaled():
    rgb = load_image(encoded(Image.new("RGB", (5000, 2500)), "JPEG"), max_side=1000)
    assert max(rgb.shape[:2]) <= 1000 and rgb.shape[1] > rgb.shape[0]


def test_exif_orientation_is_applied():
    img = Image.new("RGB", (40, 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    rgb = load_image(encoded(img, "JPEG", exif=exif.tobytes()))
    assert rgb.shape[:2] == (40, 20)


def test_image_files_expands_folders_sorted(tmp_path):
    for name in ("b.jpg", "a.png", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in image_files([tmp_path])] == ["a.png", "b.jpg"]


@pytest.mark.data
def test_shared_rgba_png(shared_data_dir):
    rgb = load_image(shared_data_dir / "faces" / "_formats" / "32bit.png")
    assert rgb.ndim == 3 and rgb.shape[2] == 3


@pytest.mark.models
def test_truncated_files_stay_refused_after_the_dlib_engine_loads():
    from shared.biometrics.face.dlib_engine import DlibFaceEngine

    DlibFaceEngine().detect(np.zeros((40, 40, 3), np.uint8))  # imports face_recognition
    data = encoded(Image.new("RGB", (200, 200), (1, 2, 3)), "JPEG")
    with pytest.raises(ImageError):
        load_image(data[: len(data) // 2])
