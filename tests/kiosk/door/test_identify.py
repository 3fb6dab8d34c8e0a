"""The door's decision: a track's frames against a gallery, at a threshold that follows it."""

import numpy as np

from kiosk.door.identify import GalleryIdentifier
from shared.biometrics.face.threshold_model import GalleryThreshold, ImpostorModel
from shared.biometrics.gallery import GalleryIndex, unit_rows

# Per-visit models by vectors behind a template: a mean of more lies nearer to everyone.
ONE, FOUR = ImpostorModel(100_000, (), 0.9, 0.05), ImpostorModel(100_000, (), 0.8, 0.05)


def test_a_learned_frame_that_deepens_a_template_tightens_the_door():
    gallery = GalleryIndex(dimension=3)
    gallery.add(7, unit_rows(np.array([1.0, 0.0, 0.0])), vectors_per_row=1)
    follows = GalleryThreshold(ONE, 0.003, 0.95, fixed=0.5, name="door visit", vectors=1,
                               by_vectors={4: FOUR})
    door = GalleryIdentifier(gallery, follows, margin=0.0)
    loose = door.threshold
    assert loose == ONE.threshold(1, 0.003, 0.95)
    # A probe between the two thresholds: taken while the template is one photo...
    angle = 2 * np.arcsin((loose - 0.02) / 2)  # unit vectors at that euclidean distance
    frames = np.array([[np.cos(angle), np.sin(angle), 0.0]] * 3)
    assert door.identify(frames).customer_id == 7
    # ...refused once learned frames make it a mean of four (the gallery reloaded it).
    gallery.replace_customer(7, gallery.rows_of(7), vectors_per_row=4)
    assert door.threshold == FOUR.threshold(1, 0.003, 0.95) < loose - 0.02
    assert door.identify(frames) is None
