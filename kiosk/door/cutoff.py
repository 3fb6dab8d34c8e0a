"""The door's identifying gate: no identification at an edge cut off from the centre too long.

A withdrawal reaches an edge only over its link to the centre; an edge that has not heard
from the centre for longer than cluster.cutoff_bound_s can no longer promise to honour one
within that bound, so it stops identifying anyone and only counts until contact returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


def cutoff_detail(bound_s: float) -> str:
    """What the staff see while the door only counts (no customer data)."""
    return (f"cut off from the centre for more than {bound_s:g} s: "
            "not identifying, counting only")


class IdentifyingGate:
    """Answers "may the door identify now?" and reports each change once, both ways.

    `cut_off` is EdgeGallerySync.cut_off; `on_pause(detail)` and `on_resume()` are the
    camera status reporter's unavailable/available (or anything that must hear of it).
    """

    def __init__(
        self,
        cut_off: Callable[[], bool],
        bound_s: float,
        on_pause: Callable[[str], None] | None = None,
        on_resume: Callable[[], None] | None = None,
    ):
        self.cut_off = cut_off
        self.bound_s = bound_s
        self.on_pause = on_pause
        self.on_resume = on_resume
        self._allowed = True
        self._lock = threading.Lock()

    @property
    def allowed(self) -> bool:
        """The last answer, without asking again."""
        return self._allowed

    def __call__(self) -> bool:
        allowed = not self.cut_off()
        with self._lock:
            changed, self._allowed = allowed != self._allowed, allowed
        if changed and not allowed:
            detail = cutoff_detail(self.bound_s)
            log.warning("door identification paused: %s", detail)
            self._report(self.on_pause, detail)
        elif changed:
            log.warning("door identification resumed: contact with the centre is back")
            self._report(self.on_resume)
        return allowed

    def _report(self, callback, *args) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:  # a failing report must never stop the camera loop
            log.exception("reporting the door's identifying state failed")
