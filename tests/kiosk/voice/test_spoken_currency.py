"""A spoken amount counts only in the kiosk's own currency (fast: scripted recogniser)."""

from __future__ import annotations

import pytest

from hardware.microphone.simulator import MicrophoneSimulator
from kiosk.voice.kiosk_voice import KioskVoice
from kiosk.voice.listener import VoiceListener
from shared.speech.commands import IntentKind
from tests.voice_fakes import ScriptedSpeechToText, synth_voice


def _heard(text: str, language: str, minor_per_unit: int | None):
    microphone = MicrophoneSimulator()
    microphone.finite = True
    microphone.say(synth_voice(140.0, seconds=1.5).samples, pause_after=1.0)
    stt = ScriptedSpeechToText(text)
    stt.language = language
    microphone.open()
    try:
        return VoiceListener(microphone, stt, minor_per_unit=minor_per_unit).listen()
    finally:
        microphone.close()


@pytest.mark.parametrize(("currency", "language", "unit"), [
    ("GBP", "en", 100), ("GBP", "ko", None), ("KRW", "ko", 1), ("KRW", "en", None),
    ("EUR", "en", None), ("gbp", "en-gb", 100),
])
def test_the_unit_comes_from_the_kiosks_currency(base_settings, currency, language, unit):
    kiosk = base_settings.kiosk.model_copy(update={"currency": currency})
    voice = KioskVoice(base_settings.model_copy(update={"kiosk": kiosk}), MicrophoneSimulator())
    assert voice.amount_unit(language) == unit


def test_won_at_a_kiosk_paying_pounds_leaves_the_amount_to_the_screen():
    heard = _heard("출금 오만 원", "ko", None)
    assert heard.intent.kind == IntentKind.WITHDRAW and heard.intent.amount_minor is None


def test_amounts_in_the_kiosks_currency_are_kept():
    assert _heard("출금 오만 원", "ko", 1).intent.amount_minor == 50_000
    assert _heard("withdraw fifty pounds", "en", 100).intent.amount_minor == 5_000
