"""The face engine the console enrols with; it lives in shared.web (the kiosk uses it too)."""

from __future__ import annotations

from shared.web.face_engine import EXTENSION, get_face_engine

__all__ = ["EXTENSION", "get_face_engine"]
