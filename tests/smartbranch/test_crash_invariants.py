"""The crash lab's invariants: each one catches the money error it names, and only that."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from hardware.cash import CassetteConfig
from hardware.cash_acceptor import CashAcceptorSimulator, CashInRequest, CashInStartRequest
from hardware.cash_dispenser import CashDispenserSimulator, DispenseRequest, PresentRequest
from smartbranch.benchmarks.crash.invariants import Books, Physical, broken, physical
from smartbranch.benchmarks.crash.world import TrialWorld

WORLD = TrialWorld(kiosk_id=1, kiosk_code="K", branch_id=1, account_id=2, cash_account_id=3,
                   teller_id=4, pan="4929000000000000", float_minor=100_000,
                   funded_minor=50_000)
# 12,000 withdrawn and taken, 5,500 deposited and stored: every figure agrees.
PHYSICAL = Physical(taken=12_000, picked=12_000, in_machine=100_000 - 12_000 + 5_500,
                    stored=5_500, problems=())
BOOKS = Books(kiosk_cash=-(100_000 - 12_000 + 5_500), withdrawn=12_000, deposited=5_500,
              held=0, balance=50_000 - 12_000 + 5_500, suspect_withdrawals=0,
              suspect_deposits=0, unsettled=(), out_of_service=False, problems=())


def test_agreeing_figures_break_nothing():
    assert broken(WORLD, PHYSICAL, BOOKS, 12_000) == []


def test_an_open_withdrawal_suspect_covers_notes_that_left_but_were_not_posted():
    phys = replace(PHYSICAL, taken=24_000, picked=24_000, in_machine=PHYSICAL.in_machine - 12_000)
    book = replace(BOOKS, suspect_withdrawals=12_000, held=12_000, out_of_service=True)
    assert broken(WORLD, phys, book, 24_000) == []
    assert broken(WORLD, phys, replace(book, suspect_withdrawals=0, held=0,
                                       out_of_service=False), 24_000) != []


MISTAKES = {
    "notes missing from the machine": (replace(PHYSICAL, in_machine=PHYSICAL.in_machine - 2000),
                                       BOOKS, "machine cash"),
    "taken but never posted": (replace(PHYSICAL, taken=14_000), BOOKS, "customer took"),
    "posted but never taken": (PHYSICAL, replace(BOOKS, withdrawn=14_000), "customer took"),
    "credited more than stored": (PHYSICAL, replace(BOOKS, deposited=7_500), "stored"),
    "a hold left behind": (PHYSICAL, replace(BOOKS, held=12_000), "held"),
    "a balance off its postings": (PHYSICAL, replace(BOOKS, balance=1), "balance"),
    "a second dispense": (replace(PHYSICAL, picked=24_000), BOOKS, "double dispense"),
    "in service with a suspect": (PHYSICAL, replace(BOOKS, suspect_deposits=5_500),
                                  "out of service"),
    "out of service for nothing": (PHYSICAL, replace(BOOKS, out_of_service=True),
                                   "out of service"),
    "a session recovery left open": (PHYSICAL, replace(BOOKS, unsettled=("withdrawal 1 "
                                                                          "dispensing",)),
                                     "unsettled"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_money_mistake_is_caught(mistake):
    phys, book, words = MISTAKES[mistake]
    problems = broken(WORLD, phys, book, 12_000)
    assert problems and any(words in p for p in problems), problems


@dataclass
class Devices:
    cash_dispenser: CashDispenserSimulator
    cash_acceptor: CashAcceptorSimulator


def _devices() -> Devices:
    return Devices(CashDispenserSimulator((CassetteConfig("CST1", 2000, 50),)),
                   CashAcceptorSimulator((CassetteConfig("DEP20", 2000, 0),)))


def test_physical_counts_come_from_the_devices():
    devices = _devices()
    devices.cash_dispenser.dispense(DispenseRequest(6000))
    devices.cash_dispenser.present(PresentRequest())
    devices.cash_dispenser.take_cash()
    devices.cash_acceptor.cash_in_start(CashInStartRequest(10))
    devices.cash_acceptor.insert_notes([2000, 2000])
    devices.cash_acceptor.cash_in(CashInRequest(timeout_s=0))
    devices.cash_acceptor.cash_in_end()
    phys = physical(devices, 100_000)
    assert (phys.taken, phys.picked, phys.stored) == (6000, 6000, 4000)
    assert phys.in_machine == 100_000 - 6000 + 4000 and phys.problems == ()


def test_notes_left_between_places_are_a_problem():
    devices = _devices()
    devices.cash_dispenser.dispense(DispenseRequest(6000))
    devices.cash_dispenser.present(PresentRequest())
    devices.cash_acceptor.cash_in_start(CashInStartRequest(10))
    devices.cash_acceptor.insert_notes([2000])
    devices.cash_acceptor.cash_in(CashInRequest(timeout_s=0))
    problems = " | ".join(physical(devices, 100_000).problems)
    assert "dispenser exit" in problems and "acceptor escrow" in problems
    assert "cash-in is still open" in problems
