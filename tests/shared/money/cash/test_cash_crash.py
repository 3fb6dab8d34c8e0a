"""Crash at every state boundary of a withdrawal and a deposit, for real, then recover.

A subprocess drives the state machine against this module's own database and os._exit()s
at the chosen step; the test process then runs the restart recovery, a retry of the same
request, and the teller's reconciliation, checking that no money is created or lost,
nothing is dispensed twice, and unknown outcomes are flagged with the kiosk out of service.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from cash_crash_driver import CRASH_EXIT, DEPOSIT_POINTS, WITHDRAWAL_POINTS, Driver
from sqlalchemy import func, select

from shared.db.locks import begin_write
from shared.models import Account, Branch, CashSession, Device, LedgerTransaction
from shared.models.enums import DeviceStatus, Role
from shared.models.money import CashSessionState
from shared.money import ledger
from shared.money.cash import withdrawal
from shared.money.cash.deposit import DEPOSIT
from shared.money.cash.sessions import KioskOutOfService
from shared.money.cash.withdrawal import WITHDRAWAL
from shared.money.chart import kiosk_cash_account_number
from tests.factories import make_staff
from tests.money_factories import make_cash_kiosk, make_customer_with_account, new_key

DRIVER = Path(__file__).with_name("cash_crash_driver.py")
REPO = Path(__file__).resolve().parents[3]
WITHDRAW_MINOR = 10_000  # five £20 notes
DEPOSIT_MINOR = 15_000  # fifteen £10 notes
BEFORE_DISPENSE = {"in_authorise", "after_authorise", "in_begin_dispense"}
BEFORE_ACCEPT = {"in_escrow", "after_escrow", "in_begin_accept"}


@pytest.fixture
def scene(fresh_database):
    with fresh_database.session() as s:
        begin_write(s)
        kiosk = make_cash_kiosk(s)
        _customer, account = make_customer_with_account(s, funded_minor=50_000)
        teller = make_staff(s, s.get(Branch, kiosk.branch_id), Role.TELLER)
        cash = s.scalars(select(Account).where(
            Account.number == kiosk_cash_account_number(kiosk.code))).one()
        return {"account": account.id, "kiosk": kiosk.id, "cash": cash.id, "teller": teller.id}


def _crash(database, flow, crash_at, journal, key, scene, amount):
    url = database.engine.url.render_as_string(hide_password=False)
    proc = subprocess.run(
        [sys.executable, str(DRIVER), url, flow, crash_at, str(journal), key,
         str(scene["account"]), str(scene["kiosk"]), str(amount)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == CRASH_EXIT, proc.stderr[-2000:]


def _money(database, scene):
    with database.session() as s:
        account = s.get(Account, scene["account"])
        cash = s.get(Account, scene["cash"])
        total = s.scalar(select(func.sum(Account.balance_minor)))
        problems = ledger.find_inconsistencies(s, [scene["account"], scene["cash"]])
        return account.balance_minor, account.held_minor, cash.balance_minor, total, problems


def _session_for(database, key):
    with database.session() as s:
        return s.scalars(select(CashSession).join(
            LedgerTransaction, CashSession.transaction_id == LedgerTransaction.id)
            .where(LedgerTransaction.idempotency_key == key)).one_or_none()


def _kiosk_status(database, scene):
    with database.session() as s:
        return s.get(Device, scene["kiosk"]).status


def _journal(path):
    return path.read_text().split("\n") if path.exists() else []


def _crash_and_restart(database, scene, tmp_path, machine, crash_at, amount):
    """Die at `crash_at`, then run the restart's recovery; return what the test checks."""
    journal, key = tmp_path / "device.log", new_key()
    before = _money(database, scene)
    _crash(database, str(machine.kind), crash_at, journal, key, scene, amount)
    with database.session() as s:
        report = machine.recover(s)
    return journal, key, before, report, _session_for(database, key)


def _retry(run, journal, key, scene, amount: int, acted: str):
    """The kiosk retries the same request after the restart: the device never acts twice."""
    retry = run(key, scene["account"], scene["kiosk"], amount)
    done = [line for line in _journal(journal) if line.startswith(acted)]
    assert len(done) <= 1
    return retry, done


@pytest.mark.parametrize("crash_at", WITHDRAWAL_POINTS)
def test_withdrawal_survives_a_crash(fresh_database, scene, tmp_path, crash_at):
    journal, key, before, report, cash = _crash_and_restart(
        fresh_database, scene, tmp_path, WITHDRAWAL, crash_at, WITHDRAW_MINOR)
    balance0, _held0, cash0, total0, _ = before
    balance, held, _cash, _total, _ = _money(fresh_database, scene)
    assert balance == balance0  # nothing posted by a crashed withdrawal
    if crash_at in BEFORE_DISPENSE:
        assert not any(line.startswith("dispensed") for line in _journal(journal))
        assert cash is None or (cash.state == CashSessionState.RELEASED
                                and cash.id in report.released)
        assert held == 0 and _kiosk_status(fresh_database, scene) == DeviceStatus.OK
    else:
        assert cash.state == CashSessionState.SUSPECT and cash.id in report.suspects
        assert held == WITHDRAW_MINOR  # still held until the teller reconciles
        assert _kiosk_status(fresh_database, scene) == DeviceStatus.OUT_OF_SERVICE
        with pytest.raises(KioskOutOfService):
            with fresh_database.session() as s:
                withdrawal.authorise(s, account_id=scene["account"], device_id=scene["kiosk"],
                                     amount_minor=2_000, idempotency_key=new_key())

    retry, _dispensed = _retry(Driver(fresh_database, None, journal).withdraw, journal, key,
                               scene, WITHDRAW_MINOR, acted="dispensed")
    assert retry == ("taken" if crash_at == "in_authorise" else "refused")

    if cash is not None and cash.state == CashSessionState.SUSPECT:
        outcome = "taken" if "taken" in _journal(journal) else "not_taken"
        with fresh_database.session() as s:
            WITHDRAWAL.reconcile(s, cash.id, outcome=outcome, staff_id=scene["teller"],
                                 counts={"2000": 0 if outcome == "taken" else 5})
        assert _kiosk_status(fresh_database, scene) == DeviceStatus.OK

    handed_over = WITHDRAW_MINOR if "taken" in _journal(journal) else 0
    balance, held, cash_balance, total, problems = _money(fresh_database, scene)
    assert (balance, held) == (balance0 - handed_over, 0)
    assert cash_balance == cash0 + handed_over  # notes left the kiosk exactly once
    assert total == total0 == 0 and problems == []


@pytest.mark.parametrize("crash_at", DEPOSIT_POINTS)
def test_deposit_survives_a_crash(fresh_database, scene, tmp_path, crash_at):
    journal, key, before, report, cash = _crash_and_restart(
        fresh_database, scene, tmp_path, DEPOSIT, crash_at, DEPOSIT_MINOR)
    balance0, _held0, cash0, total0, _ = before
    assert _money(fresh_database, scene)[0] == balance0
    if crash_at in BEFORE_ACCEPT:
        assert not any(line.startswith("stashed") for line in _journal(journal))
        assert cash is None or (cash.state == CashSessionState.ROLLED_BACK
                                and cash.id in report.rolled_back)
        assert _kiosk_status(fresh_database, scene) == DeviceStatus.OK
    else:
        assert cash.state == CashSessionState.SUSPECT and cash.id in report.suspects
        assert _kiosk_status(fresh_database, scene) == DeviceStatus.OUT_OF_SERVICE

    retry, stashed = _retry(Driver(fresh_database, None, journal).deposit, journal, key,
                            scene, DEPOSIT_MINOR, acted="stashed")
    assert retry == ("accepted" if crash_at == "in_escrow" else "refused")

    if cash is not None and cash.state == CashSessionState.SUSPECT:
        outcome = "accepted" if stashed else "returned"
        with fresh_database.session() as s:
            DEPOSIT.reconcile(s, cash.id, outcome=outcome, staff_id=scene["teller"],
                              counts={"1000": 15 if stashed else 0})
        assert _kiosk_status(fresh_database, scene) == DeviceStatus.OK

    credited = DEPOSIT_MINOR if stashed else 0
    balance, held, cash_balance, total, problems = _money(fresh_database, scene)
    assert (balance, held) == (balance0 + credited, 0)
    assert cash_balance == cash0 - credited
    assert total == total0 == 0 and problems == []
