"""A restarted kiosk settles its interrupted cash session from the devices' own counters.

Each test leaves the devices as a kiosk agent killed mid-session would (the step committed
with the counters, then the device moved), and runs what the next agent's start runs.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hardware.cash import Notes
from hardware.cash_acceptor import CashInRequest, CashInStartRequest
from hardware.cash_dispenser import DispenseRequest, PresentRequest
from hardware.faults import Fault
from kiosk.cash_counters import acceptor_counts, dispenser_counts
from shared.models import Account, AuditEntry
from shared.models.money import CashSession, CashSessionState
from shared.money.cash import deposit, withdrawal
from shared.money.cash.device_counts import ACCEPTOR_BEFORE, DISPENSER_BEFORE, CashReading

S = CashSessionState
MIX = Notes({2000: 2})


def _dispensing(world, database, key: str) -> int:
    """A withdrawal of 40.00 the dead agent had committed as dispensing, with its counters."""
    with database.session() as s:
        auth = withdrawal.authorise(s, account_id=world.account_id, device_id=world.kiosk_id,
                                    amount_minor=4000, idempotency_key=key, notes={"2000": 2})
    counts = dispenser_counts(world.agent.devices.cash_dispenser)
    with database.session() as s:
        withdrawal.begin_dispense(s, auth.cash_session_id,
                                  context={DISPENSER_BEFORE: counts.as_json()})
    return auth.cash_session_id


def _presented_by_the_dead_agent(world) -> None:
    dispenser = world.agent.devices.cash_dispenser
    assert dispenser.dispense(DispenseRequest(4000, MIX)).ok
    assert dispenser.present(PresentRequest()).ok


def _after_recovery(world, database, cash_id: int) -> tuple[CashSession, Account, list]:
    report = world.agent.recover()
    with database.session() as s:
        cash = s.get(CashSession, cash_id)
        account = s.get(Account, world.account_id)
        audits = list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.subject_type == "cash_session", AuditEntry.subject_id == cash_id)))
        s.expunge_all()
    return cash, account, [report, audits]


def test_notes_left_at_the_exit_go_to_the_bin_and_the_hold_is_released(world, fresh_database):
    cash_id = _dispensing(world, fresh_database, "counters-exit")
    _presented_by_the_dead_agent(world)
    cash, account, (report, audits) = _after_recovery(world, fresh_database, cash_id)
    assert cash.state == S.RETRACTED and report["by_counters"] == [cash_id]
    assert account.balance_minor == 300_000 and account.held_minor == 0
    assert world.agent.devices.cash_dispenser.inventory()["retract_bin"] == MIX
    assert "cash.settled_by_counters" in audits and "cash.suspect" not in audits
    assert world.agent.refresh_service_state()  # no suspect: the kiosk stays in service


def test_notes_the_customer_took_while_the_kiosk_was_dead_are_posted(world, fresh_database):
    cash_id = _dispensing(world, fresh_database, "counters-taken")
    _presented_by_the_dead_agent(world)
    assert world.agent.devices.cash_dispenser.take_cash() == MIX
    cash, account, (report, _audits) = _after_recovery(world, fresh_database, cash_id)
    assert cash.state == S.TAKEN and report["by_counters"] == [cash_id]
    assert account.balance_minor == 300_000 - 4000 and account.held_minor == 0
    assert world.balance(world.cash_account_id) == -2_000_000 + 4000


def test_a_dispense_never_started_is_released(world, fresh_database):
    cash_id = _dispensing(world, fresh_database, "counters-none")
    cash, account, _ = _after_recovery(world, fresh_database, cash_id)
    assert cash.state == S.RELEASED and account.held_minor == 0


def test_half_taken_half_in_the_kiosk_is_left_to_the_teller(world, fresh_database):
    cash_id = _dispensing(world, fresh_database, "counters-partial")
    dispenser = world.agent.devices.cash_dispenser
    assert dispenser.dispense(DispenseRequest(4000, MIX)).ok
    world.agent.devices.faults["cash_dispenser"].inject("present", Fault.PARTIAL_PRESENT)
    assert not dispenser.present(PresentRequest()).ok  # one note out, one stacked
    assert dispenser.take_cash() == Notes({2000: 1})
    cash, account, (report, audits) = _after_recovery(world, fresh_database, cash_id)
    assert cash.state == S.SUSPECT and report["by_counters"] == []
    assert account.held_minor == 4000 and "cash.suspect" in audits
    assert not world.agent.refresh_service_state()


def test_a_deposit_stored_before_the_agent_died_is_credited_once(world, fresh_database):
    acceptor = world.agent.devices.cash_acceptor
    assert acceptor.cash_in_start(CashInStartRequest()).ok
    assert acceptor.insert_notes([2000, 2000, 1000])
    assert acceptor.cash_in(CashInRequest()).ok
    counts = acceptor_counts(acceptor)
    with fresh_database.session() as s:
        opened = deposit.escrow_for_accept(
            s, account_id=world.account_id, device_id=world.kiosk_id,
            notes={"2000": 2, "1000": 1}, idempotency_key="counters-dep",
            context={ACCEPTOR_BEFORE: counts.as_json()})
    assert acceptor.cash_in_end().ok
    cash, account, (report, _audits) = _after_recovery(world, fresh_database,
                                                       opened.cash_session_id)
    assert cash.state == S.ACCEPTED and report["by_counters"] == [opened.cash_session_id]
    assert account.balance_minor == 300_000 + 5000
    world.agent.recover()  # a second restart finds nothing open: credited once
    assert world.balance() == 300_000 + 5000


def test_two_sessions_open_at_once_are_not_told_apart_by_the_counters(world, fresh_database):
    first = _dispensing(world, fresh_database, "counters-two-1")
    second = _dispensing(world, fresh_database, "counters-two-2")
    report = world.agent.recover()
    assert sorted(report["suspects"]) == [first, second] and report["by_counters"] == []


def test_a_reading_is_one_kiosks(fresh_database):
    with fresh_database.session() as s, pytest.raises(ValueError, match="one kiosk"):
        withdrawal.WITHDRAWAL.recover(s, reading=CashReading())
