"""The staff Socket.IO namespace (authorised per event) and the wiring of the event bridge."""

from __future__ import annotations

import functools
import logging
import threading
from datetime import timedelta

from flask import Flask, current_app, request
from flask_login import current_user
from flask_socketio import Namespace, SocketIO, disconnect, join_room

from shared.events import EventBus
from shared.floor.arrivals import ArrivalError, claim, hand_over, mark_greeted
from shared.web.bus import get_bus
from shared.web.i18n import said, use_chosen_language
from shared.web.request_db import get_database, writing_session
from staff_console.balance import REBALANCE_EVENT, REBALANCE_PATH, SocketBalancer
from staff_console.bridge import (
    METRICS_CHANGES,
    EventBridge,
    branch_room,
    managers_room,
    user_room,
)
from staff_console.emitter import RoomEmitter
from staff_console.escalation import EscalationWorker
from staff_console.networks import request_allowed
from staff_console.policy import Can, allows, dashboard_branches
from staff_console.replay import ReplayBuffer

log = logging.getLogger(__name__)

NAMESPACE = "/staff"
EXTENSION = "smartbranch.socketio"
REPLAY = "smartbranch.replay"
ESCALATION = "smartbranch.escalation"
EMITTER = "smartbranch.emitter"
MANAGERS_EMITTER = "smartbranch.managers_emitter"
BRIDGE = "smartbranch.bridge"
BALANCER = "smartbranch.socket_balancer"


def replay_buffer(app: Flask) -> ReplayBuffer:
    return app.extensions[REPLAY]


def _refused(message: str) -> dict:
    return {"ok": False, "error": message}


def _visit_id(data) -> int | None:
    try:
        value = int(data.get("visit_id"))
    except (AttributeError, TypeError, ValueError):
        return None
    return value if value > 0 else None


class StaffNamespace(Namespace):
    """Rooms come from the server's view of the staff member; clients cannot choose them.

    Every event handler re-checks the session (a signed-out or changed account is dropped)
    and the role's capability before doing anything.
    """

    def on_connect(self, auth=None):
        if not current_user.is_authenticated:
            log.info("refused a /staff socket without a signed-in session")
            return False
        if not request_allowed():
            log.info("refused a /staff socket from %s: not an allowed network",
                     request.remote_addr)
            return False
        identity = current_user.identity
        join_room(user_room(identity.id))
        if allows(identity.role, Can.SEE_FLOOR):
            join_room(branch_room(identity.branch_id))
        # A manager's dashboard hears of every branch it may show: their own, or their area's.
        for branch in dashboard_branches(identity):
            join_room(managers_room(branch.id))
        _start_escalation(current_app._get_current_object())
        return True

    def on_join(self, data=None):
        # Rooms are assigned on connect only; asking for one is refused, never honoured.
        return _refused("rooms are assigned by the server")

    def _check(self, capability: Can) -> str | None:
        if not current_user.is_authenticated:
            disconnect()
            return "signed out"
        if not allows(current_user.role, capability):
            return "not allowed for your role"
        return None

    def _floor_action(self, data, action) -> dict:
        problem = self._check(Can.GREET)
        if problem:
            return _refused(problem)
        visit_id = _visit_id(data)
        if visit_id is None:
            return _refused("visit_id must be a positive number")
        session = writing_session()
        try:
            visit = action(session, visit_id)
        except ArrivalError as exc:
            session.rollback()
            use_chosen_language()  # a socket event runs outside the request hooks
            return {"ok": False, "error": said(exc), "code": exc.code}
        result = {"ok": True, "visit_id": visit.id, "claimed_by_id": visit.claimed_by_id}
        session.commit()  # the socket event is the unit of work; events publish after this
        return result

    def on_claim(self, data=None):
        me = current_user.identity.id if current_user.is_authenticated else None
        return self._floor_action(
            data or {}, lambda s, v: claim(s, get_bus(), v, me)
        )

    def on_greeted(self, data=None):
        me = current_user.identity.id if current_user.is_authenticated else None
        return self._floor_action(
            data or {}, lambda s, v: mark_greeted(
                s, get_bus(), v, me,
                learning=current_app.extensions["smartbranch.settings"].biometrics.learning)
        )

    def on_hand_over(self, data=None):
        me = current_user.identity.id if current_user.is_authenticated else None
        try:
            to_staff = int((data or {}).get("to_staff_id"))
        except (AttributeError, TypeError, ValueError):
            return _refused("to_staff_id must be a number")
        return self._floor_action(
            data or {}, lambda s, v: hand_over(s, get_bus(), v, me, to_staff)
        )

    def on_catch_up(self, data=None):
        """Return the branch's events after `last_event_id`, or ask the tablet to reload."""
        problem = self._check(Can.SEE_FLOOR)
        if problem:
            return _refused(problem)
        last_id = str((data or {}).get("last_event_id") or "")[:64]
        events = replay_buffer(current_app).since(current_user.branch_id, last_id)
        if events is None:
            return {"ok": True, "resync": True, "events": []}
        return {"ok": True, "resync": False, "events": events}


def _start_escalation(app: Flask) -> None:
    """Start the escalation worker once, when the first tablet connects."""
    settings = app.extensions["smartbranch.settings"]
    if settings.console.escalation_poll_seconds <= 0:
        return
    with app.extensions["smartbranch.escalation_lock"]:
        if ESCALATION in app.extensions:
            return
        worker = EscalationWorker(
            get_database(),
            get_bus(),
            timedelta(seconds=settings.console.claim_escalation_seconds),
            settings.console.escalation_poll_seconds,
        )
        app.extensions[ESCALATION] = worker
        threading.Thread(target=worker.run, name="escalation", daemon=True).start()


def init_app(app: Flask, socketio: SocketIO, bus: EventBus) -> None:
    """Attach the staff namespace and start this process's bridge from the bus to its sockets."""
    settings = app.extensions["smartbranch.settings"]
    app.extensions[EXTENSION] = socketio
    app.extensions[REPLAY] = buffer = ReplayBuffer(settings.console.replay_buffer_events)
    app.extensions["smartbranch.escalation_lock"] = threading.Lock()
    socketio.on_namespace(StaffNamespace(NAMESPACE))
    app.extensions[EMITTER] = emitter = RoomEmitter(
        socketio, NAMESPACE, branch_room, batch=settings.console.batch_events
    )
    app.extensions[MANAGERS_EMITTER] = managers = RoomEmitter(
        socketio, NAMESPACE, managers_room, batch=settings.console.batch_events,
        batch_name=METRICS_CHANGES,
    )
    app.extensions[BRIDGE] = bridge = EventBridge(
        bus, emitter, buffer, functools.partial(disconnect_staff, socketio), managers=managers
    )
    bridge.start()
    app.add_url_rule(REBALANCE_PATH, "staff_live_rebalance", _rebalanced)
    if settings.events.backend == "redis" and settings.console.rebalance_interval_s > 0:
        app.extensions[BALANCER] = balancer = socket_balancer(socketio, settings)
        balancer.start()


def _rebalanced():
    """Where a socket asked to move goes first: the proxy answers it from its least busy
    process and pins the browser there; nothing here needs the session."""
    return {"moved": True}, 200, {"Cache-Control": "no-store"}


def socket_balancer(socketio: SocketIO, settings) -> SocketBalancer:
    """This process's balancer of /staff sockets, its counts in the bus's Redis."""
    import redis

    def sockets() -> list[str]:
        return [sid for sid, _eio in socketio.server.manager.get_participants(NAMESPACE, None)]

    return SocketBalancer(
        redis.Redis.from_url(settings.events.redis_url, socket_timeout=5),
        f"{settings.events.channel}:staff-sockets:", sockets,
        lambda sid: socketio.emit(REBALANCE_EVENT, {}, to=sid, namespace=NAMESPACE),
        interval_s=settings.console.rebalance_interval_s)


def disconnect_staff(socketio: SocketIO, staff_id: int) -> int:
    """Disconnect this process's sockets of one staff member; return how many were closed."""
    server = socketio.server
    sids = [sid for sid, _eio in server.manager.get_participants(NAMESPACE, user_room(staff_id))]
    for sid in sids:
        server.disconnect(sid, namespace=NAMESPACE)
    return len(sids)


__all__ = [
    "NAMESPACE", "StaffNamespace", "branch_room", "disconnect_staff", "init_app",
    "managers_room", "user_room",
]
