"""The teller's queue: calling order, state changes, audit and events after commit."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.events import InProcessBus
from shared.models import AuditEntry
from shared.models.enums import Role, TicketStatus
from shared.queue import tickets as queue
from shared.queue.tickets import QueueError, issue_ticket, waiting_tickets
from tests.factories import make_branch, make_customer, make_staff

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def desk(db_session):
    branch = make_branch(db_session)
    teller = make_staff(db_session, branch, Role.TELLER)
    bus = InProcessBus()
    seen = []
    bus.subscribe(seen.append)
    return branch, teller, bus, seen


def _issue(db_session, bus, branch, minutes, service="cash", **kw):
    return issue_ticket(db_session, bus, branch.id, service, kw.pop("reason", "device_fault"),
                        now=T0 + timedelta(minutes=minutes), **kw)


def _actions(db_session, ticket_id):
    return [e.action for e in db_session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "queue_ticket",
                                 AuditEntry.subject_id == ticket_id).order_by(AuditEntry.seq))]


def test_oldest_first_with_priority_ahead_and_transferred_to_me_first(db_session, desk):
    branch, teller, bus, _ = desk
    needs = make_customer(db_session, branch, accessibility_needs="wheelchair user")
    plain = _issue(db_session, bus, branch, 0)
    appointment = _issue(db_session, bus, branch, 5, service="advice",
                         context={"priority": "appointment"})
    accessible = _issue(db_session, bus, branch, 10, customer_id=needs.id)
    later = _issue(db_session, bus, branch, 15)
    assert [t.id for t in waiting_tickets(db_session, branch.id)] == [
        appointment.id, accessible.id, plain.id, later.id]
    first = queue.call_next(db_session, bus, branch.id, "1", teller.id)
    assert first.id == appointment.id and first.status == TicketStatus.CALLED
    queue.transfer(db_session, bus, branch.id, first.id, teller.id, to_counter="2")
    # Counter 1 skips a ticket sent to counter 2; counter 2 takes it before anyone else.
    assert queue.call_next(db_session, bus, branch.id, "3", teller.id).id == accessible.id
    assert queue.call_next(db_session, bus, branch.id, "2", teller.id).id == appointment.id
    assert queue.call_next(db_session, bus, branch.id, "4", teller.id).id == plain.id


def test_service_filter_and_empty_queue(db_session, desk):
    branch, teller, bus, _ = desk
    advice = _issue(db_session, bus, branch, 0, service="advice")
    assert queue.call_next(db_session, bus, branch.id, "1", teller.id, services=["cash"]) is None
    assert queue.call_next(db_session, bus, branch.id, "1", teller.id,
                           services=["advice"]).id == advice.id
    with pytest.raises(QueueError, match="unknown service"):
        queue.call_next(db_session, bus, branch.id, "2", teller.id, services=["lottery"])


def test_full_life_is_audited_and_published_only_after_commit(db_session, desk):
    branch, teller, bus, seen = desk
    ticket = _issue(db_session, bus, branch, 0, context={"tried": "withdrawal"})
    db_session.commit()
    seen.clear()
    queue.call_next(db_session, bus, branch.id, "2", teller.id, now=T0 + timedelta(minutes=3))
    queue.serve(db_session, bus, branch.id, ticket.id, teller.id)
    queue.transfer(db_session, bus, branch.id, ticket.id, teller.id, to_service="accounts",
                   note="needs a new card")
    assert ticket.context["tried"] == "withdrawal"  # context kept across the transfer
    assert ticket.context["transfers"][0]["from_counter"] == "2"
    assert ticket.service == "accounts" and ticket.number.startswith("C")
    queue.call_next(db_session, bus, branch.id, "5", teller.id)
    queue.close(db_session, bus, branch.id, ticket.id, teller.id, "resolved",
                note="  card  ordered ")
    assert seen == []
    db_session.commit()
    assert [(e.kind.value, getattr(e.payload, "status", "")) for e in seen] == [
        ("ticket.called", ""), ("ticket.updated", "serving"), ("ticket.updated", "transferred"),
        ("ticket.called", ""), ("ticket.updated", "done")]
    assert seen[0].payload.counter == "2" and seen[3].payload.counter == "5"
    assert ticket.status == TicketStatus.DONE and ticket.outcome == "resolved: card ordered"
    assert _actions(db_session, ticket.id) == [
        "ticket.called", "ticket.serving", "ticket.transferred", "ticket.called", "ticket.closed"]


def test_rolled_back_call_publishes_nothing(db_session, desk):
    branch, teller, bus, seen = desk
    _issue(db_session, bus, branch, 0)
    db_session.commit()
    seen.clear()
    queue.call_next(db_session, bus, branch.id, "1", teller.id)
    db_session.rollback()
    assert seen == []
    assert len(waiting_tickets(db_session, branch.id)) == 1


def test_no_show_only_from_called_and_wrong_states_refused(db_session, desk):
    branch, teller, bus, _ = desk
    ticket = _issue(db_session, bus, branch, 0)
    with pytest.raises(QueueError, match="is waiting; it cannot be served") as err:
        queue.serve(db_session, bus, branch.id, ticket.id, teller.id)
    assert err.value.code == "wrong_state"
    queue.call_next(db_session, bus, branch.id, "1", teller.id)
    queue.no_show(db_session, bus, branch.id, ticket.id, teller.id)
    assert ticket.status == TicketStatus.NO_SHOW and ticket.closed_at is not None
    with pytest.raises(QueueError, match="no show; it cannot be closed"):
        queue.close(db_session, bus, branch.id, ticket.id, teller.id, "resolved")


def test_a_busy_counter_cannot_call_again(db_session, desk):
    branch, teller, bus, _ = desk
    first, _second = _issue(db_session, bus, branch, 0), _issue(db_session, bus, branch, 1)
    queue.call_next(db_session, bus, branch.id, "1", teller.id)
    with pytest.raises(QueueError, match=f"still has ticket {first.number}") as err:
        queue.call_next(db_session, bus, branch.id, "1", teller.id)
    assert err.value.code == "counter_busy"


def test_another_branchs_ticket_is_not_found(db_session, desk):
    branch, teller, bus, _ = desk
    other = make_branch(db_session)
    ticket = issue_ticket(db_session, bus, other.id, "cash", "x")
    with pytest.raises(QueueError) as err:
        queue.serve(db_session, bus, branch.id, ticket.id, teller.id)
    assert err.value.code == "not_found"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({}, "name a service or a counter"), ({"to_service": "lottery"}, "unknown service"),
     ({"to_counter": "1"}, "already at counter 1"), ({"to_counter": "<b>"}, "counter must be")],
)
def test_bad_transfers_are_refused_and_change_nothing(db_session, desk, kwargs, message):
    branch, teller, bus, _ = desk
    ticket = _issue(db_session, bus, branch, 0)
    queue.call_next(db_session, bus, branch.id, "1", teller.id)
    with pytest.raises(QueueError, match=message):
        queue.transfer(db_session, bus, branch.id, ticket.id, teller.id, **kwargs)
    assert ticket.status == TicketStatus.CALLED and "transfers" not in ticket.context


@pytest.mark.parametrize("counter", ["", " ", "x" * 17, "1;DROP"])
def test_bad_counters_are_refused(db_session, desk, counter):
    branch, teller, bus, _ = desk
    with pytest.raises(QueueError, match="counter must be"):
        queue.call_next(db_session, bus, branch.id, counter, teller.id)


def test_close_needs_a_known_outcome(db_session, desk):
    branch, teller, bus, _ = desk
    ticket = _issue(db_session, bus, branch, 0)
    queue.call_next(db_session, bus, branch.id, "1", teller.id)
    with pytest.raises(QueueError, match="outcome must be one of"):
        queue.close(db_session, bus, branch.id, ticket.id, teller.id, "magic")
