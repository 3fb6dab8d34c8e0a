import numpy as np
import pytest

from shared.biometrics.face.engine import FaceBox
from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.biometrics.face.quality import assess_face, assess_photo, sharpness, yaw_ratio


@pytest.fixture
def engine():
    return FakeFaceEngine()


def test_a_good_face_passes_with_a_score(engine):
    verdict = assess_photo(engine, draw_faces([1], face_px=128))
    assert verdict.ok and verdict.code == "ok" and 0 < verdict.score <= 1
    assert verdict.box == FaceBox(20, 148, 148, 20)


@pytest.mark.parametrize(
    "image, code",
    [
        (np.zeros((100, 100, 3), np.uint8), "no_face"),
        (draw_faces([1, 2]), "several_faces"),
        (draw_faces([1], face_px=40), "face_too_small"),
        (draw_faces([1], brightness=0.15), "too_dark"),
        (draw_faces([1], brightness=2.5), "too_bright"),
        (draw_faces([1], blur=12), "blurred"),
    ],
)
def test_refusals_say_why(engine, image, code):
    verdict = assess_photo(engine, image)
    assert verdict.code == code and not verdict.ok
    assert verdict.reason  # a human sentence for the staff console


def test_turned_head_is_refused():
    img = draw_faces([1])
    box = FaceBox(20, 148, 148, 20)
    turned = {"left_eye": [(50, 60)], "right_eye": [(90, 60)], "nose_tip": [(92, 90)]}
    assert assess_face(img, [box], [turned]).code == "turned_too_far"


def test_yaw_ratio_is_zero_for_frontal_and_signed_for_turns():
    frontal = {"left_eye": [(40, 50)], "right_eye": [(80, 50)], "nose_tip": [(60, 70)]}
    left = {"left_eye": [(40, 50)], "right_eye": [(80, 50)], "nose_tip": [(44, 70)]}
    assert yaw_ratio(frontal) == pytest.approx(0)
    assert yaw_ratio(left) < -0.6
    assert yaw_ratio({}) == 0.0


def test_sharpness_drops_with_blur():
    img = draw_faces([3]).astype(float).mean(axis=2)[20:148, 20:148]
    blurred = draw_faces([3], blur=8).astype(float).mean(axis=2)[20:148, 20:148]
    assert sharpness(img) > 4 * sharpness(blurred)
