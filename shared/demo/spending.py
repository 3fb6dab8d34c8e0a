"""Plan a customer's months of transactions: salary, housing, bills, shops, savings, cash.

Pure functions over a seeded ``random.Random``: nothing here touches the database. Balances
follow the customer's side of the ledger: positive is money the bank owes the customer, a
credit card or mortgage balance is negative, and the bank's own cash (vault, kiosk
cassettes) is negative while it holds notes. Every planned transaction has two postings
that sum to zero.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from shared.models.enums import Tier

# Transaction kinds (LedgerTransaction.kind) the demo uses.
KIND_OPENING = "opening_balance"
KIND_CREDIT = "bank_transfer_in"
KIND_DIRECT_DEBIT = "direct_debit"
KIND_STANDING_ORDER = "standing_order"
KIND_CARD = "card_payment"
KIND_TRANSFER = "transfer"
KIND_CASH = "cash_withdrawal"
KIND_CASH_MOVEMENT = "cash_movement"

SUPERMARKETS = ("Tesco", "Sainsbury's", "Lidl", "Aldi", "Asda", "Morrisons", "Waitrose",
                "Co-op", "M&S Food")
TOP_UP_SHOPS = ("Tesco Express", "Sainsbury's Local", "Co-op", "M&S Simply Food", "Spar")
COFFEE_SHOPS = ("Pret A Manger", "Costa Coffee", "Caffè Nero", "Starbucks", "Greggs",
                "Joe & The Juice", "Black Sheep Coffee", "Boston Tea Party")
EATING_OUT = ("Nando's", "Wagamama", "Dishoom", "PizzaExpress", "Wetherspoon", "Leon",
              "Itsu", "Honest Burgers", "The Red Lion")
SHOPS = ("Amazon", "Boots", "John Lewis", "Primark", "Argos", "Superdrug", "Waterstones",
         "IKEA", "Uniqlo")
TRANSPORT = ("TfL Travel Charge", "Trainline", "Uber", "Shell", "National Express",
             "Bee Network")
ENERGY = ("Octopus Energy", "British Gas", "EDF Energy", "OVO Energy", "E.ON Next")
WATER = ("Thames Water", "United Utilities", "Severn Trent", "Yorkshire Water")
MOBILE = ("EE", "Vodafone", "O2", "Three", "giffgaff")
BROADBAND = ("BT Broadband", "Sky Broadband", "Virgin Media", "TalkTalk", "Hyperoptic")
STREAMING = (("Netflix", 1099), ("Spotify", 1199), ("Disney+", 799), ("Amazon Prime", 899),
             ("Apple Music", 1099))
LETTING_AGENTS = ("Foxtons Lettings", "Savills Lettings", "Northwood Lettings",
                  "Greystar Residential", "Private landlord", "Clarion Housing")
ATMS = ("Cash machine: Post Office", "Cash machine: Co-op", "Cash machine: Sainsbury's",
        "Cash machine: Euronet")
EMPLOYERS = {
    Tier.STANDARD: ("NHS Foundation Trust", "Tesco Stores Ltd", "Transport for London",
                    "Royal Mail Group", "City Council", "Greggs plc", "Amazon UK Services",
                    "University of Manchester", "John Lewis Partnership", "Network Rail",
                    "Department for Work and Pensions", "Compass Group UK"),
    Tier.PREMIER: ("Arup Group", "Deloitte LLP", "BBC", "AstraZeneca UK", "Rolls-Royce plc",
                   "Accenture UK", "Ordnance Survey", "Kings College London"),
    Tier.PRIVATE: ("Linklaters LLP", "Hawthorn Capital Partners", "Marlow Dental Group",
                   "Ashdown Architects Ltd"),
}
SALARY_RANGE = {  # monthly, net, in pence
    Tier.STANDARD: (1_550_00, 3_300_00),
    Tier.PREMIER: (4_000_00, 7_500_00),
    Tier.PRIVATE: (9_000_00, 21_000_00),
}
PENSION_PAYERS = ("State Pension (DWP)", "Aviva pension", "Legal & General pension",
                  "NHS Pensions", "Teachers' Pensions", "Royal Mail Pension Plan")
PENSION_RANGE = {  # monthly, pence
    Tier.STANDARD: (1_000_00, 2_200_00),
    Tier.PREMIER: (2_500_00, 4_800_00),
    Tier.PRIVATE: (6_000_00, 15_000_00),
}
CASH_AMOUNTS = (2000, 3000, 4000, 5000, 6000, 8000, 10000, 15000, 20000)


@dataclass(frozen=True)
class CustomerAccounts:
    """The account numbers a customer holds (None where they hold no such account)."""

    current: str
    savings: str | None = None
    credit_card: str | None = None
    mortgage: str | None = None


@dataclass(frozen=True)
class CashPoint:
    """A kiosk the customer may withdraw cash at: its device code and cash account number."""

    device_code: str
    account: str


@dataclass(frozen=True)
class SpendingProfile:
    tier: Tier
    salary_day: int
    council: str
    accounts: CustomerAccounts
    overdraft_limit_minor: int
    credit_limit_minor: int
    mortgage_principal_minor: int
    kiosks: tuple[CashPoint, ...]
    retired: bool = False


@dataclass(frozen=True)
class PlannedTransaction:
    created_at: datetime
    kind: str
    category: str
    description: str
    counterparty: str
    amount_minor: int
    # (account number, signed amount); they sum to zero.
    postings: tuple[tuple[str, int], tuple[str, int]]
    device_code: str | None = None


@dataclass(order=True)
class _Event:
    at: datetime
    seq: int
    kind: str = field(compare=False)
    category: str = field(compare=False)
    description: str = field(compare=False)
    counterparty: str = field(compare=False)
    amount_minor: int = field(compare=False)
    source: str = field(compare=False)  # account number money leaves
    target: str = field(compare=False)  # account number money arrives at
    device_code: str | None = field(default=None, compare=False)
    # How to settle a credit card: the amount is computed when the event is applied.
    card_repayment: bool = field(default=False, compare=False)


def months_before(moment: datetime, months: int) -> datetime:
    """Return the same wall time `months` calendar months earlier (day clamped to 28+)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _working_day_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _month_days(start: date, end: date, day_of_month: int) -> list[date]:
    """Return the given day of every month whose date falls within [start, end]."""
    days = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        candidate = date(year, month, day_of_month)
        if start <= candidate <= end:
            days.append(candidate)
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return days


def plan_customer(
    rng: random.Random,
    profile: SpendingProfile,
    clearing: str,
    start: datetime,
    now: datetime,
) -> list[PlannedTransaction]:
    """Return the customer's transactions in [start, now], in time order, within limits."""
    accounts = profile.accounts
    openings = opening_balances(rng, profile, clearing, start)
    events: list[_Event] = []

    def add(at, kind, category, description, counterparty, amount, source, target, **extra):
        if start < at <= now and amount > 0:
            events.append(_Event(at, len(events), kind, category, description, counterparty,
                                 amount, source, target, **extra))

    first, last = start.date(), now.date()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    tier = profile.tier
    if profile.retired:
        low, high = PENSION_RANGE[tier]
        employer = rng.choice(PENSION_PAYERS)
        income_label = "Pension"
    else:
        low, high = SALARY_RANGE[tier]
        employer = rng.choice(EMPLOYERS[tier])
        income_label = "Salary"
    salary = rng.randrange(low, high, 100)
    if employer == "City Council":
        employer = profile.council

    # Monthly: salary, housing, bills, savings, credit card repayment.
    for day in _month_days(first, last, profile.salary_day):
        paid = _working_day_on_or_before(day)
        add(_at(paid, 6, 0), KIND_CREDIT, "income", f"{income_label} from {employer}", employer,
            salary + rng.randrange(-2000, 2001, 100), clearing, accounts.current)
        if accounts.savings:
            saving = rng.choice((5000, 10000, 20000, 25000, 50000))
            if tier != Tier.STANDARD:
                saving *= 4
            add(_at(paid + timedelta(days=1), 7, 30), KIND_STANDING_ORDER, "savings",
                "Monthly saving", "Own savings account", saving, accounts.current,
                accounts.savings)

    housing_share = rng.uniform(0.25, 0.38)
    landlord = rng.choice(LETTING_AGENTS)
    housing = int(salary * housing_share) // 100 * 100
    if accounts.mortgage:
        mortgage_payment = max(45_000, profile.mortgage_principal_minor // 240 // 100 * 100)
    for day in _month_days(first, last, 1):
        if accounts.mortgage:
            add(_at(day, 5, 0), KIND_DIRECT_DEBIT, "housing", "Mortgage payment",
                "SmartBranch Mortgages", mortgage_payment, accounts.current, accounts.mortgage)
        else:
            add(_at(day, 5, 0), KIND_STANDING_ORDER, "housing", "Rent", landlord, housing,
                accounts.current, clearing)

    bills = [
        (rng.choice(ENERGY), rng.randrange(6000, 18000, 100), rng.randint(2, 28), "Energy"),
        (rng.choice(WATER), rng.randrange(2800, 5200, 10), rng.randint(2, 28), "Water"),
        (profile.council, rng.randrange(11000, 22000, 1), 1, "Council tax"),
        (rng.choice(MOBILE), rng.randrange(1000, 4500, 1), rng.randint(2, 28), "Mobile phone"),
        (rng.choice(BROADBAND), rng.randrange(2500, 4600, 1), rng.randint(2, 28), "Broadband"),
    ]
    for name, price in rng.sample(STREAMING, rng.randint(0, 3)):
        bills.append((name, price, rng.randint(2, 28), "Subscription"))
    for counterparty, amount, bill_day, label in bills:
        for day in _month_days(first, last, bill_day):
            add(_at(day, 6, 30), KIND_DIRECT_DEBIT, "bills", f"{label}: {counterparty}",
                counterparty, amount, accounts.current, clearing)

    if accounts.credit_card:
        for day in _month_days(first, last, 22):
            add(_at(day, 8, 0), KIND_TRANSFER, "credit_card", "Credit card repayment",
                "Own credit card", 1, accounts.current, accounts.credit_card,
                card_repayment=True)

    # Day by day: groceries, coffee, eating out, shopping, transport, cash.
    scale = {Tier.STANDARD: 1.0, Tier.PREMIER: 1.6, Tier.PRIVATE: 2.5}[tier]
    supermarket = rng.choice(SUPERMARKETS)
    shop_weekday = rng.randint(0, 6)
    coffee_shops = rng.sample(COFFEE_SHOPS, 2)
    coffee_per_week = rng.choice((0, 1, 2, 3, 3, 4, 5))
    eating_per_week = rng.choice((0, 1, 1, 2))
    shopping_per_week = rng.choice((0, 1, 1, 2))
    transport_per_week = rng.choice((0, 0, 1, 2, 3))
    cash_per_month = rng.choice((0, 0, 1, 1, 2, 3))
    card_share = rng.uniform(0.3, 0.7) if accounts.credit_card else 0.0

    def pay_by_card(at, category, counterparty, amount):
        source = accounts.current
        if rng.random() < card_share:
            source = accounts.credit_card
        add(at, KIND_CARD, category, f"Card payment to {counterparty}", counterparty, amount,
            source, clearing)

    for day in days:
        weekday = day.weekday()
        if weekday == shop_weekday:
            store = supermarket if rng.random() < 0.85 else rng.choice(SUPERMARKETS)
            amount = int(rng.randrange(3500, 12500) * scale)
            pay_by_card(_at(day, rng.randint(9, 19), rng.randint(0, 59)), "groceries", store,
                        amount)
        if rng.random() < 1 / 7:
            pay_by_card(_at(day, rng.randint(12, 21), rng.randint(0, 59)), "groceries",
                        rng.choice(TOP_UP_SHOPS), rng.randrange(350, 2500))
        if weekday < 5 and rng.random() < coffee_per_week / 5:
            hour = rng.choice((7, 8, 8, 9, 10, 13, 15))
            pay_by_card(_at(day, hour, rng.randint(0, 59)), "coffee", rng.choice(coffee_shops),
                        rng.randrange(240, 525, 5))
        if rng.random() < eating_per_week / 7:
            pay_by_card(_at(day, rng.randint(12, 21), rng.randint(0, 59)), "eating_out",
                        rng.choice(EATING_OUT), int(rng.randrange(1200, 6000) * scale))
        if rng.random() < shopping_per_week / 7:
            pay_by_card(_at(day, rng.randint(9, 22), rng.randint(0, 59)), "shopping",
                        rng.choice(SHOPS), int(rng.randrange(600, 8000) * scale))
        if rng.random() < transport_per_week / 7:
            pay_by_card(_at(day, rng.randint(6, 20), rng.randint(0, 59)), "transport",
                        rng.choice(TRANSPORT), rng.randrange(280, 4500))
        if rng.random() < cash_per_month / 30:
            amount = rng.choice(CASH_AMOUNTS)
            at = _at(day, rng.randint(8, 19), rng.randint(0, 59))
            if profile.kiosks and rng.random() < 0.6:
                kiosk = rng.choice(profile.kiosks)
                add(at, KIND_CASH, "cash", f"Cash withdrawal at kiosk {kiosk.device_code}",
                    kiosk.device_code, amount, accounts.current, kiosk.account,
                    device_code=kiosk.device_code)
            else:
                atm = rng.choice(ATMS)
                add(at, KIND_CASH, "cash", atm, atm.split(": ", 1)[1], amount,
                    accounts.current, clearing)

    return openings + _apply_limits(sorted(events), profile, openings)


def _apply_limits(
    events: list[_Event], profile: SpendingProfile, openings: list[PlannedTransaction]
) -> list[PlannedTransaction]:
    """Keep each event in time order only if it leaves the paying account within its limit."""
    accounts = profile.accounts
    floors = {accounts.current: -profile.overdraft_limit_minor}
    balances = {accounts.current: 0}
    if accounts.savings:
        floors[accounts.savings] = 0
        balances[accounts.savings] = 0
    if accounts.credit_card:
        floors[accounts.credit_card] = -profile.credit_limit_minor
        balances[accounts.credit_card] = 0
    if accounts.mortgage:
        floors[accounts.mortgage] = -profile.mortgage_principal_minor
        balances[accounts.mortgage] = 0

    for opening in openings:
        number, amount = opening.postings[1]
        balances[number] += amount

    planned: list[PlannedTransaction] = []
    for event in events:
        amount = event.amount_minor
        if event.card_repayment:
            owed = -balances[event.target]
            amount = owed
            if balances[event.source] - owed < floors[event.source]:
                amount = min(owed, max(2500, owed // 20))
        if amount <= 0:
            continue
        if event.source in balances and balances[event.source] - amount < floors[event.source]:
            continue  # declined or returned unpaid: never below the limit
        if event.source in balances:
            balances[event.source] -= amount
        if event.target in balances:
            balances[event.target] += amount
        planned.append(PlannedTransaction(
            event.at, event.kind, event.category, event.description, event.counterparty,
            amount, ((event.source, -amount), (event.target, amount)), event.device_code,
        ))
    return planned


def opening_balances(
    rng: random.Random, profile: SpendingProfile, clearing: str, start: datetime
) -> list[PlannedTransaction]:
    """Return the balances brought forward at the start of the window."""
    accounts = profile.accounts
    low, high = SALARY_RANGE[profile.tier]
    rows = [(accounts.current, rng.randrange(low // 4, high, 100), "Current account")]
    if accounts.savings:
        rows.append((accounts.savings, rng.randrange(50_000, high * 6, 100), "Savings"))
    if accounts.credit_card:
        rows.append((accounts.credit_card, -rng.randrange(0, profile.credit_limit_minor // 3, 100),
                     "Credit card"))
    if accounts.mortgage:
        rows.append((accounts.mortgage, -profile.mortgage_principal_minor, "Mortgage"))
    planned = []
    for number, amount, label in rows:
        if amount == 0:
            continue
        planned.append(PlannedTransaction(
            start, KIND_OPENING, "opening_balance", f"{label}: balance brought forward",
            "Balance brought forward", abs(amount), ((clearing, -amount), (number, amount)),
        ))
    return planned
