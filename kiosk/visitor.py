"""Who stands at the kiosk before a card goes in: a greeting, and a spoken request on hold.

A face match or a passed voice check greets and prefills; it never authorises anything.
A request spoken before the card waits (with its expiry) for a card; after the PIN the
card holder must confirm it on the screen, so it never moves money by itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Visitor:
    """The greeted customer and the held spoken request, each until its time runs out."""

    def __init__(self, clock: Callable[[], float], hold_s: float):
        self.clock = clock
        self.hold_s = hold_s
        self._lock = threading.Lock()
        self._greeting: tuple[int, str, float] | None = None
        self._face_distance: float | None = None  # of the face match that greeted, if one did
        self._request: tuple[dict, float] | None = None

    def greet(self, customer_id: int, name: str, seconds: float = 120.0,
              face_distance: float | None = None) -> None:
        """Greet by name; `face_distance` when a face match did it (the voice check fuses it)."""
        with self._lock:
            self._greeting = (customer_id, name, self.clock() + seconds)
            self._face_distance = face_distance

    def forget(self) -> None:
        """The greeted customer has gone (or someone else asked): their name leaves the screen."""
        with self._lock:
            self._greeting = self._face_distance = None

    def face_distance(self, customer_id: int) -> float | None:
        """The face match's distance, while that match's greeting of `customer_id` lasts."""
        with self._lock:
            greeting, distance = self._greeting, self._face_distance
        live = greeting and greeting[0] == customer_id and greeting[2] > self.clock()
        return distance if live else None

    def greeted_customer(self) -> int | None:
        with self._lock:
            greeting = self._greeting
        return greeting[0] if greeting and greeting[2] > self.clock() else None

    def greeting(self) -> str | None:
        """The greeted customer's name, while the greeting lasts."""
        with self._lock:
            greeting = self._greeting
        return greeting[1] if greeting and greeting[2] > self.clock() else None

    def hold_request(self, action: dict, seconds: float | None = None) -> None:
        """Keep a spoken request for a card inserted within `seconds` (voice_hold_s)."""
        with self._lock:
            self._request = (dict(action), self.clock() + (seconds or self.hold_s))

    def held_request(self) -> dict | None:
        """The spoken request waiting for a card, if still fresh."""
        with self._lock:
            held = self._request
        return dict(held[0]) if held and held[1] > self.clock() else None

    def take_request(self) -> dict | None:
        """Return (if still fresh) and forget the waiting spoken request."""
        with self._lock:
            held, self._request = self._request, None
        return dict(held[0]) if held and held[1] > self.clock() else None

    def drop_lapsed_request(self) -> bool:
        """Forget a spoken request whose time ran out; True if one was dropped just now."""
        with self._lock:
            held = self._request
            if held is None or held[1] > self.clock():
                return False
            self._request = None
        return True
