"""The opt-in encoding cache: a second evaluation of the same photos encodes nothing."""

import os

import numpy as np
import pytest
from PIL import Image

from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.evaluation.encoding_cache import EncodingCache
from shared.evaluation.face_encoding import encode_all, job


def refuse_to_build():
    raise AssertionError("the engine was built although every photo was cached")


@pytest.fixture
def photos(tmp_path):
    paths = []
    for i in (1, 2):
        path = tmp_path / f"p{i}.png"
        Image.fromarray(draw_faces([i])).save(path)
        paths.append(path)
    return paths


def test_cached_encodings_come_back_without_the_engine(photos, tmp_path):
    jobs = [job(photos[0], "enrol", 16, 1), job(photos[1], "probe", 16, 1)]
    cache = EncodingCache(tmp_path / "enc.npz")
    first = encode_all(jobs, FakeFaceEngine, processes=1, cache=cache)
    cache.save()
    again = encode_all(jobs, refuse_to_build, processes=1,
                       cache=EncodingCache(tmp_path / "enc.npz"))
    for a, b in zip(first, again, strict=True):
        assert a.code == b.code == "ok" and np.array_equal(a.vector, b.vector)
        assert a.quality == b.quality


def test_a_changed_photo_or_a_new_extra_encodes_again(photos, tmp_path):
    cache = EncodingCache(tmp_path / "enc.npz")
    encode_all([job(photos[0], "probe", 16, 1)], FakeFaceEngine, processes=1, cache=cache)
    assert cache.get(job(photos[0], "probe", 16, 1)) is not None
    assert cache.get(job(photos[0], "probe", 16, 1, ("mirror",))) is None
    stat = os.stat(photos[0])
    os.utime(photos[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert cache.get(job(photos[0], "probe", 16, 1)) is None
