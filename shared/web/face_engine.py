"""The app's face engine, shared by the staff console and the kiosk: built once, on first use."""

from __future__ import annotations

import threading

from flask import Flask

from shared.biometrics.face.engine import FaceEngine

EXTENSION = "smartbranch.face_engine"
_LOCK = threading.Lock()


def get_face_engine(app: Flask) -> FaceEngine:
    """Return app.extensions' engine (tests inject a fake), creating the dlib one if absent."""
    engine = app.extensions.get(EXTENSION)
    if engine is None:
        with _LOCK:
            engine = app.extensions.get(EXTENSION)
            if engine is None:
                from shared.biometrics.face.dlib_engine import DlibFaceEngine

                settings = app.extensions["smartbranch.settings"]
                engine = DlibFaceEngine(settings.biometrics.face.model_version)
                app.extensions[EXTENSION] = engine
    return engine
