"""Generated customer histories with planted truth, for the insight benchmarks.

Each history is seeded by (seed, customer) alone, so any one can be rebuilt on its own and
chunks of a population can be generated in separate processes. It holds:
- planted streams of every cadence: pay (monthly on a day, on the last working day, weekly,
  fortnightly), housing, bills with jitter (energy), subscriptions with price changes,
  streams that start late or end, and payments moved off weekends and bank holidays;
- irregular spending that must not be found: a weekly shop at the same supermarket with
  amounts that wander, coffee at one price on random days, fares, cash, in-app purchases
  at the payee of a subscription;
- payee names with references and dates in them, as another bank's feed shows them;
- for some customers one planted shortfall: the day the main account's closing balance
  first goes under zero (a missed salary, a large annual or quarterly bill seen in earlier
  years, or a large one-off purchase nobody could foresee), then a top-up from savings.
  Everyone else's balances never go under zero.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from shared.insights.movements import Movement
from shared.insights.payday import BusinessCalendar
from shared.insights.recurring import RULE_OF, Cadence, month_day, step

CAUSES = ("missed_salary", "annual_bill", "quarterly_bill", "one_off")
CAUSE_WEIGHTS = (40, 25, 25, 10)
FORESEEABLE = frozenset({"missed_salary", "annual_bill", "quarterly_bill"})
# Months of history an annual bill needs before the one that tips the balance: it must
# have been paid twice before to be a stream at all.
ANNUAL_MONTHS = 26

EMPLOYERS = ("NHS Foundation Trust", "Tesco Stores", "Transport for London", "Royal Mail",
             "Arup Group", "Deloitte", "BBC", "AstraZeneca", "Network Rail", "Compass Group",
             "University of Leeds", "Linklaters", "Ocado Retail", "Sainsburys Payroll")
WEEKLY_PAYERS = ("Staffline Agency", "Hays Temporary Payroll", "Blue Arrow Payroll")
FORTNIGHTLY_PAYERS = ("Amazon UK Payroll", "Wilko Payroll", "Serco Payroll")
OTHER_INCOME = (("DWP Universal Credit", Cadence.MONTHLY), ("Lodger T Brown", Cadence.MONTHLY),
                ("Child Maintenance Service", Cadence.WEEKLY),
                ("Aviva Pension", Cadence.MONTHLY))
LANDLORDS = ("Foxtons Lettings", "Savills Lettings", "Northwood Lettings",
             "Greystar Residential", "Clarion Housing")
LENDERS = ("Nationwide Mortgage", "Halifax Mortgages", "Santander Mortgages")
COUNCILS = ("Leeds City Council", "Camden Council", "Bristol City Council",
            "Manchester City Council", "Cardiff Council")
ENERGY = ("Octopus Energy", "British Gas", "EDF Energy", "OVO Energy", "EON Next")
WATER = ("Thames Water", "United Utilities", "Severn Trent", "Yorkshire Water")
MOBILE = ("EE", "Vodafone", "O2", "Three", "giffgaff")
BROADBAND = ("BT Broadband", "Sky Broadband", "Virgin Media", "TalkTalk", "Hyperoptic")
SUBSCRIPTIONS = (("Netflix", 1099), ("Spotify", 1199), ("Disney Plus", 799),
                 ("Amazon Prime", 899), ("YouTube Premium", 1299), ("Audible", 799),
                 ("Xbox Game Pass", 1099), ("NOW Entertainment", 999), ("Headspace", 999))
APPLE = "Apple.com/bill"  # a subscription and irregular in-app purchases under one name
GYMS = (("PureGym", 2499), ("The Gym Group", 2299), ("Nuffield Health", 6500),
        ("David Lloyd Clubs", 9800), ("Better Leisure", 3500))
MONTHLY_INSURANCE = (("Vitality Life", 2400), ("Petplan", 3100),
                     ("Legal and General Life", 1800))
QUARTERLY = (("The Economist", 4500), ("HomeServe", 5400), ("Wine Society", 9000),
             ("Private Eye", 1200), ("Ramblers Association", 1000))
ANNUAL = (("Aviva Home Insurance", 28000), ("Direct Line Car Insurance", 52000),
          ("DVLA Vehicle Tax", 19000), ("AA Breakdown", 12000), ("TV Licensing", 16950),
          ("National Trust", 9000), ("Which Subscription", 12000))
WEEKLY_OUT = (("Milk and More", 1250, "card_payment", "groceries"),
              ("Little Stars Swimming", 900, "standing_order", "entertainment"),
              ("Tutor A Patel", 3500, "standing_order", "other"),
              ("Cleaner M Nowak", 4000, "standing_order", "other"))
FORTNIGHTLY_OUT = (("Happy Days Nursery", 42000, "standing_order", "other"),
                   ("Dog Walker R Jones", 6000, "standing_order", "other"),
                   ("Zopa Loan", 11000, "direct_debit", "repayments"))
BIG_BILLS = (("Hastings Direct Home Insurance", Cadence.ANNUAL),
             ("Churchill Car Insurance", Cadence.ANNUAL),
             ("Harbour Court Service Charge", Cadence.QUARTERLY),
             ("Greenfield Estates Ground Rent", Cadence.QUARTERLY))
SUPERMARKETS = ("Tesco", "Sainsburys", "Lidl", "Aldi", "Asda", "Morrisons", "Waitrose")
TOP_UP_SHOPS = ("Tesco Express", "Sainsburys Local", "Co-op Food", "Spar")
COFFEE_SHOPS = ("Pret A Manger", "Costa Coffee", "Caffe Nero", "Starbucks", "Greggs")
EATING_OUT = ("Nandos", "Wagamama", "PizzaExpress", "Wetherspoon", "Leon", "Itsu")
SHOPS = ("Amazon", "Boots", "John Lewis", "Primark", "Argos", "Superdrug", "IKEA")
TRANSPORT = ("TfL Travel Charge", "Trainline", "Uber", "Shell")
ONE_OFF = ("Currys", "Vets4Pets Emergency", "Ryanair", "DFS Furniture", "Kwik Fit")
CASH = "Cash machine Post Office"


@dataclass(frozen=True, slots=True)
class PlantedStream:
    """A stream put into the history, signed amounts; `dates` as paid (after any move)."""

    account: str
    direction: str  # "inflow" or "outflow"
    name: str  # the payee before references were added to it
    cadence: Cadence
    category: str
    kind: str
    dates: tuple[date, ...]
    amounts_minor: tuple[int, ...]
    ended: bool  # planted to stop before the end of the history
    price_change: tuple[int, int] | None  # (old, new) when a step was planted
    jitter: bool  # amounts wander (energy, overtime)


@dataclass(frozen=True, slots=True)
class PlantedShortfall:
    """The first day the account's closing balance goes under zero, and why."""

    account: str
    on: date
    cause: str  # one of CAUSES
    cause_on: date
    foreseeable: bool


@dataclass(frozen=True, slots=True)
class History:
    """One customer's generated movements over [start, end] with the truth planted in them."""

    customer: int
    start: date
    end: date
    main_account: str
    opening_minor: dict[str, int]  # balance of each account before `start`
    movements: tuple[Movement, ...]  # in time order
    streams: tuple[PlantedStream, ...]
    shortfalls: tuple[PlantedShortfall, ...]

    def closing_balances(self, account: str) -> list[int]:
        """The account's closing balance on each day from `start` to `end`."""
        net = [0] * ((self.end - self.start).days + 1)
        first = self.start.toordinal()
        for m in self.movements:
            if m.account == account:
                net[m.at.toordinal() - first] += m.amount_minor
        balance, out = self.opening_minor[account], []
        for amount in net:
            balance += amount
            out.append(balance)
        return out


@dataclass(eq=False)  # rows are removed by identity
class _Row:
    on: int  # date ordinal
    seconds: int
    amount: int
    account: str
    counterparty: str
    description: str
    kind: str
    category: str
    stream: int = -1  # index into the planted streams, -1 for noise


@dataclass
class _Plan:
    name: str
    account: str
    direction: str
    cadence: Cadence
    category: str
    kind: str
    rows: list[_Row] = field(default_factory=list)
    ended: bool = False
    price_change: tuple[int, int] | None = None
    jitter: bool = False


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _on_or_after(calendar: BusinessCalendar, day: date) -> date:
    while not calendar.is_business_day(day):
        day += timedelta(days=1)
    return day


class _Builder:
    """Collects one customer's rows; names are written the way the account's feed does."""

    def __init__(self, rng: random.Random, calendar: BusinessCalendar, start: date, end: date):
        self.rng, self.calendar, self.start, self.end = rng, calendar, start, end
        self.rows: list[_Row] = []
        self.plans: list[_Plan] = []
        self.external: set[str] = set()

    def names(self, account: str, name: str, kind: str, on: date, mandate: str | None
              ) -> tuple[str, str]:
        """(counterparty, description) as the account's statements show the payee."""
        rng = self.rng
        if account in self.external:  # another bank's feed: the description only, noisy
            style = rng.randrange(4)
            upper = name.upper()
            if style == 0:
                text = f"{upper} {mandate or rng.randrange(10**7, 10**8)}"
            elif style == 1:
                text = f"{upper} REF {rng.choice('ABCDEFGH')}{rng.randrange(10**5, 10**6)}"
            elif style == 2:
                text = f"{upper} {on.day:02d}{_MONTHS[on.month - 1]}"
            else:
                text = f"{name} {on.day:02d}/{on.month:02d}"
            return "", text
        if mandate:
            return f"{name.upper()} {mandate}", f"{name.upper()} {mandate}"
        if kind == "card_payment":
            return name, f"Card payment to {name}"
        return name, name

    def add(self, on: date, amount: int, account: str, name: str, kind: str, category: str,
            stream: int = -1, mandate: str | None = None, seconds: int | None = None) -> _Row:
        counterparty, description = self.names(account, name, kind, on, mandate)
        if seconds is None:
            seconds = self.rng.randrange(7 * 3600, 22 * 3600)
        row = _Row(on.toordinal(), seconds, amount, account, counterparty, description, kind,
                   category, stream)
        self.rows.append(row)
        return row

    def move(self, day: date, direction: str, kind: str) -> date:
        """Pay comes the working day before a holiday; debits and orders the day after."""
        if direction == "inflow":
            return self.calendar.on_or_before(day)
        if kind in ("direct_debit", "standing_order"):
            return _on_or_after(self.calendar, day)
        return day

    def schedule(self, cadence: Cadence, anchor: date, first: date, last: date,
                 day: int | None = None) -> list[date]:
        """Nominal dates of a cadence through `anchor` (on `day`), within [first, last]."""
        rule = RULE_OF[cadence]
        day = (day or anchor.day) if rule.months else None
        # Walk back to before `first`, then forward.
        on, k = anchor, 0
        while on >= first:
            k -= 1
            on = step(anchor, rule, day, k)
        dates = []
        while on <= last:
            if on >= first:
                dates.append(on)
            k += 1
            on = step(anchor, rule, day, k)
        return dates

    def plant(self, name: str, account: str, direction: str, cadence: Cadence, kind: str,
              category: str, amount: int, anchor: date, *, jitter: float = 0.0,
              first: date | None = None, last: date | None = None, change_at: int = 0,
              change_to: int = 0, mandate: str | None = None, day: int | None = None
              ) -> _Plan:
        """Plant a stream: nominal dates through `anchor`, moved off non-working days.

        `day` is the day of the month when it is past the anchor month's end (31: the last
        day); `last` ends the stream early (it is then planted as ended).
        """
        plan = _Plan(name, account, direction, cadence, category, kind,
                     ended=last is not None, jitter=jitter > 0)
        first, last = first or self.start, last or self.end
        index = len(self.plans)
        self.plans.append(plan)
        sign = 1 if direction == "inflow" else -1
        hour = 6 * 3600 if kind != "card_payment" else self.rng.randrange(1, 23) * 3600
        for n, nominal in enumerate(self.schedule(cadence, anchor, first, last, day)):
            paid = self.move(nominal, direction, kind)
            if not self.start <= paid <= self.end:
                continue
            price = change_to if change_at and n >= change_at else amount
            if jitter:
                price = int(price * (1 + self.rng.uniform(-jitter, jitter)))
            plan.rows.append(self.add(paid, sign * price, account, name, kind, category, index,
                                      mandate, hour + self.rng.randrange(3600)))
        if change_at and any(n >= change_at for n in range(len(plan.rows))):
            plan.price_change = (sign * amount, sign * change_to)
        return plan


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max(1, (last - first).days + 1)))


def _plant_streams(b: _Builder, account: str, salary: int) -> None:
    """Plant the main account's income, housing, bills, subscriptions and the rest."""
    rng, start, end = b.rng, b.start, b.end

    def anchor(day: int) -> date:
        return month_day(start.year, start.month, day)

    def life() -> tuple[date | None, date | None]:
        """Most streams run throughout; some start late, some end (never both)."""
        roll = rng.random()
        span = (end - start).days
        if roll < 0.12 and span > 150:  # cancelled: at least three payments, then gone
            return None, start + timedelta(days=rng.randrange(95, span - 45))
        if roll < 0.22:  # new: two or more payments by the end
            return start + timedelta(days=rng.randrange(span // 2, span - 60)), None
        return None, None

    # Pay.
    roll = rng.random()
    if roll < 0.62:
        day = rng.choice((1, 15, 20, 25, 25, 26, 27, 28))
        b.plant(rng.choice(EMPLOYERS), account, "inflow", Cadence.MONTHLY, "bank_transfer_in",
                "salary", salary, anchor(day), jitter=0.03 if rng.random() < 0.4 else 0.0)
    elif roll < 0.82:  # the last working day of the month
        b.plant(rng.choice(EMPLOYERS), account, "inflow", Cadence.MONTHLY, "bank_transfer_in",
                "salary", salary, anchor(31), jitter=0.03 if rng.random() < 0.3 else 0.0,
                day=31)
    elif roll < 0.91:
        friday = start + timedelta(days=(4 - start.weekday()) % 7)
        b.plant(rng.choice(WEEKLY_PAYERS), account, "inflow", Cadence.WEEKLY,
                "bank_transfer_in", "salary", salary * 12 // 52, friday, jitter=0.06)
    else:
        thursday = start + timedelta(days=(3 - start.weekday()) % 7 + rng.choice((0, 7)))
        b.plant(rng.choice(FORTNIGHTLY_PAYERS), account, "inflow", Cadence.FORTNIGHTLY,
                "bank_transfer_in", "salary", salary * 12 // 26, thursday)
    if rng.random() < 0.2:
        name, cadence = rng.choice(OTHER_INCOME)
        amount = rng.randrange(20_000, 60_000, 100)
        if cadence is Cadence.WEEKLY:
            amount //= 4
        b.plant(name, account, "inflow", cadence, "bank_transfer_in", "other_income", amount,
                anchor(rng.randint(1, 28)) if cadence is Cadence.MONTHLY
                else start + timedelta(days=rng.randrange(7)))

    # Housing and council tax.
    if rng.random() < 0.6:
        b.plant(rng.choice(LANDLORDS), account, "outflow", Cadence.MONTHLY, "standing_order",
                "housing", int(salary * rng.uniform(0.25, 0.36)) // 100 * 100,
                anchor(rng.choice((1, 1, 1, 28))))
    else:
        b.plant(rng.choice(LENDERS), account, "outflow", Cadence.MONTHLY, "direct_debit",
                "housing", int(salary * rng.uniform(0.2, 0.32)), anchor(rng.randint(1, 5)),
                mandate=str(rng.randrange(10**8, 10**9)))
    b.plant(rng.choice(COUNCILS), account, "outflow", Cadence.MONTHLY, "direct_debit",
            "bills_utilities", rng.randrange(11_000, 22_000), anchor(1))

    # Bills; energy wanders and sometimes steps with the price cap.
    energy = rng.randrange(6_000, 18_000, 100)
    step_at = rng.randrange(2, 5) if rng.random() < 0.2 else 0
    b.plant(rng.choice(ENERGY), account, "outflow", Cadence.MONTHLY, "direct_debit",
            "bills_utilities", energy, anchor(rng.randint(2, 28)), jitter=0.10,
            change_at=step_at, change_to=int(energy * rng.choice((0.75, 1.4))))
    if rng.random() < 0.7:
        b.plant(rng.choice(WATER), account, "outflow", Cadence.MONTHLY, "direct_debit",
                "bills_utilities", rng.randrange(2_800, 5_200, 10), anchor(rng.randint(2, 28)))
    else:
        b.plant(rng.choice(WATER) + " Quarterly", account, "outflow", Cadence.QUARTERLY,
                "direct_debit", "bills_utilities", rng.randrange(9_000, 15_000, 10),
                month_day(start.year, start.month + rng.randrange(3), rng.randint(2, 28)),
                jitter=0.04)
    mobile = rng.choice(MOBILE)
    b.plant(mobile, account, "outflow", Cadence.MONTHLY, "direct_debit", "bills_utilities",
            rng.randrange(1_000, 4_500), anchor(rng.randint(2, 28)))
    if rng.random() < 0.08:  # a second line at the same provider, another day and price
        b.plant(mobile, account, "outflow", Cadence.MONTHLY, "direct_debit",
                "bills_utilities", rng.randrange(5_000, 7_000), anchor(rng.randint(2, 28)))
    first, last = life()
    b.plant(rng.choice(BROADBAND), account, "outflow", Cadence.MONTHLY, "direct_debit",
            "bills_utilities", rng.randrange(2_500, 4_600), anchor(rng.randint(2, 28)),
            first=first, last=last)

    # Subscriptions by card: price rises, some cancelled, some new.
    for name, price in rng.sample(SUBSCRIPTIONS, rng.randint(0, 3)):
        first, last = life()
        change_at = rng.randrange(2, 5) if rng.random() < 0.3 else 0
        day = rng.randint(1, 31)
        b.plant(name, account, "outflow", Cadence.MONTHLY, "card_payment", "subscriptions",
                price, anchor(day), first=first, last=last, day=day,
                change_at=change_at, change_to=price + rng.choice((100, 200, 300)))
    if rng.random() < 0.25:
        b.plant(APPLE, account, "outflow", Cadence.MONTHLY, "card_payment", "subscriptions",
                rng.choice((99, 299, 899)), anchor(rng.randint(1, 28)))
        for _ in range(rng.randint(2, 8)):  # in-app purchases under the same name
            b.add(_random_day(rng, start, end), -rng.choice((79, 199, 449, 999, 1499)),
                  account, APPLE, "card_payment", "entertainment")
    if rng.random() < 0.4:
        name, price = rng.choice(GYMS)
        first, last = life()
        b.plant(name, account, "outflow", Cadence.MONTHLY, "direct_debit", "subscriptions",
                price, anchor(rng.randint(1, 28)), first=first, last=last)
    if rng.random() < 0.3:
        name, price = rng.choice(MONTHLY_INSURANCE)
        b.plant(name, account, "outflow", Cadence.MONTHLY, "direct_debit", "insurance", price,
                anchor(rng.randint(1, 28)))

    # Weekly, fortnightly, quarterly and annual payments.
    if rng.random() < 0.25:
        name, price, kind, category = rng.choice(WEEKLY_OUT)
        first, last = life()
        b.plant(name, account, "outflow", Cadence.WEEKLY, kind, category, price,
                start + timedelta(days=rng.randrange(7)), first=first, last=last,
                jitter=0.03 if kind == "card_payment" else 0.0)
    if rng.random() < 0.15:
        name, price, kind, category = rng.choice(FORTNIGHTLY_OUT)
        b.plant(name, account, "outflow", Cadence.FORTNIGHTLY, kind, category,
                price, start + timedelta(days=rng.randrange(14)))
    if rng.random() < 0.3:
        name, price = rng.choice(QUARTERLY)
        b.plant(name, account, "outflow", Cadence.QUARTERLY, "direct_debit", "subscriptions",
                price, month_day(start.year, start.month + rng.randrange(3),
                                 rng.randint(1, 28)))
    for name, price in rng.sample(ANNUAL, rng.choice((0, 1, 1, 2))):
        b.plant(name, account, "outflow", Cadence.ANNUAL, "direct_debit", "insurance",
                int(price * rng.uniform(0.7, 1.3)),
                month_day(start.year, start.month + rng.randrange(12), rng.randint(1, 28)))


def _plant_noise(b: _Builder, account: str) -> None:
    """Day-to-day spending that repeats payees but is no stream."""
    rng, start, end = b.rng, b.start, b.end
    supermarket = rng.choice(SUPERMARKETS)
    shop_weekday = rng.randrange(7)
    big_shop = rng.randrange(4_000, 11_000)
    coffee = rng.sample(COFFEE_SHOPS, 2)
    drink = rng.choice((285, 310, 345, 395))
    coffee_p = rng.choice((0.1, 0.3, 0.5, 0.7))
    commuter = rng.random() < 0.5
    fare = rng.choice((280, 320, 550))
    eat_p, shop_p, cash_p = rng.uniform(0.1, 0.35), rng.uniform(0.1, 0.35), rng.uniform(0, 0.1)
    day = start
    one = timedelta(days=1)
    while day <= end:
        weekday = day.weekday()
        if weekday == shop_weekday and rng.random() < 0.9:
            when = day + timedelta(days=rng.choice((0, 0, 0, 1, -1)))
            store = supermarket if rng.random() < 0.85 else rng.choice(SUPERMARKETS)
            if start <= when <= end:
                b.add(when, -int(big_shop * rng.uniform(0.55, 1.45)), account, store,
                      "card_payment", "groceries")
        if rng.random() < 0.35:
            b.add(day, -rng.randrange(300, 2_500), account, rng.choice(TOP_UP_SHOPS),
                  "card_payment", "groceries")
        if weekday < 5 and rng.random() < coffee_p:
            b.add(day, -drink, account, rng.choice(coffee), "card_payment", "coffee")
        if commuter and weekday < 5 and rng.random() < 0.7:
            b.add(day, -fare, account, TRANSPORT[0], "card_payment", "transport")
        elif rng.random() < 0.2:
            b.add(day, -rng.randrange(300, 6_000), account, rng.choice(TRANSPORT[1:]),
                  "card_payment", "transport")
        if rng.random() < eat_p:
            b.add(day, -rng.randrange(1_200, 6_000), account, rng.choice(EATING_OUT),
                  "card_payment", "eating_out")
        if rng.random() < shop_p:
            b.add(day, -rng.randrange(500, 8_000), account, rng.choice(SHOPS),
                  "card_payment", "shopping")
        if rng.random() < cash_p:
            b.add(day, -rng.choice((2_000, 4_000, 5_000, 10_000)), account, CASH,
                  "cash_withdrawal", "cash")
        if rng.random() < 0.015:
            b.add(day, -rng.randrange(8_000, 40_000), account, rng.choice(ONE_OFF),
                  "card_payment", "shopping")
        if rng.random() < 0.03:
            b.add(day, rng.randrange(500, 5_000), account, rng.choice(SHOPS),
                  "card_payment", "shopping")  # a refund
        day += one


def _cumulative(rows: list[_Row], account: str, start: int, days: int) -> list[int]:
    net = [0] * days
    for row in rows:
        if row.account == account:
            net[row.on - start] += row.amount
    total, out = 0, []
    for amount in net:
        total += amount
        out.append(total)
    return out


def _opening_for(cumulative: list[int], until: int, buffer: int) -> int:
    """The least opening balance that keeps every closing balance before `until` >= buffer."""
    return buffer - min(cumulative[:until], default=0)


def _first_under(cumulative: list[int], opening: int, since: int, until: int) -> int | None:
    for i in range(since, min(until, len(cumulative))):
        if opening + cumulative[i] < 0:
            return i
    return None


def _plant_bill(b: _Builder, account: str, cause: str, te: date, opening_buffer: int
                ) -> tuple[int, _Plan] | None:
    """Plant a large bill that tips the balance under zero on `te`; (opening, plan) or None.

    The balance is linear in the bill's amount X: the least X that goes under zero at te
    while every earlier day stays above the buffer is found by bisection (the margin by
    which it goes under decreases with X, so the search is monotone).
    """
    rng, start = b.rng, b.start.toordinal()
    days = (b.end - b.start).days + 1
    base = _cumulative(b.rows, account, start, days)
    if cause == "one_off":
        units = [(te, 1.0)]
        name, cadence = rng.choice(ONE_OFF), None
    else:
        name, cadence = rng.choice([(n, c) for n, c in BIG_BILLS
                                    if c is (Cadence.ANNUAL if cause == "annual_bill"
                                             else Cadence.QUARTERLY)])
        rule = RULE_OF[cadence]
        earlier = []
        k = 1
        while True:
            on = step(te, rule, te.day, -k)
            if on < b.start:
                break
            earlier.append(on)
            k += 1
        rise = 1.07 if cadence is Cadence.ANNUAL else 1.0  # insurers put renewals up
        units = [(te, 1.0)] + [(on, rise ** -(i + 1)) for i, on in enumerate(earlier)]
    vector = [0.0] * days
    for on, weight in units:
        vector[on.toordinal() - start] -= weight
    cum_vector, total = [], 0.0
    for v in vector:
        total += v
        cum_vector.append(total)
    cut = te.toordinal() - start

    def margin(x: int) -> int:  # the balance on te (opening chosen for x), to go under 0
        low = min((base[i] + int(x * cum_vector[i]) for i in range(cut)), default=0)
        return opening_buffer - low + base[cut] + int(x * cum_vector[cut])

    lo, hi = 0, 2_000_000
    if margin(hi) >= 0:
        return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if margin(mid) < 0:
            hi = mid
        else:
            lo = mid
    amount = max(hi + rng.randrange(2_000, 25_000), 30_000)
    if amount > 450_000:
        return None
    kind = "card_payment" if cause == "one_off" else "direct_debit"
    category = "shopping" if cause == "one_off" else "insurance" if cadence is \
        Cadence.ANNUAL else "housing"
    plan = _Plan(name, account, "outflow", cadence or Cadence.ANNUAL, category, kind)
    index = len(b.plans)
    for on, weight in sorted(units):
        row = b.add(on, -int(amount * weight), account, name, kind, category,
                    index if cause != "one_off" else -1, seconds=5 * 3600)
        plan.rows.append(row)
    if cause != "one_off":
        b.plans.append(plan)
    cumulative = _cumulative(b.rows, account, start, days)
    return _opening_for(cumulative, cut, opening_buffer), plan


def _plant_shortfall(b: _Builder, account: str, cause: str, window: tuple[date, date],
                     buffer: int) -> tuple[int, PlantedShortfall] | None:
    """Plant one shortfall on the account in `window`; (opening balance, truth) or None."""
    rng, start = b.rng, b.start.toordinal()
    days = (b.end - b.start).days + 1
    first, last = window
    if cause == "missed_salary":
        pay = next((p for p in b.plans if p.account == account and p.category == "salary"),
                   None)
        if pay is None or pay.cadence is not Cadence.MONTHLY:
            return None
        for row in rng.sample(pay.rows, len(pay.rows)):
            missed = date.fromordinal(row.on)
            if not first <= missed <= last:
                continue
            b.rows.remove(row)
            cumulative = _cumulative(b.rows, account, start, days)
            cut = row.on - start
            opening = _opening_for(cumulative, cut, buffer)
            under = _first_under(cumulative, opening, cut, cut + 27)
            if under is not None and start + under <= last.toordinal() + 14:
                pay.rows.remove(row)
                return opening, PlantedShortfall(account, date.fromordinal(start + under),
                                                 cause, missed, True)
            b.rows.append(row)
        return None
    if cause != "one_off":  # paid twice before, so that it is a stream by then
        months = 24 if cause == "annual_bill" else 6
        first = max(first, month_day(b.start.year, b.start.month + months, b.start.day)
                    + timedelta(days=7))
        if first > last:
            return None
    te = _random_day(rng, first, last)
    planted = _plant_bill(b, account, cause, te, buffer)
    if planted is None:
        return None
    opening, _plan = planted
    return opening, PlantedShortfall(account, te, cause, te, cause in FORESEEABLE)


def _second_account(b: _Builder, account: str) -> int:
    """A joint bills account at another bank: the partner's transfer in, a few bills out."""
    rng, start = b.rng, b.start
    b.external.add(account)
    share = rng.randrange(60_000, 150_000, 1_000)
    b.plant("Partner J Doe", account, "inflow", Cadence.MONTHLY, "standing_order", "other",
            share, month_day(start.year, start.month, rng.randint(1, 28)))
    b.plant(rng.choice(ENERGY), account, "outflow", Cadence.MONTHLY, "direct_debit",
            "bills_utilities", rng.randrange(8_000, 16_000), month_day(
                start.year, start.month, rng.randint(2, 28)), jitter=0.08)
    b.plant(rng.choice(BROADBAND), account, "outflow", Cadence.MONTHLY, "direct_debit",
            "bills_utilities", rng.randrange(2_500, 4_600),
            month_day(start.year, start.month, rng.randint(2, 28)))
    name, price = rng.choice(SUBSCRIPTIONS)
    b.plant(name, account, "outflow", Cadence.MONTHLY, "card_payment", "subscriptions", price,
            month_day(start.year, start.month, rng.randint(1, 28)))
    for _ in range(rng.randint(3, 12)):
        b.add(_random_day(rng, b.start, b.end), -rng.randrange(1_000, 9_000), account,
              rng.choice(SUPERMARKETS), "card_payment", "groceries")
    days = (b.end - b.start).days + 1
    cumulative = _cumulative(b.rows, account, start.toordinal(), days)
    return _opening_for(cumulative, days, rng.randrange(20_000, 100_000))


def _budget(b: _Builder, account: str, noise_from: int, months: float) -> None:
    """Scale the day-to-day spending to what is left of the income, then save the rest."""
    rng = b.rng
    income = sum(r.amount for r in b.rows if r.account == account and r.amount > 0)
    committed = -sum(r.amount for r in b.rows[:noise_from]
                     if r.account == account and r.amount < 0)
    noise = -sum(r.amount for r in b.rows[noise_from:]
                 if r.account == account and r.amount < 0 and r.stream < 0)
    left = income - committed
    target = max(int(left * rng.uniform(0.4, 0.9)), int(income * 0.08))
    if noise > 0:
        scale = target / noise
        for row in b.rows[noise_from:]:
            if row.account == account and row.amount < 0 and row.stream < 0:
                row.amount = min(-1, int(row.amount * scale))
    monthly = (left - target) / months
    if monthly >= 2_000:
        pay = next((p for p in b.plans if p.category == "salary"), None)
        day = date.fromordinal(pay.rows[-1].on).day if pay and pay.rows else 1
        day = day + 1 if day < 28 else 1  # the day after pay
        b.plant("Savings Pot", account, "outflow", Cadence.MONTHLY, "standing_order",
                "savings_investments", int(monthly * rng.uniform(0.9, 1.0)) // 1_000 * 1_000,
                month_day(b.start.year, b.start.month, day))


def generate_history(customer: int, *, seed: int, end: date, months: int,
                     calendar: BusinessCalendar, cause: str | None = None,
                     shortfall_window: tuple[date, date] | None = None,
                     second_account: bool | None = None) -> History:
    """Return one customer's history over the `months` before `end` (inclusive).

    `cause` plants one shortfall (see CAUSES) on the main account with its first day in
    `shortfall_window` (default: the last 120 days but 20), when the history allows it: an
    annual bill needs ANNUAL_MONTHS of history (more are generated); a missed salary needs
    monthly pay that, missing, takes the balance under. When it cannot be planted the
    customer simply has no shortfall (`History.shortfalls` is the truth).
    """
    rng = random.Random(seed * 1_000_003 + customer)
    if cause == "annual_bill":
        months = max(months, ANNUAL_MONTHS)
    start = month_day(end.year, end.month - months, end.day) + timedelta(days=1)
    b = _Builder(rng, calendar, start, end)
    main = f"ours:{customer}"
    salary = rng.randrange(160_000, 600_000, 100)
    _plant_streams(b, main, salary)
    noise_from = len(b.rows)
    _plant_noise(b, main)
    _budget(b, main, noise_from, months)
    openings: dict[str, int] = {}
    if second_account if second_account is not None else rng.random() < 0.2:
        other = f"external:{customer}"
        openings[other] = _second_account(b, other)
    days = (end - start).days + 1
    buffer = rng.choice((2_000, 5_000, 10_000, 20_000, 40_000, 80_000))
    shortfalls: tuple[PlantedShortfall, ...] = ()
    planted = None
    if cause is not None:
        window = shortfall_window or (end - timedelta(days=120), end - timedelta(days=20))
        planted = _plant_shortfall(b, main, cause, window, buffer)
    cumulative = _cumulative(b.rows, main, start.toordinal(), days)
    if planted is None:
        openings[main] = _opening_for(cumulative, days, buffer)
    else:
        opening, shortfall = planted
        openings[main] = opening
        shortfalls = (shortfall,)
        # Topped up from savings two days later: one dip, then back above the buffer.
        back = shortfall.on.toordinal() - start.toordinal() + 2
        if back < days:
            low = min(opening + c for c in cumulative[back:])
            if low < buffer:
                b.add(date.fromordinal(start.toordinal() + back), buffer - low + 5_000, main,
                      "Transfer from savings", "bank_transfer_in", "own_transfer",
                      seconds=9 * 3600)
    b.rows.sort(key=lambda r: (r.on, r.seconds))
    movements = tuple(
        Movement(_EPOCH + timedelta(days=r.on - _EPOCH_ORDINAL, seconds=r.seconds), r.amount,
                 "GBP", r.description, r.counterparty, r.account, r.kind, r.category)
        for r in b.rows)
    streams = tuple(
        PlantedStream(p.account, p.direction, p.name, p.cadence, p.category, p.kind,
                      tuple(date.fromordinal(r.on) for r in sorted(p.rows, key=lambda r: r.on)),
                      tuple(r.amount for r in sorted(p.rows, key=lambda r: r.on)),
                      p.ended, p.price_change, p.jitter)
        for p in b.plans if p.rows)
    return History(customer, start, end, main, openings, movements, streams, shortfalls)


def generate_histories(count: int, *, seed: int, end: date, months: int,
                       shortfall_share: float = 0.5, first: int = 0,
                       calendar: BusinessCalendar | None = None,
                       shortfall_window: tuple[date, date] | None = None) -> Iterator[History]:
    """Yield `count` histories (customers first .. first+count-1), a share with a shortfall."""
    calendar = calendar or BusinessCalendar("GB", "ENG")
    for customer in range(first, first + count):
        picker = random.Random(seed * 7_919 + customer)
        cause = None
        if picker.random() < shortfall_share:
            cause = picker.choices(CAUSES, weights=CAUSE_WEIGHTS)[0]
        yield generate_history(customer, seed=seed, end=end, months=months,
                               calendar=calendar, cause=cause,
                               shortfall_window=shortfall_window)
