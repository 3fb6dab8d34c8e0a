"""The app's voice engines for enrolment at the tablet: built once, on first use.

Tests put fakes in `app.extensions[EXTENSION]` as (speaker engine, speech to text).
"""

from __future__ import annotations

from flask import Flask

from shared.web.lazy import built_once

EXTENSION = "smartbranch.voice_engines"


def get_voice_engines(app: Flask):
    """Return (speaker engine, speech to text), loading the models the settings name."""

    def build():
        from shared.biometrics.voice.engines import create_speaker_engine
        from shared.speech.engines import create_speech_to_text

        settings = app.extensions["smartbranch.settings"]
        return create_speaker_engine(settings), create_speech_to_text(settings)

    return built_once(app, EXTENSION, build)
