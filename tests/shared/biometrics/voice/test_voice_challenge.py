"""The spoken challenge: right phrase, right voice, in time, once, in one take; replays fail."""

import random
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select

from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import give_consent
from shared.biometrics.voice.challenge import (
    ChallengeError,
    VoiceCheckers,
    issue_challenge,
    verify_challenge,
)
from shared.biometrics.voice.enrolment import AudioLimits, enrol_voice
from shared.biometrics.voice.phrase import EN_CHALLENGE_WORDS, Phrase, random_phrase
from shared.biometrics.voice.speaker import FakeSpeakerEngine
from shared.evaluation.splicing import command_words, one_take_cuts, phrase_splice, room_tone
from shared.models import AuditEntry
from shared.models.enums import ConsentChannel, Modality
from shared.speech.audio import Audio
from tests.factories import make_branch, make_customer
from tests.voice_fakes import ScriptedSpeechToText, synth_voice


def said(challenge) -> str:
    return Phrase.parse(challenge.phrase).spoken()


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


def test_right_phrase_and_voice_pass_once(db_session, setup):
    customer, stt, checkers = setup
    challenge = issue_challenge(db_session, customer.id, digits=4, words=2, seconds=30)
    phrase = Phrase.parse(challenge.phrase)
    assert len(phrase.tokens) == 6 and challenge.digits == phrase.digits
    assert len(challenge.digits) == 4 and challenge.digits.isdigit()
    assert sum(t in EN_CHALLENGE_WORDS for t in phrase.tokens) == 2
    stt.text = said(challenge)
    answer = synth_voice(140, seed=7)
    result = verify_challenge(db_session, challenge.id, answer, checkers)
    assert result.passed, result
    grammar = stt.grammars[-1]  # recognition is held to the phrase's pattern of slots
    slots = " ".join("<d>" if t.isdigit() else "<w>" for t in phrase.tokens)
    assert grammar.name == "phrase" and f"public <phrase> = {slots};" in grammar.jsgf
    again = verify_challenge(db_session, challenge.id, answer, checkers)
    assert not again.passed and again.reason == "unknown_or_used"


def test_the_transcript_must_read_the_whole_phrase_in_order(db_session, setup):
    customer, stt, checkers = setup
    challenge = issue_challenge(db_session, customer.id, words=2)
    tokens = said(challenge).split()
    stt.text = " ".join(tokens[1:] + tokens[:1])  # every word said, one out of place
    result = verify_challenge(db_session, challenge.id, synth_voice(140, seed=7), checkers)
    assert not result.passed and result.reason == "wrong_phrase", result


def test_a_seeded_source_draws_the_same_phrase_and_korean_gets_digits_only(db_session, setup):
    customer, _, _ = setup
    first = issue_challenge(db_session, customer.id, words=2, rand=random.Random(4).randrange)
    again = issue_challenge(db_session, customer.id, words=2, rand=random.Random(4).randrange)
    assert first.phrase == again.phrase and first.id != again.id
    korean = issue_challenge(db_session, customer.id, words=2, language="ko")
    assert korean.phrase == " ".join(korean.digits) and len(korean.digits) == 4


def test_a_replayed_earlier_answer_fails(db_session, setup):
    customer, stt, checkers = setup
    first = issue_challenge(db_session, customer.id, words=2)
    stt.text = said(first)  # the recording says the first challenge's phrase
    recording = synth_voice(140, seed=7)
    assert verify_challenge(db_session, first.id, recording, checkers).passed
    second = issue_challenge(db_session, customer.id, words=2)
    while second.phrase == first.phrase:  # about 1 in 27 million: draw again
        second = issue_challenge(db_session, customer.id, words=2)
    replay = verify_challenge(db_session, second.id, recording, checkers)
    assert not replay.passed and replay.reason == "wrong_phrase"

    digits_only = issue_challenge(db_session, customer.id)  # a digits-only challenge
    stt.text = said(first)
    replay = verify_challenge(db_session, digits_only.id, recording, checkers)
    assert not replay.passed and replay.reason == "wrong_digits"


def test_wrong_voice_expired_and_bad_audio(db_session, setup):
    customer, stt, checkers = setup
    c = issue_challenge(db_session, customer.id)
    stt.text = said(c)
    other_voice = verify_challenge(db_session, c.id, synth_voice(300, seed=3), checkers)
    assert other_voice.reason == "voice_mismatch"

    late = issue_challenge(db_session, customer.id, seconds=10)
    stt.text = said(late)
    result = verify_challenge(db_session, late.id, synth_voice(140), checkers,
                              now=late.expires_at + timedelta(seconds=1))
    assert result.reason == "expired"

    quiet = issue_challenge(db_session, customer.id)
    stt.text = said(quiet)
    silent = verify_challenge(db_session, quiet.id, Audio(np.zeros(32000, np.float32)), checkers)
    assert silent.reason == "too_quiet"


def test_unknown_customer(db_session):
    with pytest.raises(ChallengeError):
        issue_challenge(db_session, 999999)


# ----------------------------------------------------------- splices of real recordings
def _spliceable_seed(words: set[str]) -> int:
    """The first seed whose phrase (2 words, 4 digits) the felixchenfy clips all hold."""
    for seed in range(100_000):
        phrase = random_phrase(EN_CHALLENGE_WORDS, 2, 4, random.Random(seed).randrange)
        if set(phrase.spoken().split()) <= words:
            return seed
    raise AssertionError("no seed gives a phrase of the clips' words")


def _audited(db_session, challenge_id: int) -> dict:
    entries = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "voice.challenge"))
    return next(e.detail for e in entries if e.detail["challenge_id"] == challenge_id)


@pytest.mark.data
@pytest.mark.parametrize(("kind", "takes", "sign"), [
    ("silence_gaps", (1, 2, 3, 4), "dead_air"),  # words joined with digital silence
    ("silence_gaps", (5,), "dead_air"),
    ("as_recorded", (5,), "dead_air"),  # whole takes whose recordings end in padding
])
def test_a_splice_of_real_recordings_of_the_phrase_is_refused(
        db_session, setup, shared_data_dir, kind, takes, sign):
    """The customer's own words (felixchenfy's takes of each word), joined into the phrase.

    The recogniser is scripted to read the phrase right, as it would a good splice: the
    answer is refused for its seams alone, before the words and the voice are looked at.
    """
    customer, stt, checkers = setup
    speech = shared_data_dir / "speech"
    seed = _spliceable_seed(command_words(speech))
    challenge = issue_challenge(db_session, customer.id, words=2,
                                rand=random.Random(seed).randrange)
    spoken = Phrase.parse(challenge.phrase).spoken()
    stt.text = spoken
    answer = phrase_splice(speech, spoken.split(), kind, np.random.default_rng(seed), takes)
    result = verify_challenge(db_session, challenge.id, answer, checkers)
    assert not result.passed and result.reason == "spliced", result
    assert result.continuity.reason == sign
    assert stt.grammars == []  # refused before the recogniser ran
    assert _audited(db_session, challenge.id)["continuity"]["sign"] == sign


@pytest.mark.data
def test_one_take_of_real_speech_is_not_taken_for_a_splice(db_session, setup, shared_data_dir):
    """A held-out reader's continuous reading, as the answer: it is judged on, not refused."""
    customer, stt, checkers = setup
    cuts = [a for _, a in one_take_cuts(shared_data_dir / "speech", ("librispeech-367",))][:6]
    rng = np.random.default_rng(0)
    for answer in cuts + [room_tone(a, rng) for a in cuts]:
        challenge = issue_challenge(db_session, customer.id, words=2)
        stt.text = said(challenge)
        result = verify_challenge(db_session, challenge.id, answer, checkers)
        assert result.reason != "spliced", result.continuity
        assert stt.grammars[-1].name == "phrase"  # it went on to the words
