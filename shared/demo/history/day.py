"""One day of a demo branch's history as facts: each person through the door, what they did.

Everyone who comes in is a door entry; some are recognised consenting customers (an
arrival a relationship manager claims and greets); each came for a kiosk, a counter, an
adviser or a quick look, and leaves through the door. The counters' queue is simulated
(queue.py), so waits follow the load rather than a table.

The facts name no customer: the figures need nobody's id, and an id on an invented door
arrival would claim a face consent that nobody gave. Without one, the live journey rules
(shared/analytics/journey.py) never pair a live greeting with a historical arrival; this
module writes the door waits and served visits those rules would have derived.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from shared.analytics.cells import FactRow
from shared.analytics.kinds import FactKind as K
from shared.analytics.kinds import KioskOutcome
from shared.demo.history.calendar import WEEKDAY_HOURS, day_weight, hour_weights
from shared.demo.history.queue import Ticket, serve_day
from shared.insights.offers.catalogue import (
    ISA,
    MORTGAGE,
    OVERDRAFT,
    PERSONAL_LOAN,
    SAVINGS,
    TRAVEL_CARD,
)

TYPICAL_FOOTFALL = 180  # people through the door of a typical branch on a midweek day
# Why people come in, and how often the door camera knows them (consented, recognised).
PURPOSES = {"kiosk": 0.45, "counter": 0.33, "advice": 0.07, "look": 0.15}
IDENTIFIED = {"kiosk": 0.18, "counter": 0.2, "advice": 0.6, "look": 0.12}
CONSENTED_OTHERWISE = 0.25  # customers known by card or at the counter with a face consent
NAMED_AT_COUNTER = 0.7  # counter customers who say who they are (the rest pay in for others)
CLAIMED = {"advice": 0.98}  # arrivals a relationship manager claims (others: the default)
CLAIMED_DEFAULT = 0.88
GREETED_AFTER_CLAIM = 0.93
HANDED_OVER = 0.08
OFFER_DISCUSSED = {"advice": 0.65}
OFFER_DISCUSSED_DEFAULT = 0.12
OFFER_ACCEPTED, OFFER_DECLINED = 0.35, 0.45  # the rest are still thinking
# What was offered: products of the offer catalogue only, as the floor records them
# (shared/floor/offers.py). A credit card is the travel card; the loan, ISA and overdraft
# share what insurance had, a product we do not sell. The answer does not depend on the
# product, so the weights never move the acceptance rate.
PRODUCTS = {SAVINGS: 35, TRAVEL_CARD: 35, MORTGAGE: 15, PERSONAL_LOAN: 5, ISA: 5,
            OVERDRAFT: 5}
SERVICES = {"cash": 48, "accounts": 24, "cards": 14, "other": 14}
KIOSK_OUTCOMES = {KioskOutcome.COMPLETED: 0.84, KioskOutcome.FALLBACK: 0.08,
                  KioskOutcome.ABANDONED: 0.06, KioskOutcome.DEVICE_FAULT: 0.02}
KIOSK_MEDIAN_S = {KioskOutcome.COMPLETED: 110, KioskOutcome.FALLBACK: 140,
                  KioskOutcome.ABANDONED: 80, KioskOutcome.DEVICE_FAULT: 45}
# Which device failed under a customer, and where staff then helped them.
FAULTY_DEVICES = {"cash_dispenser": ("cash", 55), "card_reader": ("cards", 30),
                  "receipt_printer": ("cash", 15)}
OUTAGE_DEVICE = "card_reader"  # the outage day: every kiosk's reader down
# Why a kiosk sent someone to the counter (the kiosk flows' reasons) and to which service.
FALLBACK_REASONS = {"over_limit": ("cash", 35), "customer_request": ("other", 25),
                    "identity_unconfirmed": ("accounts", 20), "card_retained": ("cards", 10),
                    "unknown_outcome": ("cash", 10)}


class HistoryFact(NamedTuple):
    key: str
    row: FactRow


@dataclass(frozen=True)
class HistoryBranch:
    """A branch to write history for; `size` scales its footfall (1.0: a typical branch)."""

    id: int
    code: str
    zone: ZoneInfo
    size: float = 1.0

    @classmethod
    def drawn(cls, branch_id: int, code: str, timezone: str, seed: int) -> HistoryBranch:
        """The branch with a size drawn from the seed and its code (0.75 to 1.35)."""
        size = 0.75 + 0.6 * random.Random(f"{seed}:size:{code}").random()
        return cls(branch_id, code, ZoneInfo(timezone), round(size, 3))

    def counters(self) -> int:
        return 2 if self.size < 1.15 else 3

    @property
    def camera(self) -> str:
        return f"{self.code}-DOOR"


class DayLog:
    """Collects a day's facts, keyed by branch, day and person; drops what has not happened."""

    def __init__(self, branch: HistoryBranch, day: date, until: datetime):
        # Branches open long after a clock change (small hours), so one offset fits the day.
        offset = datetime.combine(day, time(12), branch.zone).utcoffset()
        self.midnight = datetime.combine(day, time(0), UTC) - offset
        self.branch_id = branch.id
        self.prefix = f"hist:{branch.code}:{day:%Y%m%d}"
        self.until = until
        self.facts: list[HistoryFact] = []

    def add(self, person: int, what: str, kind: K, at_s: float, dim: str = "",
            detail: str = "", duration_s: float | None = None) -> None:
        at = self.midnight + timedelta(milliseconds=round(at_s * 1000))
        if at >= self.until:
            return
        duration = None if duration_s is None else max(0, round(duration_s * 1000))
        self.facts.append(HistoryFact(f"{self.prefix}:{person:04d}:{what}",
                                      FactRow(self.branch_id, kind.value, at, dim, detail,
                                              duration)))


@dataclass
class Visit:
    person: int
    purpose: str
    entered_s: float
    busy_until_s: float
    arrived_s: float | None = None  # identified at the door
    greeted_s: float | None = None
    served_s: float | None = None  # served at a kiosk
    seen: bool = False  # counted among the customers known to be in today
    ticket: Ticket | None = None


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plan_day(branch: HistoryBranch, day: date, seed: int, until: datetime,
             kiosks_down: bool = False) -> list[HistoryFact]:
    """Every fact of one local day at the branch that happened before `until`."""
    weights = hour_weights(day)
    log = DayLog(branch, day, until)
    if not weights or log.midnight >= until:
        return []
    # One generator per branch and day: a day's facts do not depend on the range asked for.
    rng = random.Random(f"{seed}:history:{branch.code}:{day.isoformat()}")
    noise = rng.lognormvariate(0, 0.08)
    people = round(TYPICAL_FOOTFALL * branch.size * day_weight(day) * noise)
    hours = rng.choices(list(weights), weights=list(weights.values()), k=people)
    entered = sorted(hour * 3600 + rng.random() * 3600 for hour in hours)
    per_hour = Counter(int(s // 3600) for s in entered)
    ordinary_hour = TYPICAL_FOOTFALL * branch.size / len(WEEKDAY_HOURS)
    visits = [_come_in(rng, log, branch, n, at, per_hour[int(at // 3600)] / ordinary_hour,
                       kiosks_down) for n, at in enumerate(entered)]
    serve_day([v.ticket for v in visits if v.ticket], branch.counters(), rng)
    for visit in visits:
        _go_out(rng, log, branch, visit)
    return log.facts


def _come_in(rng: random.Random, log: DayLog, branch: HistoryBranch, n: int, at: float,
             load: float, kiosks_down: bool) -> Visit:
    purpose = _pick(rng, PURPOSES)
    log.add(n, "entry", K.DOOR_ENTRY, at, branch.camera,
            duration_s=min(9.0, max(0.8, rng.gauss(3.0, 0.9))))
    visit = Visit(n, purpose, at, at + rng.uniform(60, 240))
    if rng.random() < IDENTIFIED[purpose]:
        visit.arrived_s = at + rng.uniform(1, 4)
        log.add(n, "arrival", K.ARRIVAL, visit.arrived_s, "door_camera")
        log.add(n, "seen", K.CUSTOMER_SEEN, visit.arrived_s, "consented")
        visit.seen = True
        _greet(rng, log, visit, load)
    if purpose == "kiosk":
        _use_kiosk(rng, log, visit, kiosks_down)
    elif purpose == "counter":
        visit.ticket = Ticket(n, _pick(rng, SERVICES), at + rng.uniform(30, 120))
    elif purpose == "advice":
        if visit.greeted_s is not None:  # an adviser's meeting
            visit.busy_until_s = visit.greeted_s + rng.uniform(15, 40) * 60
        else:
            visit.ticket = Ticket(n, "advice", at + rng.uniform(30, 120))
    return visit


def _greet(rng: random.Random, log: DayLog, visit: Visit, load: float) -> None:
    """A relationship manager claims and greets the arrival; slower when the hour is busy."""
    if rng.random() >= CLAIMED.get(visit.purpose, CLAIMED_DEFAULT):
        return
    n, arrived, slowdown = visit.person, visit.arrived_s, 0.6 + 0.4 * load
    claimed = arrived + rng.lognormvariate(0, 0.6) * 30 * slowdown
    log.add(n, "claimed", K.CLAIMED, claimed, duration_s=claimed - arrived)
    if rng.random() >= GREETED_AFTER_CLAIM:
        return
    greeted = claimed + rng.lognormvariate(0, 0.5) * 40 * slowdown
    visit.greeted_s = greeted
    log.add(n, "greeted", K.GREETED, greeted, duration_s=greeted - arrived)
    if rng.random() < HANDED_OVER:
        handed = greeted + rng.uniform(120, 480)
        log.add(n, "handed_over", K.HANDED_OVER, handed, duration_s=handed - arrived)
    if rng.random() < OFFER_DISCUSSED.get(visit.purpose, OFFER_DISCUSSED_DEFAULT):
        product, talked = _pick(rng, PRODUCTS), greeted + rng.uniform(5, 25) * 60
        log.add(n, "offer", K.OFFER_DISCUSSED, talked, product)
        answer = rng.random()
        if answer < OFFER_ACCEPTED:
            log.add(n, "offer_answer", K.OFFER_ACCEPTED, talked + 60, product)
        elif answer < OFFER_ACCEPTED + OFFER_DECLINED:
            log.add(n, "offer_answer", K.OFFER_DECLINED, talked + 60, product)
        visit.busy_until_s = max(visit.busy_until_s, talked + 120)


def _use_kiosk(rng: random.Random, log: DayLog, visit: Visit, kiosks_down: bool) -> None:
    n = visit.person
    start = visit.entered_s + rng.uniform(15, 90)
    outcome = KioskOutcome.DEVICE_FAULT if kiosks_down else _pick(rng, KIOSK_OUTCOMES)
    end = start + rng.lognormvariate(0, 0.4) * KIOSK_MEDIAN_S[outcome]
    # The detail says why: the fallback's reason, or the device that failed.
    if outcome is KioskOutcome.FALLBACK:
        reason = _pick(rng, {r: w for r, (_, w) in FALLBACK_REASONS.items()})
    elif outcome is KioskOutcome.DEVICE_FAULT:
        reason = OUTAGE_DEVICE if kiosks_down else _pick(
            rng, {d: w for d, (_, w) in FAULTY_DEVICES.items()})
    else:
        reason = ""
    log.add(n, "kiosk", K.KIOSK_SESSION, end, outcome.value, reason, end - start)
    _seen_otherwise(rng, log, visit, start)  # the card says who it is
    visit.busy_until_s = max(visit.busy_until_s, end)
    if outcome is KioskOutcome.COMPLETED:
        visit.served_s = end
        if visit.arrived_s is not None:
            log.add(n, "served", K.VISIT_SERVED, end, "kiosk")
    elif outcome is not KioskOutcome.ABANDONED:  # to the counter with a ticket
        service = {**FALLBACK_REASONS, **FAULTY_DEVICES}[reason][0]
        visit.ticket = Ticket(n, service, end + rng.uniform(5, 20))


def _seen_otherwise(rng: random.Random, log: DayLog, visit: Visit, at: float) -> None:
    """A customer known by card or name, once a day, with or without a face consent."""
    if visit.seen:
        return
    visit.seen = True
    consented = rng.random() < CONSENTED_OTHERWISE
    log.add(visit.person, "seen", K.CUSTOMER_SEEN, at,
            "consented" if consented else "not_consented")


def _go_out(rng: random.Random, log: DayLog, branch: HistoryBranch, visit: Visit) -> None:
    """The ticket's facts, the visit's wait from the door and its service, then the exit."""
    n, ticket = visit.person, visit.ticket
    called = None
    if ticket is not None:
        called = ticket.called_s
        log.add(n, "taken", K.TICKET_TAKEN, ticket.taken_s, ticket.service)
        log.add(n, "called", K.TICKET_CALLED, called, ticket.service,
                duration_s=called - ticket.taken_s)
        if ticket.no_show:  # gave up before the call
            log.add(n, "no_show", K.TICKET_NO_SHOW, called + 60, ticket.service)
            visit.busy_until_s = max(ticket.taken_s + 60, called - rng.uniform(0, 600))
        else:
            if ticket.transferred_s is not None:
                log.add(n, "transferred", K.TICKET_TRANSFERRED, ticket.transferred_s,
                        ticket.service)
            log.add(n, "ticket_served", K.TICKET_SERVED, ticket.closed_s,
                    ticket.served_service, ticket.served_by,
                    ticket.closed_s - ticket.served_from_s)
            visit.busy_until_s = max(visit.busy_until_s, ticket.closed_s)
            if rng.random() < NAMED_AT_COUNTER:
                _seen_otherwise(rng, log, visit, called)
            if visit.arrived_s is not None and visit.served_s is None:
                log.add(n, "served", K.VISIT_SERVED, ticket.closed_s, "counter")
    if visit.arrived_s is not None:
        # The journey rule: the first of greeted or called ends the wait from the door.
        firsts = [s for s in (visit.greeted_s, called) if s is not None]
        if firsts:
            log.add(n, "door_wait", K.DOOR_WAIT, min(firsts),
                    duration_s=min(firsts) - visit.arrived_s)
    log.add(n, "exit", K.DOOR_EXIT, visit.busy_until_s + rng.uniform(15, 90), branch.camera,
            duration_s=min(9.0, max(0.8, rng.gauss(2.4, 0.7))))
