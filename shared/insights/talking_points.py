"""Two or three things worth saying to a customer, derived from their own transactions."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.i18n.text import N_, Text
from shared.insights.currency import main_currency
from shared.models import Account, LedgerTransaction, Posting
from shared.models.enums import AccountKind
from shared.money.format import Amount

LOOKBACK = timedelta(days=100)
RECURRING_KINDS = ("direct_debit", "standing_order")
# A recurring payment is "large" at a fifth of the monthly income, or 500 pounds without
# income. These two are pence: amounts in other currencies need thresholds of their own.
LARGE_SHARE_OF_INCOME = 0.2
LARGE_WITHOUT_INCOME_MINOR = 50_000
SAVINGS_FIT_MIN_SURPLUS_MINOR = 30_000
# The products a talking point may suggest; such a point's code is "product_<product>", and
# the relationship manager records whether it was discussed, accepted or declined.
PRODUCTS = ("mortgage", "savings", "travel_card")
PRODUCT_POINT = "product_"


@dataclass(frozen=True)
class TalkingPoint:
    """One suggestion: a machine code, the sentence to show (a `Text`, said in the reader's
    language where shown), and the figures behind it."""

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


@dataclass(frozen=True)
class DayOfMonth:
    """A day of the month inside a sentence: "23rd" in English, the number elsewhere (the
    translation puts it in its own words: "每月23日")."""

    day: int

    def in_locale(self, locale: str) -> str:
        return _ordinal(self.day) if locale.startswith("en") else str(self.day)

    def __str__(self) -> str:
        return _ordinal(self.day)


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


# The words of the spending categories a sentence names (translated where shown).
CATEGORY_WORDS = {"housing": N_("housing"), "bills": N_("bills"), "savings": N_("savings"),
                  "credit_card": N_("credit card"), "transport": N_("transport"),
                  "shopping": N_("shopping"), "groceries": N_("groceries"), "other": N_("other")}


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


def salary_point(movements: list[_Movement], now: datetime, currency: str) -> TalkingPoint | None:
    """The day income usually lands, and how soon the next one is."""
    income = [m for m in movements if m.category == "income" and m.amount_minor > 0]
    if len(income) < 2:
        return None
    day, _ = Counter(m.at.day for m in income).most_common(1)[0]
    payer, _ = Counter(m.counterparty for m in income).most_common(1)[0]
    monthly = sum(m.amount_minor for m in income) // max(1, len({(m.at.year, m.at.month)
                                                                for m in income}))
    days_to = (day - now.day) % 31
    when = (Text("today") if days_to == 0 else Text("tomorrow") if days_to == 1
            else Text("in %(days)s days", days=days_to))
    text = Text("Income from %(payer)s usually lands on the %(day)s (%(when)s), about "
                "%(amount)s a month.", payer=payer, day=DayOfMonth(day), when=when,
                amount=Amount(monthly, currency))
    return TalkingPoint("salary_day", text, {"day": day, "payer": payer,
                                             "monthly_minor": monthly, "days_to": days_to})


def recurring_point(
    movements: list[_Movement], monthly_income: int, currency: str
) -> TalkingPoint | None:
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
    text = Text("Pays %(payee)s about %(amount)s a month (%(category)s).", payee=payee,
                amount=Amount(average, currency),
                category=Text(CATEGORY_WORDS.get(category, category.replace("_", " "))))
    return TalkingPoint("large_recurring", text, {"payee": payee, "category": category,
                                                  "monthly_minor": average})


def suggested_product(code: str) -> str | None:
    """The product a talking point suggests, from its code; None for any other point."""
    product = code.removeprefix(PRODUCT_POINT)
    return product if code.startswith(PRODUCT_POINT) and product in PRODUCTS else None


def product_point(
    kinds: set[AccountKind],
    movements: list[_Movement],
    monthly_income: int,
    interests: str,
    currency: str,
) -> TalkingPoint | None:
    """A product the customer lacks that their money already points to."""
    months = max(1, len({(m.at.year, m.at.month) for m in movements}))
    rent = [m for m in movements if m.category == "housing" and m.amount_minor < 0]
    if rent and AccountKind.MORTGAGE not in kinds:
        paid = -sum(m.amount_minor for m in rent) // months
        return TalkingPoint(
            "product_mortgage",
            Text("Rents at about %(amount)s a month and has no mortgage: a mortgage "
                 "conversation may fit.", amount=Amount(paid, currency)),
            {"rent_monthly_minor": paid},
        )
    spent = -sum(m.amount_minor for m in movements if m.amount_minor < 0) // months
    surplus = monthly_income - spent
    if AccountKind.SAVINGS not in kinds and surplus >= SAVINGS_FIT_MIN_SURPLUS_MINOR:
        return TalkingPoint(
            "product_savings",
            Text("Keeps about %(amount)s a month unspent and has no savings account: a "
                 "regular saver fits.", amount=Amount(surplus, currency)),
            {"surplus_monthly_minor": surplus},
        )
    if AccountKind.CREDIT_CARD not in kinds and "travel" in interests.lower():
        return TalkingPoint(
            "product_travel_card",
            N_("Interested in travel and holds no credit card: our fee-free travel card fits."),
            {"interests": interests},
        )
    return None


def talking_points(
    session: Session, customer_id: int, now: datetime, interests: str = ""
) -> list[TalkingPoint]:
    """Return up to three talking points from the customer's last months of transactions."""
    accounts = session.execute(
        select(Account.id, Account.kind, Account.currency)
        .where(Account.customer_id == customer_id, Account.closed_at.is_(None))
        .order_by(Account.id)
    ).all()
    currency = main_currency([a.currency for a in accounts])
    counted = [a.id for a in accounts if a.currency == currency]
    movements = _movements(session, counted, now - LOOKBACK)
    points = []
    salary = salary_point(movements, now, currency)
    if salary is not None:
        points.append(salary)
    monthly_income = salary.detail["monthly_minor"] if salary else 0
    for point in (
        recurring_point(movements, monthly_income, currency),
        product_point({a.kind for a in accounts}, movements, monthly_income, interests, currency),
    ):
        if point is not None:
            points.append(point)
    return points[:3]
