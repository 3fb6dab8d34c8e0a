"""The spoken challenge at a simulated kiosk with the real recogniser and speaker model.

The customer (an espeak-ng en-us voice, enrolled under consent) claims an identity by a
face greeting or a card; the kiosk shows a fresh phrase (two list words and four digits);
the microphone is fed a WAV file of it. Passing greets; it never moves money. A replay of
the earlier answer fails (the phrase differs), and another voice saying the right phrase
fails on the voice.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from shared.biometrics.consent import give_consent
from shared.biometrics.voice.enrolment import AudioLimits, enrol_voice
from shared.biometrics.voice.phrase import Phrase
from shared.models import Account, AuditEntry
from shared.models.enums import ConsentChannel, Modality
from tests.kiosk.conftest import build_world
from tests.speech import espeak_writer

pytestmark = pytest.mark.models
CUSTOMER_VOICE = "en-us"
OTHER_VOICE = "en-us+f3"  # measured 0.87 from the customer's voiceprint (threshold 0.72)
# Enrolment includes the digits the challenge asks for: a 2 s answer of four digits then
# sits further inside the threshold (0.71). From sentences alone it measured 0.52 to 0.66
# with the machine loaded, close enough for a loaded CI run to fail it now and then.
ENROLMENT = ("my voice is my password at this branch",
             "please recognise me when I visit the kiosk",
             "the quick brown fox jumps over the lazy dog",
             "zero one two three four five six seven eight nine")


@pytest.fixture(scope="module")
def voice_settings(kiosk_settings):
    return kiosk_settings.model_copy(update={
        "kiosk_agent": kiosk_settings.kiosk_agent.model_copy(update={
            "voice_listen_s": 6.0, "inactivity_timeout_s": 30.0, "action_wait_s": 30.0}),
    })


@pytest.fixture
def speak(tmp_path):
    write = espeak_writer(tmp_path)

    def say(text: str, voice: str = CUSTOMER_VOICE):
        return write(text, voice, 140)

    return say


@pytest.fixture
def enrolled(fresh_database, voice_settings, speak):
    world = build_world(fresh_database, voice_settings)
    world.agent.devices.microphone.realtime = True  # digits are fed once they are shown
    checkers = world.agent.voice.checkers()
    with fresh_database.session() as s:
        give_consent(s, world.customer_id, Modality.VOICE, "voice-v1", ConsentChannel.KIOSK)
        enrol_voice(s, checkers.speaker, checkers.cipher, world.customer_id,
                    [speak(text) for text in ENROLMENT],
                    limits=AudioLimits.from_settings(voice_settings))
    yield world
    world.agents.stop_all()


def _answer(world, speak, voice=CUSTOMER_VOICE, recording=None):
    """Press the voice check, read the phrase off the screen, play it (or `recording`)."""
    record = world.agent.submit({"action": "voice_check", "idempotency_key": uuid.uuid4().hex})
    state = world.agent.wait_for(lambda s: s["screen"] == "voice" and s["voice"].get("phrase"))
    phrase = Phrase.parse(state["voice"]["phrase"])
    assert phrase.has_words and phrase.text in state["voice"]["prompt"]  # shown and spoken
    played = recording or speak(phrase.spoken(), voice)
    world.agent.devices.microphone.play_wav(played)
    assert record.done.wait(30), world.agent.snapshot()
    return record.outcome, phrase.text, played


def _judged(world) -> list[dict]:
    """The audit log's verdicts (with the speaker distance), for a failure's message."""
    with world.agent.database.session() as s:
        return [e.detail for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "voice.challenge"))]


def _until_heard(world, speak, voice=CUSTOMER_VOICE, tries=6):
    """Answer until the recogniser reads the phrase right, as a customer would try again.

    The phrase is random on every challenge, and PocketSphinx misreads some synthetic
    answers (measured on 50 random phrases of two words and four digits from WAV files:
    en-us 45/50, en-gb 44/50, en-us+f3 38/50, mostly a digit; docs/VOICE.md). Six tries at
    the worst voice's rate leave about 1 in 5,000. The en-us+f3 voice also ends some words
    on a breath that stops dead, which the one-take check takes for a splice (3 of 40
    phrases at this pace; en-us 0 of 40): tried again like a misreading.
    """
    for _ in range(tries):
        outcome, phrase, played = _answer(world, speak, voice)
        if outcome["reason"] not in ("wrong_phrase", "spliced"):
            return outcome, phrase, played
    pytest.fail(f"the phrase was misheard (or taken for a splice) {tries} times running")


def test_the_challenge_confirms_the_greeted_customer_and_a_replay_fails(enrolled, speak):
    world = enrolled
    # A face match claims the identity (its distance goes into the fused decision).
    world.agent.greet(world.customer_id, "Sam", face_distance=0.35)
    outcome, phrase, played = _until_heard(world, speak)
    assert outcome["passed"] and outcome["reason"] == "ok", (outcome, _judged(world))
    assert "your voice is confirmed" in world.agent.snapshot()["message"]
    with world.agent.database.session() as s:
        fused = s.scalars(select(AuditEntry).where(AuditEntry.action == "voice.fused")).all()
    assert fused[-1].detail["with_face"] and fused[-1].detail["outcome"] == "match"

    # A recording of that answer, replayed to a new challenge, says the old phrase: one
    # continuous take, so it passes the continuity check and fails on the words. The take
    # reaches the check between stretches of the simulator's random room tone, and once in a
    # full run (2026-12-06) that seam was taken for a splice: tried again, as _until_heard
    # does. A new phrase the same as the old is about 1 in 27 million.
    for _ in range(3):
        replay, fresh, _ = _answer(world, speak, recording=played)
        if fresh != phrase and replay["reason"] != "spliced":
            break
    assert not replay["passed"] and replay["reason"] == "wrong_phrase", replay
    assert "did not match" in world.agent.snapshot()["message"]

    # A voice check is no authorisation: money still needs card and PIN.
    refused = world.act("withdraw", amount_minor=2000)
    assert refused.status == "refused" and "PIN" in refused.outcome["error"]
    with world.agent.database.session() as s:
        assert s.get(Account, world.account_id).balance_minor == 300_000
    assert world.agent.devices.cash_dispenser.status().stacker_items == 0


def test_after_a_card_another_voice_saying_the_right_phrase_fails(enrolled, speak):
    world = enrolled
    world.sign_in()
    outcome, _, _ = _until_heard(world, speak, voice=OTHER_VOICE)
    # With a card and no face match, the fused score has only the voice: another voice falls
    # below its reject line or in its "not sure" band, and is refused either way.
    assert not outcome["passed"] and outcome["reason"] in ("voice_mismatch", "voice_unsure"), (
        outcome, _judged(world))
    assert world.agent.snapshot()["screen"] == "menu"


def test_without_a_claimed_identity_there_is_nothing_to_check(enrolled):
    record = enrolled.act("voice_check")
    assert record.status == "refused" and "card" in record.outcome["error"]
