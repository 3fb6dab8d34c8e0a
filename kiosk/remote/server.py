"""The agent process's side: answer the web tier's requests for one kiosk from its KioskAgent.

Each operation has its own subscriptions, since one subscription answers its messages in
order: a submit queues at once and never waits, so a Cancel pressed while a withdrawal is
being waited for (an await, which blocks its subscription up to its wait) is queued at
once, and the touch page's snapshots never wait behind either. All are in the kiosk's
queue group, so even two subscribed agents never both answer one request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from hardware.xfs import DeviceError
from kiosk.actions import ActionConflict
from kiosk.remote.protocol import (
    MAX_WAIT_S,
    BadRequest,
    ErrorKind,
    KioskOp,
    decode_request,
    encode_error,
    encode_result,
    queue_group,
    subject,
)
from kiosk.simulator_control import NotASimulator
from shared.i18n.text import localise

log = logging.getLogger(__name__)
# Subscriptions per operation; the others get one. Submits wait for their action.
LANES = {KioskOp.SUBMIT: 2, KioskOp.AWAIT: 4, KioskOp.SIMULATE: 2}


class Subscriber(Protocol):
    """What serving needs of a NATS client (shared.cluster.nats_client.NatsClient)."""

    def subscribe(self, subject: str, handler: Callable[[bytes, str], bytes | None], *,
                  queue: str | None = None) -> Callable[[], None]: ...


def _arg(args: dict, name: str, kind: type, default: Any = ...) -> Any:
    """The request's argument `name` of type `kind` (BadRequest when missing or not one)."""
    value = args.get(name, default)
    if value is ... or not (isinstance(value, kind) or value is default):
        raise BadRequest(f"argument {name!r} must be {getattr(kind, '__name__', kind)}")
    return value


def _submit(agent, args: dict) -> dict:
    action = _arg(args, "action", dict)
    if not isinstance(action.get("idempotency_key"), str):
        raise BadRequest("an action carries its idempotency key")
    wait_s = min(max(float(_arg(args, "wait_s", int | float, 0.0)), 0.0), MAX_WAIT_S)
    answer = agent.submit(action, wait_s=wait_s).as_dict()
    if "error" in answer["outcome"]:  # a Text keeps its parameters only in this process
        answer["outcome"] = {**answer["outcome"], "error": localise(
            answer["outcome"]["error"], agent.screen_language())}
    return answer


def _greet(agent, args: dict) -> None:
    agent.greet(_arg(args, "customer_id", int), _arg(args, "name", str),
                float(_arg(args, "seconds", int | float, 120.0)),
                _arg(args, "face_distance", int | float, None))


def operations(agent) -> dict[KioskOp, Callable[[dict], Any]]:
    """What each operation does on the real agent, from the request's arguments."""
    return {
        KioskOp.SNAPSHOT: lambda args: agent.snapshot(),
        KioskOp.SUBMIT: lambda args: _submit(agent, {**args, "wait_s": 0.0}),
        KioskOp.AWAIT: lambda args: _submit(agent, args),
        KioskOp.LANGUAGE: lambda args: agent.choose_language(_arg(args, "language", str)),
        KioskOp.SCREEN_LANGUAGE: lambda args: agent.screen_language(),
        KioskOp.GREET: lambda args: _greet(agent, args),
        KioskOp.FORGET_GREETING: lambda args: agent.forget_greeting(),
        KioskOp.CUSTOMERS_LANGUAGE: lambda args: agent.use_customers_language(
            _arg(args, "language", str, None)),
        KioskOp.SIMULATE: lambda args: agent.simulate(_arg(args, "op", str),
                                                      _arg(args, "args", dict, {})),
    }


def answer(run: Callable[[dict], Any], data: bytes, code: str, op: KioskOp) -> bytes:
    """Run one request and encode its reply; every failure is a typed error, never silence."""
    try:
        return encode_result(run(decode_request(data)))
    except ActionConflict as exc:
        return encode_error(ErrorKind.CONFLICT, str(exc))
    except NotASimulator as exc:
        return encode_error(ErrorKind.NOT_SIMULATOR, str(exc))
    except BadRequest as exc:
        return encode_error(ErrorKind.BAD_REQUEST, f"{op}: {exc}")
    except (ValueError, DeviceError) as exc:
        return encode_error(ErrorKind.INVALID, str(exc))
    except Exception as exc:  # the agent stays up; the web tier gets a 500 with the reason
        log.exception("kiosk %s: %s failed", code, op)
        return encode_error(ErrorKind.INTERNAL, f"{type(exc).__name__}: {exc}")


def serve_agent(client: Subscriber, agent) -> Callable[[], None]:
    """Answer kiosk `agent.kiosk.code`'s subjects from `agent`; return stop() (unsubscribes)."""
    code = agent.kiosk.code
    unsubscribes: list[Callable[[], None]] = []
    for op, run in operations(agent).items():
        def handle(data: bytes, _subject: str, run=run, op=op) -> bytes:
            return answer(run, data, code, op)

        for _ in range(LANES.get(op, 1)):
            unsubscribes.append(client.subscribe(subject(code, op), handle,
                                                 queue=queue_group(code)))
    log.info("kiosk %s: answering the web tier on %s.*", code, queue_group(code))

    def stop() -> None:
        for unsubscribe in unsubscribes:
            unsubscribe()
        unsubscribes.clear()
        log.info("kiosk %s: no longer answering the web tier", code)

    return stop
