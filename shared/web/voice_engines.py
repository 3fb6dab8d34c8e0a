"""The app's voice engines for enrolment at the tablet: built once, on first use.

Tests put fakes in `app.extensions[EXTENSION]` as (speaker engine, speech to text).
"""

from __future__ import annotations

import threading

from flask import Flask

EXTENSION = "smartbranch.voice_engines"
_LOCK = threading.Lock()


def get_voice_engines(app: Flask):
    """Return (speaker engine, speech to text), loading the models the settings name."""
    engines = app.extensions.get(EXTENSION)
    if engines is None:
        with _LOCK:
            engines = app.extensions.get(EXTENSION)
            if engines is None:
                from shared.biometrics.voice.engines import create_speaker_engine
                from shared.speech.engines import create_speech_to_text

                settings = app.extensions["smartbranch.settings"]
                engines = (create_speaker_engine(settings), create_speech_to_text(settings))
                app.extensions[EXTENSION] = engines
    return engines
