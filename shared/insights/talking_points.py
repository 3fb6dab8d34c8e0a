"""Two or three things worth saying to a customer, derived from their own transactions."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Account, LedgerTransaction, Posting
from shared.models.enums import AccountKind

LOOKBACK = timedelta(days=100)
RECURRING_KINDS = ("direct_debit", "standing_order")
# A recurring payment is "large" at a fifth of the monthly income, or £500 without income.
LARGE_SHARE_OF_INCOME = 0.2
LARGE_WITHOUT_INCOME_MINOR = 50_000
SAVINGS_FIT_MIN_SURPLUS_MINOR = 30_000


@dataclass(frozen=True)
class TalkingPoint:
    """One suggestion: a machine code, the sentence to show, and the figures behind it."""

    code: str
    text: str
    detail: dict


@dataclass(frozen=True)
class _Movement:
    at: datetime
    kind: str
    category: str
    counterparty: str
    amount_minor: int  # signed, as seen from the customer's account


def pounds(minor: int) -> str:
    """Format minor units as pounds for a sentence (no pence above £100)."""
    value = abs(minor) / 100
    return f"£{value:,.0f}" if value >= 100 else f"£{value:,.2f}"


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _movements(session: Session, account_ids: list[int], since: datetime) -> list[_Movement]:
    if not account_ids:
        return []
    rows = session.execute(
        select(
            LedgerTransaction.created_at,
            LedgerTransaction.kind,
            LedgerTransaction.category,
            LedgerTransaction.counterparty,
            Posting.amount_minor,
        )
        .join(Posting, Posting.transaction_id == LedgerTransaction.id)
        .where(Posting.account_id.in_(account_ids), LedgerTransaction.created_at >= since)
    ).all()
    return [_Movement(*row) for row in rows]


def salary_point(movements: list[_Movement], now: datetime) -> TalkingPoint | None:
    """The day income usually lands, and how soon the next one is."""
    income = [m for m in movements if m.category == "income" and m.amount_minor > 0]
    if len(income) < 2:
        return None
    day, _ = Counter(m.at.day for m in income).most_common(1)[0]
    payer, _ = Counter(m.counterparty for m in income).most_common(1)[0]
    monthly = sum(m.amount_minor for m in income) // max(1, len({(m.at.year, m.at.month)
                                                                for m in income}))
    days_to = (day - now.day) % 31
    when = "today" if days_to == 0 else ("tomorrow" if days_to == 1 else f"in {days_to} days")
    text = f"Income from {payer} usually lands on the {_ordinal(day)} ({when}), about " \
           f"{pounds(monthly)} a month."
    return TalkingPoint("salary_day", text, {"day": day, "payer": payer,
                                             "monthly_minor": monthly, "days_to": days_to})


def recurring_point(movements: list[_Movement], monthly_income: int) -> TalkingPoint | None:
    """The largest payment that repeats every month to the same counterparty."""
    by_payee: dict[tuple[str, str], list[_Movement]] = defaultdict(list)
    for m in movements:
        if m.kind in RECURRING_KINDS and m.amount_minor < 0 and m.category != "savings":
            by_payee[(m.counterparty, m.category)].append(m)
    recurring = [
        (payee, -sum(m.amount_minor for m in ms) // len(ms))
        for payee, ms in by_payee.items()
        if len({(m.at.year, m.at.month) for m in ms}) >= 2
    ]
    if not recurring:
        return None
    (payee, category), average = max(recurring, key=lambda item: item[1])
    floor = monthly_income * LARGE_SHARE_OF_INCOME if monthly_income else LARGE_WITHOUT_INCOME_MINOR
    if average < floor:
        return None
    text = f"Pays {payee} about {pounds(average)} a month ({category.replace('_', ' ')})."
    return TalkingPoint("large_recurring", text, {"payee": payee, "category": category,
                                                  "monthly_minor": average})


def product_point(
    kinds: set[AccountKind], movements: list[_Movement], monthly_income: int, interests: str
) -> TalkingPoint | None:
    """A product the customer lacks that their money already points to."""
    months = max(1, len({(m.at.year, m.at.month) for m in movements}))
    rent = [m for m in movements if m.category == "housing" and m.amount_minor < 0]
    if rent and AccountKind.MORTGAGE not in kinds:
        paid = -sum(m.amount_minor for m in rent) // months
        return TalkingPoint(
            "product_mortgage",
            f"Rents at about {pounds(paid)} a month and has no mortgage: a mortgage "
            "conversation may fit.",
            {"rent_monthly_minor": paid},
        )
    spent = -sum(m.amount_minor for m in movements if m.amount_minor < 0) // months
    surplus = monthly_income - spent
    if AccountKind.SAVINGS not in kinds and surplus >= SAVINGS_FIT_MIN_SURPLUS_MINOR:
        return TalkingPoint(
            "product_savings",
            f"Keeps about {pounds(surplus)} a month unspent and has no savings account: "
            "a regular saver fits.",
            {"surplus_monthly_minor": surplus},
        )
    if AccountKind.CREDIT_CARD not in kinds and "travel" in interests.lower():
        return TalkingPoint(
            "product_travel_card",
            "Interested in travel and holds no credit card: our fee-free travel card fits.",
            {"interests": interests},
        )
    return None


def talking_points(
    session: Session, customer_id: int, now: datetime, interests: str = ""
) -> list[TalkingPoint]:
    """Return up to three talking points from the customer's last months of transactions."""
    accounts = session.execute(
        select(Account.id, Account.kind).where(
            Account.customer_id == customer_id, Account.closed_at.is_(None)
        )
    ).all()
    movements = _movements(session, [a.id for a in accounts], now - LOOKBACK)
    points = []
    salary = salary_point(movements, now)
    if salary is not None:
        points.append(salary)
    monthly_income = salary.detail["monthly_minor"] if salary else 0
    for point in (
        recurring_point(movements, monthly_income),
        product_point({a.kind for a in accounts}, movements, monthly_income, interests),
    ):
        if point is not None:
            points.append(point)
    return points[:3]
