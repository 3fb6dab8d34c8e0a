"""How a kiosk turn's notes read as an outcome (pure), and a turn's begin, notes and end."""

import pytest

from kiosk.turn import KioskTurn, TurnNotes, classify, fault_device
from shared.analytics.kinds import KioskOutcome as O


@pytest.mark.parametrize(("notes", "expected"), [
    (TurnNotes(), (O.COMPLETED, "")),
    (TurnNotes(ticket_reason="over_limit"), (O.FALLBACK, "over_limit")),
    (TurnNotes(ticket_reason="identity_unconfirmed"), (O.FALLBACK, "identity_unconfirmed")),
    (TurnNotes(ticket_reason="card_retained"), (O.FALLBACK, "card_retained")),
    # asking for a person at the PIN pad cancels the PIN too: the ticket says why they left
    (TurnNotes(ticket_reason="customer_request", cancelled=True),
     (O.FALLBACK, "customer_request")),
    # sent to the counter and then leaving the card behind: the counter has it
    (TurnNotes(ticket_reason="over_limit", card_not_taken=True), (O.FALLBACK, "over_limit")),
    (TurnNotes(timed_out=True), (O.ABANDONED, "")),
    (TurnNotes(cash_not_taken=True), (O.ABANDONED, "")),
    (TurnNotes(card_not_taken=True), (O.ABANDONED, "")),
    (TurnNotes(cancelled=True), (O.ABANDONED, "")),
    (TurnNotes(ticket_reason="device_fault", ticket_context={"step": "withdrawal"}),
     (O.DEVICE_FAULT, "cash_dispenser")),
    (TurnNotes(ticket_reason="unknown_outcome", timed_out=True,
               ticket_context={"step": "deposit", "problem": "store hardwareError"}),
     (O.DEVICE_FAULT, "cash_acceptor")),
])
def test_outcome_rules(notes, expected):
    assert classify(notes) == expected


@pytest.mark.parametrize(("reason", "context", "device"), [
    ("device_fault", {"step": "pin", "problem": "PIN pad hardwareError"}, "pin_pad"),
    ("device_fault", {"step": "card", "problem": "card read failed"}, "card_reader"),
    ("device_fault", {"step": "card return"}, "card_reader"),
    ("device_fault", {"step": "withdraw", "problem": "x"}, "cash_dispenser"),
    ("device_fault", {"step": "session",
                      "problem": "CashAcceptor lost power during cash_in_end at step 'x'"},
     "cash_acceptor"),
    ("unknown_outcome", {"step": "session", "problem": "KeyError"}, "unknown_outcome"),
])
def test_the_device_named_for_a_fault(reason, context, device):
    assert fault_device(reason, context) == device


def test_a_turn_is_timed_on_its_clock_and_ends_once():
    now = [100.0]
    turn = KioskTurn(clock=lambda: now[0])
    turn.note(timed_out=True)  # outside a turn: nothing
    turn.note_ticket("over_limit", {})
    assert turn.end() is None
    turn.begin()
    now[0] = 130.0
    turn.begin()  # already running: the start stays
    turn.note_ticket("over_limit", {"step": "withdrawal"})
    turn.note_ticket("card_retained", {})  # the first ticket says why
    now[0] = 142.5
    ended = turn.end()
    assert (ended.outcome, ended.detail) == (O.FALLBACK, "over_limit")
    assert (ended.ended_at - ended.started_at).total_seconds() == 42.5
    assert turn.end() is None and not turn.begun
    turn.begin()
    with pytest.raises(AttributeError):
        turn.note(walked_off=True)  # a misspelt note fails loudly, not silently
