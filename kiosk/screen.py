"""What the kiosk's touch UI shows: the screen's name, its message and its data."""

from __future__ import annotations

import threading
from enum import StrEnum
from typing import Any


class Screen(StrEnum):
    STARTING = "starting"
    IDLE = "idle"
    OUT_OF_SERVICE = "out_of_service"
    READING = "reading"
    PIN = "pin"
    MENU = "menu"
    BUSY = "busy"
    TAKE_CASH = "take_cash"
    INSERT_NOTES = "insert_notes"
    CONFIRM_DEPOSIT = "confirm_deposit"
    WALLET_CODE = "wallet_code"
    TAKE_CARD = "take_card"
    TICKET = "ticket"
    VOICE = "voice"  # listening, reading an amount back, or showing challenge digits
    CONFIRM_REQUEST = "confirm_request"  # a request spoken before the card, after the PIN


# What stays on screen from one screen to the next while the card holder is served.
KEPT = ("customer", "accounts", "billers", "banks", "upcoming", "result", "ticket")


class ScreenState:
    """The current screen and its data, shared by the kiosk's thread and the web requests."""

    def __init__(self):
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {"screen": Screen.STARTING, "message": ""}

    def show(self, screen: Screen, message: str = "", **data) -> None:
        """Switch to `screen` with its data (replacing the previous screen's)."""
        with self._lock:
            keep = {k: self._state[k] for k in KEPT if k in self._state}
            self._state = {**keep, "screen": screen, "message": message, **data}

    def update(self, **data) -> None:
        with self._lock:
            self._state.update(data)

    def forget(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._state.pop(key, None)

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._state.get(key, default)

    def copy(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._state)
