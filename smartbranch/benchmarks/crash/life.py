"""One life of the kiosk agent process in a crash trial, from power-on to done (or a kill).

Every life runs the same program on the trial's kiosk: build the devices from their state
files (a customer at the kiosk while it was dead may take what the dispenser shows),
start the REAL KioskAgent (its recovery, then device resets), check the invariants, let
the teller reconcile open suspects from the counted notes, check again (exact), serve the
customer's visit (the first life with the plan's faults; later lives retry the same
request without faults), check, reconcile, check. Each check and phase goes to the lab
over the pipe, as does every cash session state committed (commits.py).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from hardware.registry import create_kiosk_devices
from kiosk.runner import KioskAgent
from kiosk.station import KioskIdentity
from shared import audit
from shared.db import Database
from shared.desk.suspects import reconcile_suspect
from shared.events import InProcessBus
from shared.models import Card, CardStatus
from shared.models.money import CashKind
from shared.money import cards
from shared.money.card_keys import CardKeys
from shared.money.cash.sessions import open_suspects
from smartbranch.benchmarks.crash import invariants
from smartbranch.benchmarks.crash.commits import CommitReporter, LabPipe
from smartbranch.benchmarks.crash.customer import Customer, Plan, inject
from smartbranch.benchmarks.crash.world import TrialWorld


def life_settings(settings, plan: Plan | None):
    """The trial's settings: no microphone, short timeouts, the plan's seeded fault rate."""
    kiosk = {"microphone": "none", "fault_rate": plan.fault_rate if plan else 0.0,
             "seed": plan.fault_seed if plan else 0}
    agent = {"inactivity_timeout_s": 5.0, "pin_timeout_s": 5.0, "card_take_timeout_s": 1.0,
             "cash_take_timeout_s": 1.0, "notes_insert_timeout_s": 5.0, "action_wait_s": 3.0}
    return settings.model_copy(update={
        "kiosk": settings.kiosk.model_copy(update=kiosk),
        "kiosk_agent": settings.kiosk_agent.model_copy(update=agent)})


class Life:
    """One process life of a trial's kiosk agent (see the module)."""

    def __init__(self, settings, world: TrialWorld, plan: Plan, state_dir: Path,
                 first: bool, pipe: LabPipe):
        self.world, self.plan, self.first, self.pipe = world, plan, first, pipe
        self.settings = life_settings(settings, plan if first else None)
        self.database = Database(self.settings)
        self.bus = InProcessBus()
        self.keys = plan.ledger_keys(world.kiosk_code)
        self.state_dir = state_dir

    def run(self) -> None:
        logging.getLogger().setLevel(logging.ERROR)
        CommitReporter(self.pipe).install(self.database.engine)
        keys = CardKeys.from_settings(self.settings)
        self.devices = devices = create_kiosk_devices(
            self.settings, self.world.kiosk_code, auto_take=True, keys=keys,
            state_dir=self.state_dir)
        if not self.first:
            # The customer was there while the kiosk was dead: they take what they can.
            devices.cash_acceptor.take_from_tray()
            if self.plan.grab_during_outage:
                devices.cash_dispenser.take_cash()
        else:
            inject(devices, self.plan)
        world = self.world
        agent = KioskAgent(settings=self.settings, database=self.database, bus=self.bus,
                           kiosk=KioskIdentity(world.kiosk_id, world.kiosk_code,
                                               world.branch_id),
                           devices=devices, keys=keys)
        self.pipe.send(t="phase", name="recovery")
        agent.start()
        if not self.first:
            self.pipe.send(t="recovery", suspects=len(agent.recovered["suspects"]),
                           by_counters=len(agent.recovered["by_counters"]))
        self.check("after recovery")
        if self.teller(agent):
            self.check("after the teller")
        self.pipe.send(t="phase", name="customer")
        plan = self.plan if self.first else replace(self.plan, faults=())
        ended = Customer(agent, world, plan).visit()
        self.pipe.send(t="visit", ended=ended)
        self.check("after the visit")
        if self.teller(agent):
            self.check("after the teller, at the end")
        self.pipe.send(t="done")

    def check(self, label: str) -> None:
        phys = invariants.physical(self.devices, self.world.float_minor)
        with self.database.session() as session:
            book = invariants.books(session, self.world, self.keys)
        problems = invariants.broken(self.world, phys, book, self.plan.requested_minor)
        self.pipe.send(t="check", label=label, problems=problems,
                       taken=phys.taken, stored=phys.stored,
                       suspects=book.suspect_withdrawals + book.suspect_deposits)

    def teller(self, agent) -> int:
        """Reconcile each open suspect from the notes the teller counts, free the card;
        return how many suspects were settled."""
        self.pipe.send(t="phase", name="teller")
        world = self.world
        with self.database.session() as session:
            suspects = [(c.id, c.kind) for c in open_suspects(session, world.kiosk_id)]
        for suspect_id, kind in suspects:
            phys = invariants.physical(self.devices, world.float_minor)
            with self.database.session() as session:
                book = invariants.books(session, world, self.keys)
            if kind == CashKind.WITHDRAWAL:
                counted = phys.taken - book.withdrawn
                outcome = "taken" if counted else "not_taken"
            else:
                counted = phys.stored - book.deposited
                outcome = "accepted" if counted else "returned"
            with self.database.session() as session:
                reconcile_suspect(session, self.bus, world.branch_id, suspect_id,
                                  outcome=outcome, counts={}, staff_id=world.teller_id,
                                  amount_minor=counted or None)
        with self.database.session() as session:
            card = session.scalar(select(Card).where(Card.account_id == world.account_id))
            if card.status is not CardStatus.ACTIVE:
                cards.set_card_status(session, card.id, CardStatus.ACTIVE, audit.SYSTEM,
                                      "crash lab: the teller hands the card back")
        agent.refresh_service_state()
        self.pipe.send(t="teller", suspects=len(suspects))
        return len(suspects)
