"""A heavy object the app builds on first use, once, whichever thread asks first."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from flask import Flask

T = TypeVar("T")
_LOCK = threading.Lock()


def built_once(app: Flask, extension: str, build: Callable[[], T]) -> T:
    """`app.extensions[extension]` (tests put fakes there), built with `build()` if absent."""
    found = app.extensions.get(extension)
    if found is None:
        with _LOCK:
            found = app.extensions.get(extension)
            if found is None:
                found = app.extensions[extension] = build()
    return found
