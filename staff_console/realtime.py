"""The one bridge from the event bus to Socket.IO, and the staff namespace's authorisation."""

from __future__ import annotations

import logging

from flask import Flask
from flask_login import current_user
from flask_socketio import Namespace, SocketIO, join_room

from shared.events import Event, EventBus, EventKind

log = logging.getLogger(__name__)

NAMESPACE = "/staff"
EXTENSION = "smartbranch.socketio"

# What the tablets receive; the rest (consent, traffic counts) stays server-side.
STAFF_EVENTS = frozenset(
    {
        EventKind.CUSTOMER_ARRIVED,
        EventKind.CUSTOMER_CLAIMED,
        EventKind.CUSTOMER_LEFT,
        EventKind.TICKET_CREATED,
        EventKind.TICKET_CALLED,
        EventKind.DEVICE_UNAVAILABLE,
    }
)


def branch_room(branch_id: int) -> str:
    return f"branch:{branch_id}:staff"


def user_room(staff_id: int) -> str:
    return f"user:{staff_id}"


class StaffNamespace(Namespace):
    """Rooms come from the server's view of the staff member; clients cannot choose them."""

    def on_connect(self, auth=None):
        if not current_user.is_authenticated:
            log.info("refused a /staff socket without a signed-in session")
            return False
        identity = current_user.identity
        join_room(branch_room(identity.branch_id))
        join_room(user_room(identity.id))
        return True

    def on_join(self, data=None):
        # Rooms are assigned on connect only; asking for one is refused, never honoured.
        return {"ok": False, "error": "rooms are assigned by the server"}


def init_app(app: Flask, socketio: SocketIO, bus: EventBus) -> None:
    app.extensions[EXTENSION] = socketio
    socketio.on_namespace(StaffNamespace(NAMESPACE))

    def forward(event: Event) -> None:
        if event.kind in STAFF_EVENTS:
            socketio.emit(
                event.kind.value,
                event.to_dict(),
                to=branch_room(event.branch_id),
                namespace=NAMESPACE,
            )

    unsubscribe = bus.subscribe(forward)
    app.extensions["smartbranch.bridge_unsubscribe"] = unsubscribe


def disconnect_staff(app: Flask, staff_id: int) -> int:
    """Disconnect every socket of one staff member; return how many were closed."""
    socketio: SocketIO = app.extensions[EXTENSION]
    server = socketio.server
    sids = [sid for sid, _eio in server.manager.get_participants(NAMESPACE, user_room(staff_id))]
    for sid in sids:
        server.disconnect(sid, namespace=NAMESPACE)
    return len(sids)


__all__ = ["NAMESPACE", "StaffNamespace", "branch_room", "disconnect_staff", "init_app"]
