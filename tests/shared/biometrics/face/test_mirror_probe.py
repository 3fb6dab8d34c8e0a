"""The kiosk's probe: the face, its mirror image and its 68-point alignment encoded and
averaged."""

import numpy as np

from shared.biometrics.face.engine import FaceBox
from shared.biometrics.face.identification import encode_probe


class RecordingEngine:
    """Returns one fixed row per call and remembers what it was asked to encode."""

    dimension = 4

    def __init__(self):
        self.calls = []
        self.alignments = []

    def encode(self, rgb, boxes, jitters=1, alignment="small"):
        self.calls.append((rgb.copy(), boxes))
        self.alignments.append(alignment)
        row = np.zeros((1, 4), dtype=np.float32)
        row[0, len(self.calls) - 1] = 1.0
        return row


def test_mirror_encodes_the_flipped_image_at_the_mirrored_box_and_averages():
    rgb = np.arange(6 * 10 * 3, dtype=np.uint8).reshape(6, 10, 3)
    box = FaceBox(top=1, right=7, bottom=5, left=2)
    engine = RecordingEngine()
    probe = encode_probe(engine, rgb, box, mirror=True)
    assert np.allclose(probe, [0.5, 0.5, 0, 0])
    (first, first_boxes), (second, second_boxes) = engine.calls
    assert np.array_equal(first, rgb) and first_boxes == [box]
    assert np.array_equal(second, rgb[:, ::-1])
    assert second_boxes == [FaceBox(top=1, right=8, bottom=5, left=3)]
    # The same face region: the mirrored crop is the original crop flipped.
    crop = rgb[1:5, 2:7]
    mirrored = second[1:5, 3:8]
    assert np.array_equal(mirrored, crop[:, ::-1])


def test_without_mirror_one_encoding():
    engine = RecordingEngine()
    probe = encode_probe(engine, np.zeros((6, 10, 3), np.uint8), FaceBox(1, 7, 5, 2), False)
    assert len(engine.calls) == 1 and np.allclose(probe, [1, 0, 0, 0])


def test_large_adds_the_68_point_alignment_of_the_same_face():
    rgb = np.arange(6 * 10 * 3, dtype=np.uint8).reshape(6, 10, 3)
    box = FaceBox(top=1, right=7, bottom=5, left=2)
    engine = RecordingEngine()
    probe = encode_probe(engine, rgb, box, mirror=True, large=True)
    assert np.allclose(probe, [1 / 3, 1 / 3, 1 / 3, 0]) and probe.dtype == np.float32
    assert engine.alignments == ["small", "small", "large"]
    third, third_boxes = engine.calls[2]
    assert np.array_equal(third, rgb) and third_boxes == [box]


def test_the_views_are_wiped_once_averaged():
    class Keeping(RecordingEngine):
        def encode(self, rgb, boxes, jitters=1, alignment="small"):
            row = super().encode(rgb, boxes, jitters, alignment)
            self.rows.append(row[0])
            return row

    engine = Keeping()
    engine.rows = []
    probe = encode_probe(engine, np.zeros((6, 10, 3), np.uint8), FaceBox(1, 7, 5, 2), True, True)
    assert probe.any()
    assert all(not row.any() for row in engine.rows), "a view's encoding stayed in memory"
