"""One contract for every FaceEngine: the fake one here, the dlib one with its models."""

from pathlib import Path

import numpy as np
import pytest

from shared.biometrics.face.engine import FaceBox
from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.biometrics.face.images import load_image


def fake_case(_data: Path):
    return FakeFaceEngine(), draw_faces([1], variant=1), draw_faces([1], variant=2), \
        draw_faces([2], variant=1), draw_faces([1, 2])


def dlib_case(data: Path):
    from shared.biometrics.face.dlib_engine import DlibFaceEngine

    faces = data / "faces"
    return (DlibFaceEngine(), load_image(faces / "obama" / "obama.jpg"),
            load_image(faces / "obama" / "obama2.jpg"), load_image(faces / "biden" / "biden.jpg"),
            load_image(faces / "_group" / "obama_and_biden.jpg"))


@pytest.fixture(params=[
    pytest.param(fake_case, id="fake"),
    pytest.param(dlib_case, id="dlib", marks=[pytest.mark.models, pytest.mark.data]),
])
def case(request):
    if request.param is dlib_case:
        data = request.getfixturevalue("shared_data_dir")
        return request.param(data)
    return request.param(Path("."))


def encode_one(engine, rgb):
    from shared.biometrics.face.quality import detect_faces

    boxes = detect_faces(engine, rgb, upsample=1)
    assert len(boxes) == 1
    return engine.encode(rgb, boxes)[0]


def test_detect_returns_boxes_inside_the_image(case):
    engine, same, _, _, group = case
    boxes = engine.detect(same, upsample=0)
    assert len(boxes) == 1 and isinstance(boxes[0], FaceBox)
    box = boxes[0]
    assert 0 <= box.left < box.right <= same.shape[1] and 0 <= box.top < box.bottom <= same.shape[0]
    assert len(engine.detect(group, upsample=1)) >= 2


def test_encode_shape_dtype_and_empty(case):
    engine, same, *_ = case
    boxes = engine.detect(same)
    rows = engine.encode(same, boxes)
    assert rows.shape == (1, engine.dimension) and rows.dtype == np.float32
    assert engine.encode(same, []).shape == (0, engine.dimension)
    assert isinstance(engine.model_version, str) and engine.model_version


def test_same_person_is_closer_than_another(case):
    engine, same, same2, other, _ = case
    a, b, c = encode_one(engine, same), encode_one(engine, same2), encode_one(engine, other)
    assert np.linalg.norm(a - b) < 0.6 < np.linalg.norm(a - c)


def test_encoding_is_deterministic_without_jitter(case):
    engine, same, *_ = case
    boxes = engine.detect(same)
    assert np.allclose(engine.encode(same, boxes), engine.encode(same, boxes), atol=1e-6)


def test_landmarks_name_eyes_and_nose(case):
    engine, same, *_ = case
    marks = engine.landmarks(same, engine.detect(same))
    assert len(marks) == 1
    assert {"left_eye", "right_eye", "nose_tip"} <= set(marks[0])
    assert engine.landmarks(same, []) == []
