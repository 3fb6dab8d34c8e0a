"""Kiosk, wallet and look-up history for the fraud rules: genuine behaviour and planted fraud.

`bench fraud` replays weeks of it through the real rules (shared/fraud) and `demo load`
plants a few cases so the cases page has something to show. The genuine model's rates are
assumptions, written here once and in docs/FRAUD.md, not measurements of a bank:

- a customer uses a kiosk about once a week (`KIOSK_SESSIONS_PER_DAY`); a session is a
  withdrawal (60 %), a bill (20 %) or a transfer (25 %), sometimes two acts; 3 % of PIN
  entries start with one wrong PIN, 0.3 % with two;
- cash comes in everyday amounts, a few customers (4 %) take large sums (£300-£500);
- transfers go to one of a customer's 1-3 usual payees at about their usual amount; 8 %
  go to someone new, and 0.4 % are a large one-off to someone new (a car, a deposit);
- 2 % of customers get a renewed card in the period and 0.6 % a replacement; 40 % of
  them bind a wallet within three days of the new card;
- a customer visits a branch about once in three weeks; a relationship manager opens the
  profile by search on 40 % of visits, and 2 % of look-ups are for a customer who is not
  there (a phone call).

Planted scenarios, each a case the rules should open: card testing (wrong PINs for 3-6
stolen cards at one kiosk), a drained account (4-6 fast withdrawals and transfers), cash
structured just under the kiosk limit (2-3 withdrawals in a day), a large payment to a new
payee (a scam or a mule), a wallet bound right after a replacement card, and a staff member
snooping on a customer who is not there. Some are planted subtler than the rules look for
(3 fast acts, a single near-limit withdrawal), so a perfect score is not built in.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.fraud.engine import Observation, Verdict, observe
from shared.models import (
    Card,
    Customer,
    Device,
    FraudCase,
    FraudSignal,
    SignalKind,
    Staff,
    Visit,
)
from shared.models.enums import DeviceKind, Role, VisitSource
from shared.settings import Settings

KIOSK_SESSIONS_PER_DAY = 1 / 7
VISITS_PER_DAY = 1 / 21
LOOKUP_SHARE = 0.4
LOOKUP_WITHOUT_VISIT = 0.02
EVERYDAY_CASH = (2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 15_000, 20_000, 25_000)
SCENARIOS = ("card_testing", "drained_account", "structuring", "new_payee_scam",
             "wallet_after_replacement", "staff_snooping")
SUBTLE_SHARE = 0.05  # planted cases made subtler than the rules look for


@dataclass(frozen=True)
class Holder:
    customer_id: int
    branch_id: int
    card_id: int


@dataclass(frozen=True)
class Population:
    """Who the history is about: branches' kiosks and staff, customers with their card."""

    kiosks: dict[int, tuple[int, ...]]
    staff: dict[int, tuple[int, ...]]
    customers: tuple[Holder, ...]
    withdrawal_limit_minor: int


@dataclass(frozen=True)
class Step:
    """One moment of history: an act for the rules, or a visit (a row the rules look up)."""

    at: datetime
    session: str
    observation: Observation | None = None
    visit: tuple[int, int] | None = None  # (branch, customer)
    planted: int | None = None


@dataclass(frozen=True)
class Planted:
    index: int
    scenario: str
    subtle: bool


@dataclass
class _Habits:
    cash: tuple[int, ...]
    payees: list[tuple[str, int]] = field(default_factory=list)


def _habits(rng: random.Random) -> _Habits:
    if rng.random() < 0.04:
        cash = (30_000, 35_000, 40_000, 45_000, 50_000)
    else:
        cash = tuple(rng.sample(EVERYDAY_CASH, 4))
    payees = [(f"{rng.randrange(10**7, 10**8)}", rng.choice((5_000, 15_000, 40_000, 80_000)))
              for _ in range(rng.randint(1, 3))]
    return _Habits(cash, payees)


def _act(kind: SignalKind, at: datetime, holder: Holder, device: int | None,
         amount: int = 0, to: str = "", card: int | None = None) -> Observation:
    return Observation(kind=kind, at=at, branch_id=holder.branch_id, device_id=device,
                       customer_id=holder.customer_id, card_id=card or holder.card_id,
                       amount_minor=amount, counterparty=to)


def _kiosk_session(rng: random.Random, holder: Holder, habits: _Habits, device: int,
                   at: datetime, key: str) -> Iterator[Step]:
    wrong = 2 if rng.random() < 0.003 else 1 if rng.random() < 0.03 else 0
    for _ in range(wrong):
        yield Step(at, key, _act(SignalKind.PIN_WRONG, at, holder, device))
        at += timedelta(seconds=rng.uniform(5, 20))
    yield Step(at, key, _act(SignalKind.PIN_OK, at, holder, device))
    for _ in range(2 if rng.random() < 0.15 else 1):
        at += timedelta(seconds=rng.uniform(20, 90))
        roll = rng.random()
        if roll < 0.55:
            yield Step(at, key, _act(SignalKind.WITHDRAWAL, at, holder, device,
                                     rng.choice(habits.cash)))
        elif roll < 0.75:
            yield Step(at, key, _act(SignalKind.BILL, at, holder, device,
                                     rng.randrange(1_500, 25_000), rng.choice(("WATER", "POWER",
                                                                               "COUNCIL"))))
        else:
            yield Step(at, key, _transfer(rng, holder, habits, device, at))


def _transfer(rng: random.Random, holder: Holder, habits: _Habits, device: int,
              at: datetime) -> Observation:
    roll = rng.random()
    if roll < 0.004:
        to, amount = f"{rng.randrange(10**7, 10**8)}", rng.randrange(300_000, 2_000_000)
    elif roll < 0.08:
        to, amount = f"{rng.randrange(10**7, 10**8)}", rng.randrange(1_000, 30_000)
        habits.payees.append((to, amount))
    else:
        to, usual = rng.choice(habits.payees)
        amount = max(100, int(usual * rng.uniform(0.7, 1.3)))
    return _act(SignalKind.TRANSFER, at, holder, device, amount, to)


def _daytime(rng: random.Random, day: datetime) -> datetime:
    return day + timedelta(hours=rng.uniform(8.5, 18.5))


def plan_genuine(population: Population, start: datetime, days: int,
                 seed: int) -> list[Step]:
    """Every customer's own kiosk sessions, visits, look-ups and card changes."""
    steps: list[Step] = []
    for holder in population.customers:
        rng = random.Random(f"{seed}:fraud-genuine:{holder.customer_id}")
        habits = _habits(rng)
        kiosks = population.kiosks[holder.branch_id]
        staff = population.staff[holder.branch_id]
        for offset in range(days):
            day = start + timedelta(days=offset)
            if rng.random() < KIOSK_SESSIONS_PER_DAY:
                at = _daytime(rng, day)
                key = f"g:{holder.customer_id}:k{offset}"
                steps.extend(_kiosk_session(rng, holder, habits, rng.choice(kiosks), at, key))
            if rng.random() < VISITS_PER_DAY:
                at = _daytime(rng, day)
                key = f"g:{holder.customer_id}:v{offset}"
                steps.append(Step(at, key, visit=(holder.branch_id, holder.customer_id)))
                if rng.random() < LOOKUP_SHARE:
                    steps.append(_lookup(rng, holder, staff, at + timedelta(minutes=2), key))
            if rng.random() < LOOKUP_WITHOUT_VISIT * LOOKUP_SHARE * VISITS_PER_DAY:
                at = _daytime(rng, day)
                steps.append(_lookup(rng, holder, staff, at, f"g:{holder.customer_id}:p{offset}"))
        steps.extend(_card_changes(rng, holder, kiosks, start, days))
    return steps


def _lookup(rng: random.Random, holder: Holder, staff: tuple[int, ...], at: datetime,
            key: str, planted: int | None = None) -> Step:
    return Step(at, key, Observation(kind=SignalKind.PROFILE_VIEWED, at=at,
                                     branch_id=holder.branch_id, staff_id=rng.choice(staff),
                                     customer_id=holder.customer_id), planted=planted)


def _card_changes(rng: random.Random, holder: Holder, kiosks: tuple[int, ...],
                  start: datetime, days: int) -> list[Step]:
    roll = rng.random()
    if roll >= 0.026:
        return []
    reason = "replacement" if roll < 0.006 else "renewal"
    at = _daytime(rng, start + timedelta(days=rng.randrange(days)))
    key = f"g:{holder.customer_id}:card"
    steps = [Step(at, key, _act(SignalKind.CARD_ISSUED, at, holder, None, to=reason))]
    if rng.random() < 0.4:
        bound = at + timedelta(hours=rng.uniform(2, 72))
        steps.append(Step(bound, key + ":wallet", _act(
            SignalKind.WALLET_BIND, bound, holder, rng.choice(kiosks),
            to=rng.choice(("apple_pay", "google_pay")))))
    return steps


def plan_planted(population: Population, start: datetime, days: int, seed: int,
                 per_scenario: int, subtle_share: float = SUBTLE_SHARE
                 ) -> tuple[list[Step], list[Planted]]:
    """`per_scenario` cases of each fraud scenario, at random times in the period."""
    rng = random.Random(f"{seed}:fraud-planted")
    steps: list[Step] = []
    planted: list[Planted] = []
    for scenario in SCENARIOS:
        for _ in range(per_scenario):
            index = len(planted)
            subtle = rng.random() < subtle_share
            at = _daytime(rng, start + timedelta(days=rng.randrange(max(1, days - 2))))
            victim = rng.choice(population.customers)
            make = _PLANTERS[scenario]
            steps.extend(make(rng, population, victim, at, f"p:{index}", index, subtle))
            planted.append(Planted(index, scenario, subtle))
    return steps, planted


def _card_testing(rng, population, victim, at, key, index, subtle):
    device = rng.choice(population.kiosks[victim.branch_id])
    wanted = 2 if subtle else rng.randint(3, 6)
    stolen = rng.sample(population.customers, min(wanted, len(population.customers)))
    for holder in stolen:
        for _ in range(rng.randint(1, 2)):
            at += timedelta(seconds=rng.uniform(20, 150))
            yield Step(at, key, Observation(
                kind=SignalKind.PIN_WRONG, at=at, branch_id=victim.branch_id, device_id=device,
                card_id=holder.card_id, customer_id=holder.customer_id), planted=index)


def _drained_account(rng, population, victim, at, key, index, subtle):
    kiosks = population.kiosks[victim.branch_id]
    yield Step(at, key, _act(SignalKind.PIN_OK, at, victim, kiosks[0]), planted=index)
    for _ in range(3 if subtle else rng.randint(4, 6)):
        at += timedelta(minutes=rng.uniform(1, 6))
        device = rng.choice(kiosks)
        if rng.random() < 0.6:
            yield Step(at, key, _act(SignalKind.WITHDRAWAL, at, victim, device,
                                     rng.choice((10_000, 20_000, 25_000, 30_000))), planted=index)
        else:
            yield Step(at, key, _act(SignalKind.TRANSFER, at, victim, device,
                                     rng.randrange(20_000, 90_000),
                                     f"{rng.randrange(10**7, 10**8)}"), planted=index)


def _structuring(rng, population, victim, at, key, index, subtle):
    limit = population.withdrawal_limit_minor
    device = rng.choice(population.kiosks[victim.branch_id])
    for _ in range(1 if subtle else rng.randint(2, 3)):
        amount = int(limit * rng.uniform(0.92, 1.0)) // 1_000 * 1_000
        yield Step(at, key, _act(SignalKind.WITHDRAWAL, at, victim, device, amount),
                   planted=index)
        at += timedelta(hours=rng.uniform(1, 10))


def _new_payee_scam(rng, population, victim, at, key, index, subtle):
    device = rng.choice(population.kiosks[victim.branch_id])
    amount = rng.randrange(50_000, 90_000) if subtle else rng.randrange(150_000, 2_000_000)
    yield Step(at, key, _act(SignalKind.TRANSFER, at, victim, device, amount,
                             f"{rng.randrange(10**7, 10**8)}"), planted=index)


def _wallet_after_replacement(rng, population, victim, at, key, index, subtle):
    yield Step(at, key, _act(SignalKind.CARD_ISSUED, at, victim, None, to="replacement"),
               planted=index)
    bound = at + timedelta(days=rng.uniform(8, 12) if subtle else rng.uniform(0.05, 3))
    yield Step(bound, key, _act(SignalKind.WALLET_BIND, bound, victim,
                                rng.choice(population.kiosks[victim.branch_id]),
                                to="google_pay"), planted=index)


def _staff_snooping(rng, population, victim, at, key, index, subtle):
    if subtle:  # the customer did come in that morning: the look-up hides behind the visit
        yield Step(at - timedelta(hours=2), key, visit=(victim.branch_id, victim.customer_id),
                   planted=index)
    for _ in range(rng.randint(1, 3)):
        yield _lookup(rng, victim, population.staff[victim.branch_id], at, key, index)
        at += timedelta(minutes=rng.uniform(1, 30))


_PLANTERS = {"card_testing": _card_testing, "drained_account": _drained_account,
             "structuring": _structuring, "new_payee_scam": _new_payee_scam,
             "wallet_after_replacement": _wallet_after_replacement,
             "staff_snooping": _staff_snooping}


def in_order(*plans: list[Step]) -> list[Step]:
    """All steps by time (stable, so a session's own steps keep their order)."""
    return sorted((step for plan in plans for step in plan), key=lambda step: step.at)


def replay(session: Session, steps: list[Step], settings: Settings
           ) -> Iterator[tuple[Step, Verdict]]:
    """Play the steps in order: visits become rows, acts go through the real rules."""
    for step in steps:
        if step.visit is not None:
            branch_id, customer_id = step.visit
            session.add(Visit(branch_id=branch_id, customer_id=customer_id,
                              source=VisitSource.COUNTER, arrived_at=step.at,
                              left_at=step.at + timedelta(minutes=20)))
            session.flush()
            continue
        yield step, observe(session, step.observation, settings)


def demo_population(session: Session, withdrawal_limit_minor: int) -> Population | None:
    """The loaded demo's kiosks, relationship managers and carded customers (None: no demo)."""
    kiosks: dict[int, list[int]] = {}
    for device_id, branch_id in session.execute(
            select(Device.id, Device.branch_id).where(Device.kind == DeviceKind.KIOSK)
            .order_by(Device.id)):
        kiosks.setdefault(branch_id, []).append(device_id)
    staff: dict[int, list[int]] = {}
    for staff_id, branch_id in session.execute(
            select(Staff.id, Staff.branch_id).where(Staff.role == Role.RELATIONSHIP_MANAGER)
            .order_by(Staff.id)):
        staff.setdefault(branch_id, []).append(staff_id)
    holders = tuple(
        Holder(customer_id, branch_id, card_id) for card_id, customer_id, branch_id in
        session.execute(select(Card.id, Card.customer_id, Customer.home_branch_id)
                        .join(Customer, Customer.id == Card.customer_id).order_by(Card.id))
        if branch_id in kiosks and branch_id in staff)
    if not holders:
        return None
    return Population({b: tuple(ids) for b, ids in kiosks.items()},
                      {b: tuple(ids) for b, ids in staff.items()}, holders,
                      withdrawal_limit_minor)


def plant_demo_cases(session: Session, settings: Settings, now: datetime) -> int:
    """One case of each fraud scenario in the demo's last few days; returns the cases opened.

    The caller owns the transaction. Nothing is planted twice: a database that already
    remembers acts is left alone.
    """
    if session.scalar(select(func.count()).select_from(FraudSignal)):
        return 0
    population = demo_population(session, settings.kiosk.max_withdrawal_minor)
    if population is None:
        return 0
    steps, _planted = plan_planted(population, now - timedelta(days=4), 4, settings.demo.seed,
                                   per_scenario=1, subtle_share=0.0)
    for _step, _verdict in replay(session, in_order(steps), settings):
        pass
    return session.scalar(select(func.count()).select_from(FraudCase))
