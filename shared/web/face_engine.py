"""The app's face engine, shared by the staff console and the kiosk: built once, on first use."""

from __future__ import annotations

from flask import Flask

from shared.biometrics.face.engine import FaceEngine
from shared.web.lazy import built_once

EXTENSION = "smartbranch.face_engine"


def get_face_engine(app: Flask) -> FaceEngine:
    """Return app.extensions' engine (tests inject a fake), creating the dlib one if absent."""

    def build() -> FaceEngine:
        from shared.biometrics.face.dlib_engine import DlibFaceEngine

        return DlibFaceEngine(app.extensions["smartbranch.settings"].biometrics.face.model_version)

    return built_once(app, EXTENSION, build)
