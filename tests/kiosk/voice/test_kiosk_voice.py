"""Voice at a simulated kiosk, end to end with the real recogniser: the microphone is fed
WAV files (espeak-ng speech written at test time, and real clips from the shared data).

A spoken withdrawal is read back and confirmed, then still needs card and PIN; bad input
of every kind ends on the touch screen with a message, within a bounded time.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from sqlalchemy import select

from hardware.microphone.base import MicrophoneError
from hardware.microphone.simulator import MicFault
from shared.models import QueueTicket
from shared.speech.audio import read_wav
from tests.kiosk.conftest import build_world
from tests.speech import espeak_writer
from tests.voice_fakes import write_stereo_wav

pytestmark = pytest.mark.models
LISTEN_S = 3.0


@pytest.fixture(scope="module")
def voice_settings(kiosk_settings):
    return kiosk_settings.model_copy(update={
        "kiosk_agent": kiosk_settings.kiosk_agent.model_copy(update={
            "voice_listen_s": LISTEN_S, "inactivity_timeout_s": 6.0}),
    })


@pytest.fixture
def world(fresh_database, voice_settings):
    built = build_world(fresh_database, voice_settings)
    built.agent.devices.microphone.realtime = False  # tests queue speech before listening
    yield built
    built.agents.stop_all()


@pytest.fixture
def spoken(tmp_path):
    """Write what a customer says as a WAV file (espeak-ng, 22.05 kHz mono)."""
    return espeak_writer(tmp_path)


def _speak(world, timeout: float = 20.0):
    """Press Speak; return the finished voice action and how long it took."""
    started = time.monotonic()
    record = world.act("voice", timeout=timeout)
    return record, time.monotonic() - started


@pytest.mark.data
def test_a_spoken_withdrawal_is_confirmed_then_needs_card_pin_and_confirm(world, spoken,
                                                                          shared_data_dir):
    mic = world.agent.devices.microphone
    mic.play_wav(spoken("withdraw fifty pounds"))
    # The confirmation is a real person's "yes" (the shared data's command clips).
    mic.play_wav(shared_data_dir / "speech" / "_commands" / "tflite-micro" / "yes_1000ms.wav")
    record, _ = _speak(world)
    assert record.outcome["intent"] == "withdraw" and record.outcome["confirmed"], record.outcome
    assert record.outcome["amount_minor"] == 5000
    state = world.agent.wait_for(lambda s: s["screen"] == "idle")
    assert "Withdraw 50 pounds: insert your card and enter your PIN" in state["message"]
    # Nothing has moved: the spoken "yes" is not an authorisation.
    assert world.balance() == 300_000
    assert world.agent.devices.cash_dispenser.status().stacker_items == 0

    assert world.agent.devices.card_reader.insert_card(world.card())
    pin = world.agent.wait_for(lambda s: s["screen"] == "pin")
    assert "You asked: Withdraw 50 pounds" in pin["message"]
    world.agent.devices.pin_pad.type_pin(world.pin)
    # Card and PIN only prefill the question: the card holder must confirm it.
    asked = world.agent.wait_for(lambda s: s["screen"] == "confirm_request")
    assert asked["request"]["question"].startswith("Withdraw £50.00 from Current KT")
    time.sleep(0.5)
    assert world.agent.snapshot()["screen"] == "confirm_request"
    assert world.balance() == 300_000
    assert world.agent.devices.cash_dispenser.status().stacker_items == 0
    world.act("confirm_request")
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    assert world.agent.devices.cash_dispenser.take_cash().total_minor == 5000
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.balance() == 300_000 - 5000


@pytest.fixture
def commands(shared_data_dir):
    """Real people's "yes" and "no" (the shared data's command clips)."""
    return shared_data_dir / "speech" / "_commands" / "tflite-micro"


def _hold_by_voice(world, spoken, commands, phrase):
    """Say `phrase` and a real "yes" before any card; return the idle screen it leaves."""
    mic = world.agent.devices.microphone
    mic.play_wav(spoken(phrase))
    mic.play_wav(commands / "yes_1000ms.wav")
    record, _ = _speak(world)
    assert record.outcome["confirmed"], record.outcome
    return world.agent.wait_for(lambda s: s["screen"] == "idle" and "insert your card"
                                in s["message"])


@pytest.mark.data
def test_the_card_holder_answers_a_held_request_by_voice(world, spoken, commands):
    """After the PIN, Speak and "no" cancels with nothing moved; Speak and "yes" runs it."""
    _hold_by_voice(world, spoken, commands, "withdraw fifty pounds")
    assert world.agent.devices.card_reader.insert_card(world.card())
    world.agent.wait_for(lambda s: s["screen"] == "pin")
    world.agent.devices.pin_pad.type_pin(world.pin)
    world.agent.wait_for(lambda s: s["screen"] == "confirm_request")
    world.agent.devices.microphone.play_wav(commands / "no_1000ms.wav")
    answer, _ = _speak(world)
    assert answer.outcome["intent"] == "no", answer.outcome
    state = world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert "Cancelled: nothing was done" in state["message"]
    assert world.balance() == 300_000
    assert world.agent.devices.cash_dispenser.status().stacker_items == 0
    world.act("finish")
    world.agent.wait_for(lambda s: s["screen"] == "take_card")
    world.agent.devices.card_reader.take_card()
    world.agent.wait_for(lambda s: s["screen"] == "idle")

    _hold_by_voice(world, spoken, commands, "withdraw twenty pounds")
    assert world.agent.devices.card_reader.insert_card(world.card())
    world.agent.wait_for(lambda s: s["screen"] == "pin")
    world.agent.devices.pin_pad.type_pin(world.pin)
    asked = world.agent.wait_for(lambda s: s["screen"] == "confirm_request")
    assert asked["request"]["amount_minor"] == 2000
    world.agent.devices.microphone.play_wav(commands / "yes_1000ms.wav")
    answer, _ = _speak(world)
    assert answer.outcome["confirmed"], answer.outcome
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    assert world.agent.devices.cash_dispenser.take_cash().total_minor == 2000
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.balance() == 300_000 - 2000


@pytest.mark.data
def test_a_card_inserted_after_the_hold_lapses_brings_no_request(fresh_database,
                                                                 voice_settings, spoken,
                                                                 commands):
    settings = voice_settings.model_copy(update={"kiosk_agent": voice_settings.kiosk_agent
                                                 .model_copy(update={"voice_hold_s": 1.0})})
    world = build_world(fresh_database, settings)
    world.agent.devices.microphone.realtime = False
    try:
        _hold_by_voice(world, spoken, commands, "withdraw fifty pounds")
        # Nobody came: the prompt goes, so the next customer never sees it.
        world.agent.wait_for(lambda s: s["message"] == "Insert your card to start.",
                             timeout=3.0)
        assert world.agent.station.visitor.held_request() is None
        world.sign_in_with_no_held_request()
        assert world.balance() == 300_000
    finally:
        world.agents.stop_all()


def test_withdrawal_by_voice_in_the_menu_from_a_stereo_44k_file(world, spoken, tmp_path):
    mono = read_wav(spoken("withdraw twenty pounds"))
    t = np.arange(int(mono.seconds * 44100)) / 44100
    resampled = np.interp(t, np.arange(len(mono.samples)) / 16000, mono.samples)
    pcm = (np.clip(resampled, -1, 1) * 32767).astype("<i2")
    stereo = write_stereo_wav(tmp_path / "stereo44k.wav", pcm)
    world.sign_in()
    mic = world.agent.devices.microphone
    mic.play_wav(stereo)
    mic.play_wav(spoken("yes"))
    record, _ = _speak(world)
    assert record.outcome["amount_minor"] == 2000, record.outcome
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    world.agent.devices.cash_dispenser.take_cash()
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.balance() == 300_000 - 2000


def test_saying_no_cancels_and_nothing_is_held(world, spoken):
    mic = world.agent.devices.microphone
    for said in ("withdraw fifty pounds", "no", "cancel"):
        mic.play_wav(spoken(said))
    record, _ = _speak(world)
    assert record.outcome["problem"] == "cancelled", record.outcome
    assert world.agent.station.visitor.held_request() is None
    assert "Voice cancelled" in world.agent.snapshot()["message"]


def test_balance_by_voice_in_the_menu(world, spoken):
    world.sign_in()
    world.agent.devices.microphone.play_wav(spoken("balance"))
    record, _ = _speak(world)
    assert record.outcome["intent"] == "balance", record.outcome
    state = world.agent.wait_for(lambda s: (s.get("result") or {}).get("kind") == "balance")
    assert state["result"]["balance_minor"] == 300_000


def test_talk_to_someone_by_voice_gives_a_counter_ticket_with_context(world, spoken):
    world.agent.devices.microphone.play_wav(spoken("talk to someone"))
    record, _ = _speak(world)
    assert record.outcome["fallback"] == "counter", record.outcome
    world.agent.wait_for(lambda s: s["screen"] == "ticket")
    with world.agent.database.session() as s:
        ticket = s.scalars(select(QueueTicket).where(QueueTicket.device_id == world.kiosk_id)
                           .order_by(QueueTicket.id.desc())).first()
    assert ticket.reason == "customer_request"
    assert ticket.context["channel"] == "voice" and "talk to someone" in ticket.context["heard"]


def test_unclear_twice_goes_back_to_touch(world, shared_data_dir):
    clips = shared_data_dir / "speech" / "_commands" / "felixchenfy"
    mic = world.agent.devices.microphone
    mic.play_wav(clips / "left_01.wav")  # a real word, but not something the kiosk does
    mic.play_wav(clips / "right_01.wav")
    record, _ = _speak(world)
    assert record.outcome["problem"] == "unclear", record.outcome
    assert "did not understand" in world.agent.snapshot()["message"]
    assert world.agent.snapshot()["screen"] == "idle"


@pytest.mark.parametrize(("fault", "problem", "words"), [
    (MicFault.SILENCE, "too_quiet", "could not hear you"),
    (MicFault.NOISE, "no_speech", "could not make out any speech"),
    (MicFault.CLIPPING, "clipped", "distorted"),
    (MicFault.DROP, "microphone", "microphone is not working"),
])
def test_bad_microphone_input_falls_back_to_touch_in_bounded_time(world, spoken, fault,
                                                                  problem, words):
    mic = world.agent.devices.microphone
    mic.realtime = True  # as on a real kiosk: a silent microphone takes the full listen
    mic.play_wav(spoken("balance"))
    mic.inject(fault)
    record, took = _speak(world)
    assert record.outcome["problem"] == problem, record.outcome
    assert took < LISTEN_S + 3.0
    state = world.agent.snapshot()
    assert state["screen"] == "idle" and words in state["message"]
    assert "touch screen" in state["message"]


def test_a_truncated_wav_is_refused_with_a_clear_message(world, spoken, tmp_path):
    data = spoken("balance").read_bytes()
    broken = tmp_path / "truncated.wav"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(MicrophoneError, match="truncated"):
        world.agent.devices.microphone.play_wav(broken)
    record, took = _speak(world)  # nothing reached the microphone: the kiosk hears the room
    assert record.outcome["problem"] == "too_quiet" and took < LISTEN_S + 3.0


def test_a_missing_speech_model_folder_is_named_and_the_kiosk_stays_on_touch(
        fresh_database, voice_settings, tmp_path):
    settings = voice_settings.model_copy(update={"voice": voice_settings.voice.model_copy(
        update={"pocketsphinx_model_dir": tmp_path / "no-model-here"})})
    world = build_world(fresh_database, settings)
    try:
        record, took = _speak(world)
        assert record.outcome["problem"] == "recogniser" and took < 5.0
        message = world.agent.snapshot()["message"]
        assert "not available" in message and "voice.pocketsphinx_model_dir" in message
        world.sign_in()  # touch still works
    finally:
        world.agents.stop_all()
