"""A synthetic face data set for `faces eval` and `faces calibrate`, drawn for the fake engine."""

import pytest
from PIL import Image

from shared.biometrics.face.fake_engine import draw_faces


@pytest.fixture
def dataset(tmp_path):
    root = tmp_path / "faces"
    for identity in range(1, 11):
        folder = root / f"person_{identity:02d}"
        folder.mkdir(parents=True)
        for variant in range(1, 5):
            Image.fromarray(draw_faces([identity], variant=variant)).save(
                folder / f"{variant:02d}.png")
    (root / "_strangers").mkdir()
    for identity in range(100, 112):
        Image.fromarray(draw_faces([identity], variant=1)).save(
            root / "_strangers" / f"s{identity}.png")
    (root / "_group").mkdir()
    Image.fromarray(draw_faces([1, 2])).save(root / "_group" / "g.png")
    (root / "person_01" / "broken.jpg").write_bytes(b"\xff\xd8 truncated")
    return root
