"""The learning simulation on synthetic faces that drift: learning keeps up, strangers stay out."""

import numpy as np

from shared.evaluation.face_encoding import EncodedDataset, EncodedPhoto
from shared.evaluation.face_learning import simulate


def _photo(vector):
    v = vector / np.linalg.norm(vector)
    return EncodedPhoto("x.jpg", "ok", "", 0.9, v.astype(np.float32), v.astype(np.float32))


def _drifting_people(n_people=40, visits=8, seed=0):
    """Each person's face drifts a little every visit (age, hair, glasses), steadily away."""
    rng = np.random.default_rng(seed)
    enrol, mated = {}, {}
    for i in range(n_people):
        centre = rng.normal(size=128)
        centre *= 1.0 / np.linalg.norm(centre)
        drift = rng.normal(size=128)
        drift *= 0.055 / np.linalg.norm(drift)
        noise = lambda: rng.normal(size=128) * 0.006  # noqa: E731
        enrol[f"p{i}"] = [_photo(centre + noise()) for _ in range(2)]
        mated[f"p{i}"] = [_photo(centre + drift * (k + 1) + noise()) for k in range(visits)]
    strangers = [_photo(rng.normal(size=128)) for _ in range(200)]
    return EncodedDataset(enrol, mated, strangers, 0.0)


def test_learning_follows_a_drifting_face_and_lets_no_stranger_in():
    result = simulate(_drifting_people(), threshold=0.35, margin=0.05, share=0.85,
                      max_learned=3, seed=1)
    static, learning = result["static"], result["learning"]
    assert static["fnir"] > 0.2  # the late visits drift out of the enrolment's reach
    assert learning["fnir"] < static["fnir"] / 2 and learning["frames_learned"] > 0
    assert static["false_matches"] == learning["false_matches"] == 0
    assert static["misidentified"] == learning["misidentified"] == 0


def test_a_wrong_confirmation_is_measured_before_after_and_undone():
    wrong = simulate(_drifting_people(seed=3), threshold=0.35, margin=0.05, share=0.85,
                     max_learned=3, seed=2)["wrong_confirmation"]
    assert wrong["people"] == 20 and wrong["later_photos"] == 20 * 9
    assert wrong["taken_for_the_customer_before"] == wrong["taken_for_the_customer_after_undo"]
