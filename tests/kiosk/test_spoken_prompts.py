"""Spoken prompts: espeak-ng's voice for the screen's language, served for the kiosk to play."""

from __future__ import annotations

import io
import shutil
import wave

import pytest

from kiosk.screen import Screen
from kiosk.spoken_prompts import VOICES, SpeechUnavailable, synthesise
from shared.i18n.languages import LANGUAGES
from shared.i18n.text import Text, localise
from tests.conftest import IN_CI
from tests.kiosk.conftest import build_world, paired_api_client

PROMPT = Text("I could not hear you.")  # a sentence every catalogue translates


@pytest.fixture
def espeak():
    if shutil.which("espeak-ng") is None:
        if IN_CI:
            pytest.fail("CI=true and espeak-ng is not installed", pytrace=False)
        pytest.skip("espeak-ng is not installed")


def _seconds(audio: bytes) -> float:
    with wave.open(io.BytesIO(audio)) as w:
        return w.getnframes() / w.getframerate()


def test_every_shipped_language_has_a_voice_that_speaks(espeak):
    assert set(VOICES) == set(LANGUAGES)
    for code in LANGUAGES:
        assert 0.5 < _seconds(synthesise(localise(PROMPT, code), code)) < 15, code


def test_without_espeak_the_server_says_it_cannot_speak(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    synthesise.cache_clear()
    with pytest.raises(SpeechUnavailable, match="espeak-ng is not installed"):
        synthesise("hello", "en")


@pytest.fixture
def kiosk(fresh_database, kiosk_settings):
    world = build_world(fresh_database, kiosk_settings)
    client = paired_api_client(fresh_database, kiosk_settings, world)
    yield client, world, f"/api/kiosks/{world.kiosk_code}/speech"
    world.agents.stop_all()


def test_the_kiosk_speaks_its_prompt_in_the_screens_language(espeak, kiosk):
    client, world, speech = kiosk
    assert client.get(speech).status_code == 404  # the idle screen has nothing to say
    world.agent.choose_language("ko")
    world.agent.station.show(Screen.VOICE, PROMPT, voice={"mode": "command", "prompt": PROMPT})
    answer = client.get(speech)
    assert answer.status_code == 200 and answer.mimetype == "audio/wav"
    korean = localise(PROMPT, "ko")
    assert korean != str(PROMPT) and answer.data == synthesise(korean, "ko")
    assert answer.data != synthesise(str(PROMPT), "en")


def test_an_unpaired_screen_hears_nothing(kiosk):
    client, _world, speech = kiosk
    del client.environ_base["HTTP_AUTHORIZATION"]
    assert client.get(speech).status_code == 401
