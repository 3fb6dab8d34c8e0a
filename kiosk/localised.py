"""A kiosk screen's words in the screen's language, at the moment the touch UI asks for them."""

from __future__ import annotations

from typing import Any

from shared.i18n.languages import language
from shared.i18n.text import localise

# The parts of a screen's state that hold sentences (`Text`, or a constant sentence).
_SENTENCES = (("message",), ("result", "message"), ("result", "receipt"),
              ("request", "question"), ("voice", "prompt"), ("ticket", "message"))


def localised(state: dict[str, Any], code: str) -> dict[str, Any]:
    """The screen state with its sentences said in language `code`, and the language named."""
    state = dict(state)
    for path in _SENTENCES:
        holder = state
        for key in path[:-1]:
            if not isinstance(holder.get(key), dict):
                break
            holder[key] = holder = dict(holder[key])
        else:
            if path[-1] in holder:
                holder[path[-1]] = localise(holder[path[-1]], code)
    shown = language(code)
    state["language"] = {"code": shown.code, "tag": shown.tag, "dir": shown.direction}
    return state
