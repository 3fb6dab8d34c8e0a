"""The kiosk agent's RPC contract: JSON requests on `sb.kiosk.<code>.<op>`, typed JSON replies.

A request is `{"args": {...}}`; a reply is `{"ok": true, "result": ...}` or
`{"ok": false, "error": {"kind": ..., "message": ...}}`. Nothing here knows NATS: the
server and the client carry these bytes over core NATS request/reply.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from kiosk.actions import ActionConflict
from kiosk.simulator_control import NotASimulator
from shared.i18n.text import N_

PREFIX = "sb.kiosk"
# A plain call (a snapshot, a language) answers at once; a submit gets its wait on top.
CALL_TIMEOUT_S = 2.0
REPLY_MARGIN_S = 2.0
MAX_WAIT_S = 30.0  # settings.kiosk_agent.action_wait_s is bounded the same
# Shown on the touch screen and by the API (503) when no agent answers for the kiosk.
# The customer reads it: no word of agents, just what to do.
AGENT_NOT_RUNNING = N_("This machine is out of service at the moment. Please ask a member of "
                       "staff.")
# Characters a NATS subject token may hold as they are; others are escaped (see token).
_PLAIN = re.compile(r"[A-Za-z0-9_-]")


class KioskOp(StrEnum):
    """What the web tier asks a kiosk's agent (the last token of the subject)."""

    SNAPSHOT = "snapshot"
    SUBMIT = "submit"  # queue an action (at once)
    AWAIT = "await"  # the same action again: its first record, once finished or in wait_s
    LANGUAGE = "language"  # the customer chose a language
    SCREEN_LANGUAGE = "screen_language"
    GREET = "greet"
    FORGET_GREETING = "forget_greeting"  # whoever asked is not the greeted customer
    CUSTOMERS_LANGUAGE = "customers_language"
    SIMULATE = "simulate"  # the simulator page's hands on simulated devices


class ErrorKind(StrEnum):
    """Why an agent refused a request; each becomes the same exception on the web side."""

    CONFLICT = "conflict"  # idempotency key reused for another action (ActionConflict)
    NOT_SIMULATOR = "not_simulator"  # real devices: the simulator page cannot act
    INVALID = "invalid"  # a value the agent or its devices refused (ValueError)
    BAD_REQUEST = "bad_request"  # not a request of this protocol
    INTERNAL = "internal"  # the agent failed; logged there


class AgentUnavailable(RuntimeError):
    """No agent answered for the kiosk (not running, no responders, or too slow)."""


class AgentError(RuntimeError):
    """The kiosk's agent failed on a request (its log says why)."""


class BadRequest(ValueError):
    """A request that does not follow this protocol."""


def token(code: str) -> str:
    """The kiosk code as one subject token: '.', '*', '>' and spaces would split or match."""
    return "".join(ch if _PLAIN.fullmatch(ch) else f"~{ord(ch):x}~" for ch in code)


def subject(code: str, op: KioskOp) -> str:
    return f"{PREFIX}.{token(code)}.{op}"


def queue_group(code: str) -> str:
    """One queue group per kiosk: even two subscribed agents never both answer a request."""
    return f"{PREFIX}.{token(code)}"


def _plain(value: Any) -> Any:
    """JSON for what a screen state holds beyond JSON's own types (or TypeError)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"{type(value).__name__} cannot travel in a kiosk reply")


def _dumps(payload: dict) -> bytes:
    return json.dumps(payload, default=_plain, ensure_ascii=False,
                      separators=(",", ":")).encode()


def encode_request(args: dict | None = None) -> bytes:
    return _dumps({"args": args or {}})


def decode_request(data: bytes) -> dict:
    """The request's arguments (BadRequest when it is not one of ours)."""
    try:
        request = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"not JSON: {exc}") from None
    args = request.get("args") if isinstance(request, dict) else None
    if not isinstance(args, dict):
        raise BadRequest("a request is {\"args\": {...}}")
    return args


def encode_result(result: Any) -> bytes:
    return _dumps({"ok": True, "result": result})


def encode_error(kind: ErrorKind, message: str) -> bytes:
    return _dumps({"ok": False, "error": {"kind": str(kind), "message": message}})


def decode_reply(data: bytes) -> Any:
    """The reply's result, or the agent's refusal raised as the exception it stands for."""
    try:
        reply = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise AgentError(f"the kiosk agent's reply is not JSON: {exc}") from None
    if not isinstance(reply, dict) or "ok" not in reply:
        raise AgentError("the kiosk agent's reply is not of this protocol")
    if reply["ok"]:
        return reply.get("result")
    error = reply.get("error") or {}
    raise _exception(str(error.get("kind")), str(error.get("message", "")))


def _exception(kind: str, message: str) -> Exception:
    if kind == ErrorKind.CONFLICT:
        return ActionConflict(message)
    if kind == ErrorKind.NOT_SIMULATOR:
        return NotASimulator(message)
    if kind == ErrorKind.INVALID:
        return ValueError(message)
    return AgentError(f"the kiosk agent failed ({kind}): {message}")
