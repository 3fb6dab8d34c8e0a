"""Fusion: a logistic model over face and voice distances, with an 'unknown' band."""

import numpy as np

from shared.biometrics.voice.challenge import ChallengeResult
from shared.biometrics.voice.fusion import FusionModel, decide_fused, fit_fusion, fuse_challenge


def test_fit_separates_and_fused_beats_each_alone():
    rng = np.random.default_rng(3)
    n = 400
    same = np.r_[np.ones(n), np.zeros(n)]
    face = np.r_[rng.normal(0.4, 0.1, n), rng.normal(0.7, 0.1, n)]
    voice = np.r_[rng.normal(0.5, 0.1, n), rng.normal(0.8, 0.1, n)]
    model = fit_fusion(face, voice, same)
    assert model.face_weight < 0 and model.voice_weight < 0
    p = np.array([model.probability(f, v) for f, v in zip(face, voice, strict=True)])
    fused_err = np.mean((p >= 0.5) != (same == 1))
    face_err = np.mean((face <= 0.55) != (same == 1))
    voice_err = np.mean((voice <= 0.65) != (same == 1))
    assert fused_err < min(face_err, voice_err)


def test_decision_can_say_unknown():
    model = FusionModel(bias=10, face_weight=-10, voice_weight=-10, face_mean=0.6,
                        voice_mean=0.6)
    assert decide_fused(model, 0.2, 0.2).outcome == "match"
    assert decide_fused(model, 0.9, 0.9).outcome == "no_match"
    assert decide_fused(model, 0.5, 0.45, accept=0.99, reject=0.5).outcome == "unknown"
    assert decide_fused(model, None, None).outcome == "unknown"


def test_the_kiosks_voice_check_is_decided_by_the_fused_score(base_settings):
    """A voice that alone would pass the speaker threshold is not enough without a face
    match to back it; with a good face match it is; with a stranger's face it is refused."""
    voice = base_settings.voice
    model = FusionModel.from_settings(base_settings)
    heard = ChallengeResult(True, "ok", "four seven two nine", distance=0.68)
    assert heard.distance < voice.speaker_threshold  # voice alone would have said yes

    def decide(face):
        return fuse_challenge(heard, face, model, voice.fusion_accept, voice.fusion_reject)

    alone, fused = decide(None)
    assert not alone.passed and alone.reason == "voice_unsure" and fused.outcome == "unknown"
    backed, fused = decide(0.30)
    assert backed.passed and backed.reason == "ok" and fused.probability >= voice.fusion_accept
    stranger, fused = decide(0.90)
    assert not stranger.passed and stranger.reason == "voice_mismatch"
    # The digits and the time limit are the liveness part: fusion never overrules them.
    wrong = ChallengeResult(False, "wrong_digits", "one two", distance=None)
    assert fuse_challenge(wrong, 0.1, model, voice.fusion_accept, voice.fusion_reject) == (
        wrong, None)
