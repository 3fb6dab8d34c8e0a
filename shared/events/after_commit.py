"""Publish events only once the transaction that caused them has committed."""

from __future__ import annotations

import logging

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, SessionTransaction

from shared.events.bus import EventBus
from shared.events.payloads import Event

log = logging.getLogger(__name__)

_PENDING = "smartbranch.pending_events"


def _root(transaction: SessionTransaction) -> SessionTransaction:
    while transaction.parent is not None:
        transaction = transaction.parent
    return transaction


def publish_after_commit(session: Session, bus: EventBus, event: Event) -> None:
    """Queue `event` on the session's transaction: published on commit, dropped on rollback."""
    transaction = session.get_transaction() or session.begin()
    pending = session.info.setdefault(_PENDING, {})
    if not sa_event.contains(session, "after_commit", _publish_pending):
        sa_event.listen(session, "after_commit", _publish_pending)
        sa_event.listen(session, "after_transaction_end", _forget_pending)
    pending.setdefault(id(_root(transaction)), []).append((bus, event))


def _publish_pending(session: Session) -> None:
    transaction = session.get_transaction()
    if transaction is None:
        return
    for bus, event in session.info.get(_PENDING, {}).pop(id(_root(transaction)), []):
        try:
            bus.publish(event)
        except Exception:
            # The change is committed and stays: raising here would make the caller think
            # the write failed and do it again (a door camera would count people twice).
            log.exception("publishing %s event %s after commit failed", event.kind, event.id)


def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: commit already published
        session.info.get(_PENDING, {}).pop(id(transaction), None)
