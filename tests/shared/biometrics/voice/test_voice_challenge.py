"""The spoken challenge: right digits, right voice, in time, once; a replay fails."""

from datetime import timedelta

import numpy as np
import pytest

from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import give_consent
from shared.biometrics.voice.challenge import (
    ChallengeError,
    VoiceCheckers,
    issue_challenge,
    verify_challenge,
)
from shared.biometrics.voice.enrolment import AudioLimits, enrol_voice
from shared.biometrics.voice.speaker import FakeSpeakerEngine
from shared.models.enums import ConsentChannel, Modality
from shared.speech.audio import Audio
from tests.factories import make_branch, make_customer
from tests.voice_fakes import ScriptedSpeechToText, synth_voice

WORDS = "zero one two three four five six seven eight nine".split()


def said(digits: str) -> str:
    return " ".join(WORDS[int(d)] for d in digits)


@pytest.fixture
def setup(db_session, settings):
    engine = FakeSpeakerEngine()
    cipher = TemplateCipher.from_settings(settings)
    customer = make_customer(db_session, make_branch(db_session))
    give_consent(db_session, customer.id, Modality.VOICE, "v1", ConsentChannel.KIOSK)
    enrol_voice(db_session, engine, cipher, customer.id,
                [synth_voice(140, seed=i) for i in range(3)],
                limits=AudioLimits(min_speech_seconds=0.5))
    stt = ScriptedSpeechToText()
    checkers = VoiceCheckers(stt, engine, cipher, threshold=0.3)
    return customer, stt, checkers


def test_right_digits_and_voice_pass_once(db_session, setup):
    customer, stt, checkers = setup
    challenge = issue_challenge(db_session, customer.id, digits=4, seconds=30)
    assert len(challenge.digits) == 4 and challenge.digits.isdigit()
    stt.text = said(challenge.digits)
    answer = synth_voice(140, seed=7)
    result = verify_challenge(db_session, challenge.id, answer, checkers)
    assert result.passed, result
    assert stt.grammars[-1].name == "digits"  # recognition is constrained to digits
    again = verify_challenge(db_session, challenge.id, answer, checkers)
    assert not again.passed and again.reason == "unknown_or_used"


def test_a_replayed_earlier_answer_fails(db_session, setup):
    customer, stt, checkers = setup
    first = issue_challenge(db_session, customer.id)
    stt.text = said(first.digits)  # the recording says the first challenge's digits
    recording = synth_voice(140, seed=7)
    assert verify_challenge(db_session, first.id, recording, checkers).passed
    second = issue_challenge(db_session, customer.id)
    while second.digits == first.digits:  # 1 in 10,000: draw again
        second = issue_challenge(db_session, customer.id)
    replay = verify_challenge(db_session, second.id, recording, checkers)
    assert not replay.passed and replay.reason == "wrong_digits"


def test_wrong_voice_expired_and_bad_audio(db_session, setup):
    customer, stt, checkers = setup
    c = issue_challenge(db_session, customer.id)
    stt.text = said(c.digits)
    other_voice = verify_challenge(db_session, c.id, synth_voice(300, seed=3), checkers)
    assert other_voice.reason == "voice_mismatch"

    late = issue_challenge(db_session, customer.id, seconds=10)
    stt.text = said(late.digits)
    result = verify_challenge(db_session, late.id, synth_voice(140), checkers,
                              now=late.expires_at + timedelta(seconds=1))
    assert result.reason == "expired"

    quiet = issue_challenge(db_session, customer.id)
    stt.text = said(quiet.digits)
    silent = verify_challenge(db_session, quiet.id, Audio(np.zeros(32000, np.float32)), checkers)
    assert silent.reason == "too_quiet"


def test_unknown_customer(db_session):
    with pytest.raises(ChallengeError):
        issue_challenge(db_session, 999999)
