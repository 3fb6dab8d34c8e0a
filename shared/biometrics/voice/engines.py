"""Build the configured speaker engine; its model comes with its package, never downloaded."""

from __future__ import annotations

from shared.speech.stt import SpeechError


def create_speaker_engine(settings, threads: int | None = None):
    """Return the speaker engine named by voice.speaker_model_version."""
    from shared.biometrics.voice.resemblyzer_engine import MODEL_VERSION, ResemblyzerSpeakerEngine

    version = settings.voice.speaker_model_version
    if version != MODEL_VERSION:
        raise SpeechError(
            "model_missing",
            f"voice.speaker_model_version is {version!r}; this build has {MODEL_VERSION!r}",
        )
    return ResemblyzerSpeakerEngine(threads)
