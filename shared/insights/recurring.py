"""Recurring payments and income: streams found in a customer's own movements.

A stream is money to or from one counterparty on one account, at a steady cadence (weekly,
fortnightly, monthly, quarterly, annual) and a steady amount. Precision comes first: a
relationship manager who is told "pays Tesco every week" about a weekly shop loses trust in
every other line, so a stream needs every interval inside its cadence's window, a monthly
one a steady day of the month, and amounts that hold still (a little jitter for bills and
pay, a step for a price change, no more). Everything is pure and in integer minor units.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from typing import Final, NamedTuple

from shared.insights.movements import Movement


class Direction(StrEnum):
    INFLOW = "inflow"
    OUTFLOW = "outflow"


class Cadence(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class StreamState(StrEnum):
    EARLY = "early"  # two payments seen
    MATURE = "mature"  # three or more
    ENDED = "ended"  # the expected payment did not come (past its grace days)


class _Rule(NamedTuple):
    cadence: Cadence
    lo: int  # shortest interval between two payments, in days
    hi: int  # longest (month ends, weekends and bank holidays move payments)
    months: int  # calendar months per step; 0 for weekly and fortnightly
    days: int  # days per step when `months` is 0
    grace: int  # days after the expected date before the stream counts as ended
    slack: int  # how far from its expected date a payment may land when a stream is extended


RULES: Final[tuple[_Rule, ...]] = (
    _Rule(Cadence.WEEKLY, 5, 9, 0, 7, 3, 1),
    _Rule(Cadence.FORTNIGHTLY, 11, 17, 0, 14, 4, 2),
    _Rule(Cadence.MONTHLY, 24, 37, 1, 0, 7, 4),
    _Rule(Cadence.QUARTERLY, 80, 102, 3, 0, 14, 7),
    _Rule(Cadence.ANNUAL, 350, 380, 12, 0, 30, 14),
)
RULE_OF: Final[dict[Cadence, _Rule]] = {rule.cadence: rule for rule in RULES}
# interval in days -> the rule whose window holds it (None: no cadence has it).
_RULE_OF_GAP: Final[tuple[_Rule | None, ...]] = tuple(
    next((r for r in RULES if r.lo <= gap <= r.hi), None) for gap in range(RULES[-1].hi + 1)
)

# How movements are paid where the amount may vary a little (bills, pay); card payments to
# the same shop must hold their amount far more tightly to count.
BILLED_KINDS: Final[frozenset[str]] = frozenset({
    "direct_debit", "standing_order", "bank_transfer_in", "faster_payment_in", "bacs_credit",
})
# Cash taken out is day-to-day money, whoever's machine it came from.
NOT_PAYMENTS: Final[frozenset[str]] = frozenset({"cash_withdrawal", "cash_deposit"})
FIXED_JITTER = 0.005  # amounts this close to their run's mean: a fixed price
FIXED_STEP = 0.02  # a fixed price that moves by more than this has changed
CARD_STEP = 0.04  # card payments: more than this apart is another price (or not a stream)
BILLED_STEP = 0.25  # bills and pay: energy bills and overtime move this much
TWO_CARD = 0.005  # two card payments only: the same price, to count as an early stream
TWO_BILLED = 0.25
CLUSTER_CARD = 0.01  # a mixed group is split into amount clusters this wide
CLUSTER_BILLED = 0.15
# Card payments picked out of a mixed group need this many, bills and pay three: a few
# like purchases a quarter apart at a busy shop must not pass for a subscription.
CLUSTER_MIN_CARD = 4
CLUSTER_MIN_BILLED = 3
MONTH_DRIFT = 4  # days a monthly payment may land off its usual day (weekends, holidays)
MOVED_DAYS = 4  # a weekly or fortnightly payment moved off a holiday, at most this far
MAX_REGIMES = 3  # at most two price changes in the history
SHORT_RUN = 4  # card payments this few need fixed prices on both sides of a change

_DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class PriceChange:
    """The latest step in a stream's amount, signed like the payments."""

    old_minor: int
    new_minor: int
    since: date  # the first payment at the new amount


@dataclass(frozen=True, slots=True)
class Stream:
    """One recurring payment or income; amounts are signed like movements (out negative).

    `counterparty` is the normalised key (`counterparty_key`), `label` the name as the
    customer's statements show it most often. `day_of_month` is the usual day (31 standing
    for the last day) for monthly, quarterly and annual streams, None for weekly ones.
    `next_on` and `next_amount_minor` are the prediction; for an ended stream they are the
    payment that did not come.
    """

    account: str
    currency: str
    direction: Direction
    counterparty: str
    label: str
    category: str
    kind: str
    cadence: Cadence
    state: StreamState
    occurrences: int
    typical_amount_minor: int
    last_on: date
    next_on: date
    next_amount_minor: int
    price_change: PriceChange | None
    day_of_month: int | None
    dates: tuple[date, ...]
    amounts_minor: tuple[int, ...]

    @property
    def key(self) -> str:
        """A stable name for the stream, the same on every recomputation."""
        return f"{self.account}|{self.direction}|{self.counterparty}|{self.cadence}"


# Words that say how money moved, not to whom; references follow "ref".
_NOISE_WORDS: Final[frozenset[str]] = frozenset({
    "ref", "reference", "payment", "payments", "card", "to", "from", "dd", "so", "direct",
    "debit", "standing", "order", "fp", "fpo", "fpi", "faster", "bgc", "bp", "pos", "visa",
    "mastercard", "contactless", "cp", "tfr", "transfer", "via", "www", "com", "co", "uk",
    "net", "org", "ltd", "limited", "plc", "llp", "inc", "gb", "gbr", "gbp", "on", "at",
    "bill", "purchase", "debitcard", "the", "mandate", "no", "monthly", "weekly",
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december",
})
_REF_WORDS: Final[frozenset[str]] = frozenset({"ref", "reference", "mandate", "no"})
_SPLIT = re.compile(r"[^\w&+]+")
# Digits mark a reference or a date, except one digit in a brand: "O2", "3M", "Vets4Pets"
# (not an ordinal day: "1st", "22nd").
_SHORT_BRAND = re.compile(r"(?![0-9]+(?:st|nd|rd|th)$)[a-z]*[0-9][a-z]*")
KEY_WORDS = 3  # a name's first words: trailing words are often a branch or a location


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Return a payee's name without references, dates, card words and punctuation.

    "NETFLIX.COM 8945321 12/03", "Netflix" and "DD NETFLIX REF A1B2C3" all give "netflix".
    """
    words = []
    skip_next = False
    for word in _SPLIT.split(text.lower().replace("'", "")):
        word = word.strip("_+&")
        if not word:
            continue
        if skip_next:  # the reference itself, letters or digits
            skip_next = False
            continue
        if word in _REF_WORDS:
            skip_next = True
            continue
        if word in _NOISE_WORDS or len(word) == 1 or (
                any(c.isdigit() for c in word) and (word.isdigit()
                                                     or not _SHORT_BRAND.fullmatch(word))):
            continue
        words.append(word)
        if len(words) == KEY_WORDS:
            break
    return " ".join(words) or text.strip().lower()


def counterparty_key(movement: Movement) -> str:
    """The normalised payee of a movement: its counterparty, else its description."""
    return normalise_name(movement.counterparty or movement.description)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def month_day(year: int, month: int, day: int) -> date:
    """The `day` of a month (months past 12 roll into later years), clamped to its end."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day, _days_in_month(year, month)))


def step(on: date, rule: _Rule, day_of_month: int | None, times: int = 1) -> date:
    """The date `times` cadence steps after `on` (a usual day of the month kept for months)."""
    if rule.months:
        return month_day(on.year, on.month + rule.months * times, day_of_month or on.day)
    return date.fromordinal(on.toordinal() + rule.days * times)


def _median(values: Sequence[int]) -> int:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) // 2


def _usual_day(dates: Sequence[date]) -> int:
    """The usual day of the month; days at a month's end count as its last day (31)."""
    days = [31 if d.day == _days_in_month(d.year, d.month) and d.day >= 28 else d.day
            for d in dates]
    return _median(days)


def _month_drift(on: date, day: int) -> int:
    """Days between a payment and the nearest usual day: of its month or one beside it.

    Due on the 1st, paid on the 30th before; due on Saturday the 28th of February, paid
    on Monday 2 March.
    """
    year, month, paid = on.year, on.month, on.day
    length = _days_in_month(year, month)
    due = day if day < length else length
    drift = paid - due if paid >= due else due - paid  # this month's
    if drift > paid:  # perhaps last month's, paid late
        before = _days_in_month(year - (month == 1), month - 1 or 12)
        drift = min(drift, before - (day if day < before else before) + paid)
    if drift > length - paid:  # perhaps next month's, paid early
        after = _days_in_month(year + (month == 12), month % 12 + 1)
        drift = min(drift, length - paid + (day if day < after else after))
    return drift


def _on_lattice(ordinals: Sequence[int], rule: _Rule) -> bool:
    """Weekly and fortnightly payments sit on one grid of `rule.days`, give or take a move.

    Payments keep within `rule.slack` days of the grid, but for a few moved off bank
    holidays by up to MOVED_DAYS (a Thursday order due on Christmas Day is paid on Monday
    the 29th, the next on Friday 2 January): each payment takes the earliest grid slot
    after the previous one's that is near enough. One missed payment is allowed in a run
    of four or more.
    """
    period, first = rule.days, ordinals[0]
    offsets = []
    for o in ordinals:
        k = (o - first + period // 2) // period
        offsets.append(o - first - k * period)
    origin = first + sorted(offsets)[len(offsets) // 2]
    previous, moved, skipped = None, 0, 0
    for o in ordinals:
        rel = o - origin
        slot = next((s for s in (rel // period, rel // period + 1)
                     if abs(rel - s * period) <= MOVED_DAYS
                     and (previous is None or s > previous)), None)
        if slot is None:
            return False
        if previous is not None:
            if slot - previous > 2:
                return False
            skipped += slot - previous == 2
        moved += abs(rel - slot * period) > rule.slack
        previous = slot
    return moved <= max(1, len(ordinals) // 6) and (
        skipped == 0 or (skipped == 1 and len(ordinals) >= 4))


def _segment(amounts: Sequence[int], tolerance: float) -> list[tuple[int, int]]:
    """Cut amounts into runs, each amount within `tolerance` of its run's mean so far."""
    runs: list[tuple[int, int]] = []
    start, total, count = 0, amounts[0], 1
    for i in range(1, len(amounts)):
        amount = amounts[i]
        if abs(amount * count - total) <= tolerance * total:
            total += amount
            count += 1
        else:
            runs.append((start, i))
            start, total, count = i, amount, 1
    runs.append((start, len(amounts)))
    return runs


def _valid_runs(runs: list[tuple[int, int]], n: int) -> bool:
    """At most MAX_REGIMES prices, each old one seen twice (or a lone pro-rata start)."""
    if len(runs) > MAX_REGIMES:
        return False
    return all(e - s >= 2 or (index == 0 and len(runs) == 2 and n - e >= 3)
               for index, (s, e) in enumerate(runs[:-1]))


def _tight(amounts: Sequence[int], runs: list[tuple[int, int]], within: float) -> bool:
    for s, e in runs:
        mean = sum(amounts[s:e]) / (e - s)
        if any(abs(a - mean) > within * mean for a in amounts[s:e]):
            return False
    return True


def _regimes(amounts: Sequence[int], billed: bool) -> list[tuple[int, int]] | None:
    """Split amounts (absolute, in time order) into runs at steady prices, or None.

    A fixed price (every run's amounts within FIXED_JITTER) changes at any step over
    FIXED_STEP, so a rise from 10.99 to 11.99 is seen; amounts that wander (energy bills,
    overtime) change only at a step beyond their kind's tolerance. None when they are not
    steady: consecutive amounts that usually differ by more than that tolerance, more than
    MAX_REGIMES prices, or an old price seen only once (a lone first payment is allowed
    before three at one price: a pro-rata start).
    """
    n = len(amounts)
    if n == 2:
        a, b = amounts
        return [(0, 2)] if abs(a - b) <= (TWO_BILLED if billed else TWO_CARD) * max(a, b) \
            else None
    runs = _segment(amounts, FIXED_STEP)
    if _valid_runs(runs, n) and _tight(amounts, runs, FIXED_JITTER):
        return runs
    changes = sorted(abs(b - a) / a for a, b in zip(amounts, amounts[1:], strict=False))
    tolerance = BILLED_STEP if billed else CARD_STEP
    if changes[len(changes) // 2] > tolerance:
        return None
    runs = _segment(amounts, tolerance)
    if not _valid_runs(runs, n):
        return None
    if not billed and n <= SHORT_RUN and len(runs) > 1:
        return None  # a few card payments with a step between that are no fixed price
    return runs


class _Fit(NamedTuple):
    rule: _Rule
    runs: list[tuple[int, int]]


def _timing(ordinals: Sequence[int]) -> _Rule | None:
    """The cadence payments on these day numbers keep, or None (most groups end here)."""
    n = len(ordinals)
    if n < 2:
        return None
    gaps = [b - a for a, b in zip(ordinals, ordinals[1:], strict=False)]
    middle = sorted(gaps)[len(gaps) // 2]
    rule = _RULE_OF_GAP[middle] if middle < len(_RULE_OF_GAP) else None
    if rule is None:
        return None
    if not rule.months:
        return rule if _on_lattice(ordinals, rule) else None
    lo, hi = rule.lo, rule.hi
    missed = 0
    for gap in gaps:
        if gap < lo or gap > hi:
            # One payment missed in a long run (a month without pay) keeps the stream.
            if n < 4 or missed or not 2 * lo <= gap <= 2 * hi:
                return None
            missed = 1
    if rule.months == 1:
        dates = [date.fromordinal(o) for o in ordinals]
        day = _usual_day(dates)
        for on in dates:
            if _month_drift(on, day) > MONTH_DRIFT:
                return None
    return rule


def _fit(ordinals: Sequence[int], amounts: Sequence[int], billed: bool) -> _Fit | None:
    """Return the cadence and price runs of payments that form one stream, or None."""
    rule = _timing(ordinals)
    if rule is None:
        return None
    runs = _regimes(amounts, billed)
    return None if runs is None else _Fit(rule, runs)


class _Group(NamedTuple):
    account: str
    currency: str
    direction: Direction
    counterparty: str


def _state_and_next(rule: _Rule, dates: Sequence[date], today: date,
                    day_of_month: int | None) -> tuple[StreamState, date]:
    last = dates[-1]
    if rule.months:
        # The month the last payment was for: a payment due on the 1st may come on the 30th.
        nominal = min((month_day(last.year, last.month + k, day_of_month or last.day)
                       for k in (-1, 0, 1)), key=lambda d: abs(d.toordinal() - last.toordinal()))
        expected = step(nominal, rule, day_of_month)
    else:
        expected = step(last, rule, None)
    if today.toordinal() > expected.toordinal() + rule.grace:
        return StreamState.ENDED, expected
    return (StreamState.EARLY if len(dates) == 2 else StreamState.MATURE), expected


def _build(group: _Group, members: Sequence[Movement], fit: _Fit, today: date,
           dates: Sequence[date], amounts: Sequence[int]) -> Stream:
    rule, runs = fit
    sign = 1 if group.direction is Direction.INFLOW else -1
    day_of_month = _usual_day(dates) if rule.months else None
    state, next_on = _state_and_next(rule, dates, today, day_of_month)
    s, e = runs[-1]
    current = amounts[s:e]
    typical = _median(current)
    # Few and far between (a renewal each year): the latest price says most.
    next_amount = current[-1] if rule.months >= 3 else _median(current[-3:])
    change = None
    if len(runs) >= 2 and runs[-2][1] - runs[-2][0] >= 2:
        ps, pe = runs[-2]
        change = PriceChange(sign * _median(amounts[ps:pe]), sign * typical, dates[s])
    label, seen = _most_common([m.counterparty or m.description for m in members])
    if seen == 1 and len(members) > 1:  # a reference in every name: show the key instead
        label = group.counterparty.title()
    category, _ = _most_common([m.category for m in members if m.category])
    return Stream(
        account=group.account, currency=group.currency, direction=group.direction,
        counterparty=group.counterparty, label=label, category=category,
        kind=_most_common([m.kind for m in members])[0],
        cadence=rule.cadence, state=state, occurrences=len(members),
        typical_amount_minor=sign * typical, last_on=dates[-1], next_on=next_on,
        next_amount_minor=sign * next_amount, price_change=change,
        day_of_month=day_of_month, dates=tuple(dates), amounts_minor=tuple(
            sign * a for a in amounts),
    )


def _most_common(values: list[str]) -> tuple[str, int]:
    """The most common value and its count (the first seen on a tie); ("", 0) if none."""
    if not values:
        return "", 0
    first = values[0]
    if values.count(first) == len(values):  # the usual case: one name, one kind
        return first, len(values)
    return Counter(values).most_common(1)[0]


def _is_billed(members: Iterable[Movement], direction: Direction) -> bool:
    """Bills and pay (their amounts may wander) rather than card payments (a refund too)."""
    kind = _most_common([m.kind for m in members])[0]
    if direction is Direction.INFLOW:
        return kind != "card_payment"
    return kind in BILLED_KINDS


def _extend(chosen: list[int], pool: list[int], ordinals: Sequence[int], dates: Sequence[date],
            amounts: Sequence[int], rule: _Rule, day_of_month: int | None) -> list[int]:
    """Add the group's other payments that land on the stream's expected dates, both ways.

    This is how a price change is followed out of an amount cluster: the next payment on
    time at a new price (within half to double the old) still belongs to the stream.
    """
    chosen = list(chosen)
    free = set(pool) - set(chosen)
    for direction in (1, -1):
        while True:
            edge = chosen[-1] if direction == 1 else chosen[0]
            expected = step(dates[edge], rule, day_of_month, direction).toordinal()
            best = None
            for i in free:
                off = abs(ordinals[i] - expected)
                if off <= rule.slack and amounts[edge] <= 2 * amounts[i] <= 4 * amounts[edge] \
                        and (best is None or off < abs(ordinals[best] - expected)):
                    best = i
            if best is None:
                break
            free.discard(best)
            if direction == 1:
                chosen.append(best)
            else:
                chosen.insert(0, best)
    return chosen


def _streams_of(group: _Group, members: list[Movement], ordinals: list[int], today: date
                ) -> list[Stream]:
    amounts = [abs(m.amount_minor) for m in members]
    rule = _timing(ordinals)
    billed = None
    if rule is not None:
        billed = _is_billed(members, group.direction)
        runs = _regimes(amounts, billed)
        if runs is not None:
            dates = [date.fromordinal(o) for o in ordinals]
            return [_build(group, members, _Fit(rule, runs), today, dates, amounts)]
    if len(members) < 3:
        return []
    # A mixed group (a subscription among purchases at the same shop, a bonus beside the
    # pay): try each cluster of like amounts on its own.
    if billed is None:
        billed = _is_billed(members, group.direction)
    width = CLUSTER_BILLED if billed else CLUSTER_CARD
    least = CLUSTER_MIN_BILLED if billed else CLUSTER_MIN_CARD
    order = sorted(range(len(members)), key=amounts.__getitem__)
    clusters: list[list[int]] = [[order[0]]]
    for i in order[1:]:
        if amounts[i] <= amounts[clusters[-1][0]] * (1 + width):
            clusters[-1].append(i)
        else:
            clusters.append([i])
    streams = []
    used: set[int] = set()
    dates = None
    for cluster in clusters:
        if len(cluster) < least:
            continue
        chosen = sorted(i for i in cluster if i not in used)
        if len(chosen) < least:
            continue
        fit = _fit([ordinals[i] for i in chosen], [amounts[i] for i in chosen], billed)
        if fit is None:
            continue
        if dates is None:
            dates = [date.fromordinal(o) for o in ordinals]
        day_of_month = _usual_day([dates[i] for i in chosen]) if fit.rule.months else None
        pool = [i for i in range(len(members)) if i not in used]
        extended = _extend(chosen, pool, ordinals, dates, amounts, fit.rule, day_of_month)
        if len(extended) > len(chosen):
            wider = _fit([ordinals[i] for i in extended], [amounts[i] for i in extended],
                         billed)
            if wider is not None and wider.rule is fit.rule:
                chosen, fit = extended, wider
        used.update(chosen)
        streams.append(_build(group, [members[i] for i in chosen], fit, today,
                              [dates[i] for i in chosen], [amounts[i] for i in chosen]))
    return streams


_FIRST = itemgetter(0)


def find_streams(movements: Iterable[Movement], today: date) -> list[Stream]:
    """Return the recurring streams in a customer's movements up to and including `today`.

    Movements are grouped by account, currency, direction and normalised payee; a group is
    a stream when its payments come at one cadence with steady amounts, and a group that is
    not (a shop where the customer also pays a subscription) is tried cluster by cluster.
    Streams come largest first by typical amount.
    """
    limit = today.toordinal()
    groups: dict[tuple[str, str, bool, str], list[tuple[int, Movement]]] = defaultdict(list)
    name = normalise_name
    for m in movements:
        amount = m.amount_minor
        when = m.at.toordinal()
        if amount == 0 or when > limit or m.kind in NOT_PAYMENTS:
            continue
        groups[(m.account, m.currency, amount > 0,
                name(m.counterparty or m.description))].append((when, m))
    streams: list[Stream] = []
    for (account, currency, inflow, counterparty), pairs in groups.items():
        if len(pairs) < 2:
            continue
        pairs.sort(key=_FIRST)  # by day, in the order given within a day
        group = _Group(account, currency, Direction.INFLOW if inflow else Direction.OUTFLOW,
                       counterparty)
        streams.extend(_streams_of(group, [m for _, m in pairs], [o for o, _ in pairs],
                                   today))
    streams.sort(key=lambda s: (-abs(s.typical_amount_minor), s.key))
    return streams


def stream_payments(streams: Iterable[Stream]) -> set[tuple[str, str, int]]:
    """(account, counterparty key, date ordinal) of every payment that belongs to a stream."""
    return {(s.account, s.counterparty, d.toordinal()) for s in streams for d in s.dates}
