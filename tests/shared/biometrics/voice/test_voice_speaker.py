"""The speaker score and the template: one distance, templates weighted by speech."""

import numpy as np

from shared.biometrics.voice.speaker import mean_voiceprint, voice_distance, voice_distances


def test_distances_are_between_unit_vectors_and_agree_one_to_one():
    rng = np.random.default_rng(1)
    probes, templates = rng.normal(size=(4, 8)), rng.normal(size=(3, 8))
    matrix = voice_distances(probes, templates)
    assert matrix.shape == (4, 3)
    assert np.isclose(matrix[2, 1], voice_distance(probes[2] * 5, templates[1]), atol=1e-6)
    assert np.isclose(voice_distance(templates[0], -templates[0]), 2.0, atol=1e-6)
    assert np.isclose(voice_distance(templates[0], 3 * templates[0]), 0.0, atol=1e-6)


def test_template_weights_voiceprints_by_seconds_of_speech():
    short, long = np.eye(4)[0], np.eye(4)[1]
    even = mean_voiceprint(np.stack([short, long]))
    weighted = mean_voiceprint(np.stack([short, long]), [1.0, 6.0])
    assert np.isclose(np.linalg.norm(weighted), 1.0, atol=1e-6)
    assert np.isclose(voice_distance(even, short), voice_distance(even, long), atol=1e-6)
    assert voice_distance(weighted, long) < voice_distance(weighted, short)
    assert np.allclose(weighted, mean_voiceprint(np.stack([short, long]), [2.0, 12.0]))


def test_unknown_lengths_count_as_one_second():
    a, b = np.eye(3)[0], np.eye(3)[2]
    assert np.allclose(mean_voiceprint(np.stack([a, b]), [0.0, None]),
                       mean_voiceprint(np.stack([a, b]), [1.0, 1.0]))
