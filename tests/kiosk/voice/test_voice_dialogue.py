"""A customer drives a withdrawal by voice on a simulated microphone; failures go to touch."""


import numpy as np
import pytest

from hardware.microphone.simulator import MicFault, MicrophoneSimulator
from kiosk.voice.dialogue import PROMPT, ask_for_command
from kiosk.voice.listener import VoiceListener
from shared.speech.audio import read_wav
from shared.speech.commands import IntentKind
from shared.speech.engines import create_speech_to_text
from tests.speech import espeak_writer


@pytest.fixture
def english(tmp_path):
    write = espeak_writer(tmp_path)

    def say(text: str) -> np.ndarray:
        samples = read_wav(write(text, "en-gb", 150)).samples
        return np.concatenate([np.zeros(4000, np.float32), samples])

    return say


@pytest.fixture(scope="module")
def stt(base_settings):
    return create_speech_to_text(base_settings, "pocketsphinx")


@pytest.mark.models
def test_withdrawal_by_voice_is_read_back_and_confirmed(stt, english):
    mic = MicrophoneSimulator()
    mic.say(english("withdraw fifty pounds"))
    mic.say(np.zeros(16000, np.float32))  # the customer waits for the read-back
    mic.say(english("yes"))
    mic.open()
    prompts = []
    request = ask_for_command(VoiceListener(mic, stt), prompts.append)
    assert request.confirmed and request.fallback == ""
    assert request.intent.kind == IntentKind.WITHDRAW
    assert request.intent.amount_minor == 5000
    assert prompts == [PROMPT, "Withdraw 50 pounds? Say yes or no."]


@pytest.mark.models
def test_a_silent_or_broken_microphone_falls_back_to_touch(stt):
    mic = MicrophoneSimulator()
    mic.open()
    mic.inject(MicFault.SILENCE)
    request = ask_for_command(VoiceListener(mic, stt, max_seconds=2.0), lambda _: None)
    assert request.fallback == "touch" and not request.confirmed
    assert request.problem == "too_quiet" and "touch screen" in request.message
    mic.inject(MicFault.DROP)
    heard = VoiceListener(mic, stt).listen(max_seconds=1.0)
    assert heard.problem == "microphone"
