"""The insight engine: one customer's data in, the figures the card and the 360 show out.

`insights_of` is pure (the benchmark runs it over generated customers without a
database); `compute_insights` reads one customer and calls it; `after_save` queues the
low-balance warning once per event. The payload holds figures, never sentences: they are
made when shown (shared.insights.card_text), in the reader's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db import Database
from shared.insights.currency import main_currency
from shared.insights.forecast import LowBalanceWarning, low_balance_warnings, project_accounts
from shared.insights.movements import Movement
from shared.insights.offers.catalogue import PRODUCTS
from shared.insights.offers.features import (
    HOUSING_MORTGAGE,
    HOUSING_NONE,
    HOUSING_RENT,
    CustomerFinancials,
    account_figures,
    age_on,
    has_marketing_consent,
)
from shared.insights.offers.ranking import RankingModel, rank
from shared.insights.offers.ranking import load as load_ranking
from shared.insights.outbox import preferences_from, queue_low_balance_warning
from shared.insights.payday import BusinessCalendar, pay_day
from shared.insights.recurring import Direction, Stream, StreamState, find_streams
from shared.insights.refresher import InsightRefresher
from shared.insights.sources import AccountView, CustomerData, customer_data
from shared.insights.store import stored_insights
from shared.insights.taxonomy import is_income, is_spending
from shared.insights.text_codec import encode_text
from shared.models import CategoryCorrection, Customer, CustomerPreference
from shared.models.enums import AccountKind
from shared.settings import Settings

if TYPE_CHECKING:
    from shared.insights.categories.model import Prediction

BILLS_DAYS = 7
CATEGORY_DAYS = 90
TRANSACTIONS_SHOWN = 40
REVIEW_SHOWN = 20
REMEMBER_DAYS = 14  # how long a dip's event key is kept after its last day
# Accounts a low balance matters on: where bills are paid from.
_PAYING_KINDS = {str(AccountKind.CURRENT), "currentaccount"}
_TRAVEL_WORDS = ("fare", "rail", "train", "airline", "airways", "flight", "hotel", "airbnb")

# categorise(texts, signed amounts) -> one Prediction (category, confidence) per text
Categorise = Callable[[Sequence[str], Sequence[int]], "list[Prediction]"]


@dataclass(frozen=True)
class EngineContext:
    """What the engine needs besides the customer: the models and the settings' figures."""

    categorise: Categorise
    ranking: RankingModel
    calendar: BusinessCalendar
    review_below: float = 0.6
    forecast_days: int = 14
    threshold_minor: int = 0


@dataclass(frozen=True)
class CustomerFacts:
    """What the offers need to know of the person (and the warning of their wishes)."""

    date_of_birth: date | None
    language: str
    tier: str
    preferences: dict[str, str]


def _with_category(m: Movement, category: str) -> Movement:
    # Not dataclasses.replace: it was a quarter of the engine's time (bench insights).
    return Movement(m.at, m.amount_minor, m.currency, m.description, m.counterparty,
                    m.account, m.kind, category, m.ref)


def _categorised(movements: Sequence[Movement], ctx: EngineContext,
                 corrected: dict[str, str]) -> tuple[list[Movement], dict[str, float]]:
    """Every movement with a category: a correction wins, then structure, then the model."""
    todo = [m for m in movements if not m.category and m.ref not in corrected]
    answers = ctx.categorise([m.description for m in todo], [m.amount_minor for m in todo])
    guessed = {id(m): answer for m, answer in zip(todo, answers, strict=True)}
    out, confidence = [], {}
    for m in movements:
        if m.ref in corrected:
            out.append(_with_category(m, corrected[m.ref]))
            confidence[m.ref] = 1.0
        elif id(m) in guessed:
            answer = guessed[id(m)]
            out.append(_with_category(m, answer.category))
            confidence[m.ref] = answer.confidence
        else:
            out.append(m)
            confidence[m.ref] = 1.0
    return out, confidence


def _months(movements: Sequence[Movement], today: date) -> float:
    if not movements:
        return 1.0
    return max(1.0, (today - movements[0].at.date()).days / 30.44)


def _stream_json(s: Stream) -> dict:
    return {"payee": s.label, "direction": str(s.direction), "cadence": str(s.cadence),
            "state": str(s.state), "category": s.category, "account": s.account,
            "amount_minor": abs(s.typical_amount_minor), "next_date": s.next_on.isoformat(),
            "next_amount_minor": abs(s.next_amount_minor), "occurrences": s.occurrences,
            "previous_minor": abs(s.price_change.old_minor) if s.price_change else None,
            "currency": s.currency}


def _financials(facts: CustomerFacts, accounts: Sequence[AccountView],
                movements: Sequence[Movement], streams: Sequence[Stream], currency: str,
                today: date) -> CustomerFinancials:
    """The figures an offer decision reads, from six months of categorised movements."""
    mine = [m for m in movements if m.currency == currency]
    months = _months(mine, today)
    income = sum(m.amount_minor for m in mine if is_income(m.category, m.amount_minor))
    spending = -sum(m.amount_minor for m in mine if is_spending(m.category, m.amount_minor))
    housing = [m for m in mine if m.category == "housing" and m.amount_minor < 0]
    mortgage = any(a.kind == str(AccountKind.MORTGAGE) for a in accounts) or any(
        "mortgage" in m.description.lower() for m in housing)
    kind = HOUSING_MORTGAGE if mortgage else HOUSING_RENT if housing else HOUSING_NONE
    rent_stream = next((s for s in streams if s.category == "housing"
                        and s.direction is Direction.OUTFLOW), None)
    months_renting = 0
    if kind == HOUSING_RENT:
        first = rent_stream.dates[0] if rent_stream else housing[0].at.date()
        months_renting = max(1, round((today - first).days / 30.44))
    debt = -sum(m.amount_minor for m in mine if m.amount_minor < 0 and (
        m.category == "repayments" or (m.category == "housing" and mortgage)))
    figures = account_figures([a for a in accounts if a.currency == currency])
    last_month = [m for m in mine if (today - m.at.date()).days <= 31]
    lowest = _lowest_current(accounts, last_month, currency)
    travel = -sum(m.amount_minor for m in mine if m.amount_minor < 0 and (
        m.category == "entertainment" and any(w in m.description.lower() for w in _TRAVEL_WORDS)
        or m.currency != currency))
    return CustomerFinancials(
        age=age_on(facts.date_of_birth, today) if facts.date_of_birth else 0,
        language=facts.language, tier=facts.tier, holdings=figures.holdings,
        marketing_consent=has_marketing_consent(facts.preferences),
        monthly_income_minor=round(income / months),
        monthly_spending_minor=round(spending / months), housing_kind=kind,
        monthly_housing_minor=round(-sum(m.amount_minor for m in housing) / months),
        months_renting=months_renting, monthly_debt_payments_minor=round(debt / months),
        savings_balance_minor=figures.savings_balance_minor,
        current_balance_minor=figures.current_balance_minor,
        lowest_current_balance_minor=lowest, arrears=figures.over_limit,
        travel_spending_share=min(1.0, travel / spending) if spending > 0 else 0.0,
        currency=currency)


def _lowest_current(accounts: Sequence[AccountView], movements: Sequence[Movement],
                    currency: str) -> int:
    """The lowest the current accounts' balance stood in the last month (walking back)."""
    current = [a for a in accounts if a.kind in _PAYING_KINDS and a.currency == currency
               and a.balance_minor is not None]
    if not current:
        return 0
    keys = {a.key for a in current}
    balance = lowest = sum(a.balance_minor for a in current)
    for m in sorted((m for m in movements if m.account in keys), key=lambda m: m.at,
                    reverse=True):
        balance -= m.amount_minor
        lowest = min(lowest, balance)
    return lowest


def _by_category(movements: Sequence[Movement], currency: str, since: datetime) -> dict:
    buckets: dict[str, dict[str, int]] = defaultdict(lambda: {"in": 0, "out": 0, "count": 0})
    for m in movements:
        if m.currency != currency or m.at < since:
            continue
        bucket = buckets[m.category or "other"]
        bucket["in" if m.amount_minor > 0 else "out"] += abs(m.amount_minor)
        bucket["count"] += 1
    return dict(sorted(buckets.items(), key=lambda kv: (-kv[1]["out"], -kv[1]["in"])))


def _movement_json(m: Movement, confidence: float, review_below: float) -> dict:
    return {"ref": m.ref, "at": m.at.isoformat(), "description": m.description,
            "amount_minor": m.amount_minor, "currency": m.currency, "account": m.account,
            "category": m.category, "confidence": round(confidence, 3),
            "review": confidence < review_below}


def _warning_json(w: LowBalanceWarning, account: AccountView) -> dict:
    cause = w.cause
    return {"event_key": w.event_key, "account_key": w.account, "account": account.name,
            "last4": account.last4, "currency": account.currency, "date": w.on.isoformat(),
            "projected_minor": w.balance_minor, "lowest_minor": w.lowest_minor,
            "threshold_minor": w.threshold_minor,
            "cause": cause.label if cause else "",
            "cause_amount_minor": -cause.amount_minor if cause else 0,
            "cause_date": cause.on.isoformat() if cause else ""}


def _earlier_warnings(previous: dict | None) -> list[LowBalanceWarning]:
    """The dips seen by earlier computations, so a dip seen again keeps its event key."""
    events = (previous or {}).get("low_balance_events") or []
    return [LowBalanceWarning(
        event_key=e["event_key"], account=e["account"], on=date.fromisoformat(e["on"]),
        balance_minor=0, lowest_minor=0, lowest_on=date.fromisoformat(e["on"]),
        last_on=date.fromisoformat(e["last_on"]), threshold_minor=0, cause=None,
        seen_on=date.fromisoformat(e["seen_on"])) for e in events]


def _remembered(warnings: Sequence[LowBalanceWarning], earlier: Sequence[LowBalanceWarning],
                today: date) -> list[dict]:
    """Today's dips and the earlier ones of the last REMEMBER_DAYS, one per event key."""
    kept: dict[str, LowBalanceWarning] = {}
    for w in [*earlier, *warnings]:
        if (today - w.last_on).days <= REMEMBER_DAYS:
            kept[w.event_key] = w
    return [{"event_key": w.event_key, "account": w.account, "on": w.on.isoformat(),
             "last_on": w.last_on.isoformat(), "seen_on": w.seen_on.isoformat()}
            for w in kept.values()]


def insights_of(data: CustomerData, facts: CustomerFacts, corrected: dict[str, str],
                now: datetime, ctx: EngineContext, previous: dict | None = None) -> dict:
    """Compute the customer's insights from their data (pure: no database)."""
    today = now.date()
    movements, confidence = _categorised(data.movements, ctx, corrected)
    currency = main_currency([a.currency for a in data.accounts if a.ours]) or main_currency(
        [a.currency for a in data.accounts]) or "GBP"
    streams = find_streams(movements, today)
    live = [s for s in streams if s.state is not StreamState.ENDED]
    pay = pay_day(streams, today, ctx.calendar)
    week = today + timedelta(days=BILLS_DAYS)
    bills = sorted((s for s in live if s.direction is Direction.OUTFLOW and s.next_on <= week
                    and s.next_on >= today and s.category not in ("own_transfer",
                                                                  "savings_investments")),
                   key=lambda s: (s.next_on, s.next_amount_minor))
    subscriptions = [s for s in live if s.category == "subscriptions"
                     and s.direction is Direction.OUTFLOW]
    accounts = {a.key: a for a in data.accounts}
    threshold = _threshold(facts.preferences, ctx.threshold_minor)
    paying = {a.key: a.balance_minor for a in data.accounts
              if a.kind in _PAYING_KINDS and a.balance_minor is not None}
    projections = project_accounts(paying, movements, streams, today, now=now,
                                   days=ctx.forecast_days, calendar=ctx.calendar)
    earlier = _earlier_warnings(previous)
    warnings = sorted((w for p in projections.values()
                       for w in low_balance_warnings(p, threshold, earlier=earlier)),
                      key=lambda w: w.on)
    financials = _financials(facts, data.accounts, movements, streams, currency, today)
    offers = rank(financials, ctx.ranking)
    recent = sorted(movements, key=lambda m: m.at, reverse=True)
    return {
        "computed_at": now.isoformat(),
        "currency": currency,
        "pay_day": None if pay is None else {
            "payer": pay.stream.label, "usual_day": pay.day_of_month,
            "last_working_day": pay.last_working_day, "next_date": pay.next_on.isoformat(),
            "amount_minor": abs(pay.stream.next_amount_minor),
            "moved": pay.next_on != pay.due_on},
        "bills_due": [{"payee": s.label, "date": s.next_on.isoformat(),
                       "amount_minor": abs(s.next_amount_minor), "category": s.category,
                       "currency": s.currency} for s in bills],
        "subscriptions": [_stream_json(s) for s in subscriptions],
        "streams": [_stream_json(s) for s in streams],
        "low_balance": (_warning_json(warnings[0], accounts[warnings[0].account])
                        if warnings else None),
        # Every dip seen in the last weeks, so a dip seen again keeps its event key.
        "low_balance_events": _remembered(warnings, earlier, today),
        "offer": None if not offers else {
            "product": offers[0].product, "product_words": PRODUCTS[offers[0].product].words,
            "score": round(offers[0].score, 3),
            "reasons": [encode_text(r) for r in offers[0].reasons]},
        "categories": _by_category(movements, currency, now - timedelta(days=CATEGORY_DAYS)),
        "transactions": [_movement_json(m, confidence.get(m.ref, 1.0), ctx.review_below)
                         for m in recent[:TRANSACTIONS_SHOWN]],
        "review": [_movement_json(m, confidence[m.ref], ctx.review_below) for m in recent
                   if confidence.get(m.ref, 1.0) < ctx.review_below][:REVIEW_SHOWN],
        "external_accounts": [{"key": a.key, "name": a.name, "last4": a.last4,
                               "balance_minor": a.balance_minor, "currency": a.currency}
                              for a in data.accounts if not a.ours],
    }


def _threshold(preferences: dict[str, str], default: int) -> int:
    own = preferences_from(preferences).threshold_minor
    return default if own is None else own


def corrections(session: Session, customer_id: int) -> dict[str, str]:
    """The relationship managers' categories for the customer's transactions, by ref."""
    return dict(session.execute(select(CategoryCorrection.ref, CategoryCorrection.category)
                                .where(CategoryCorrection.customer_id == customer_id)).all())


def customer_facts(session: Session, customer_id: int) -> CustomerFacts:
    customer = session.get(Customer, customer_id)
    preferences = dict(session.execute(
        select(CustomerPreference.key, CustomerPreference.value)
        .where(CustomerPreference.customer_id == customer_id)).all())
    return CustomerFacts(customer.date_of_birth, customer.language, str(customer.tier),
                         preferences)


def engine_context(settings: Settings) -> EngineContext:
    """The engine's models and figures for these settings (the models load lazily: the
    categoriser on first use, trained once if its file is missing)."""
    from shared.insights.categories.categoriser import categoriser_for  # scikit-learn: slow

    categoriser = categoriser_for(settings)
    return EngineContext(
        categorise=categoriser.categorise, ranking=load_ranking(),
        calendar=BusinessCalendar.from_settings(settings.insights),
        review_below=settings.insights.review_below,
        forecast_days=settings.insights.forecast_days,
        threshold_minor=settings.insights.low_balance_threshold_minor)


def compute_insights(session: Session, customer_id: int, now: datetime,
                     ctx: EngineContext) -> dict:
    """Read one customer and compute their insights (the refresher stores them)."""
    return insights_of(customer_data(session, customer_id, now),
                       customer_facts(session, customer_id), corrections(session, customer_id),
                       now, ctx, stored_insights(session, customer_id))


def after_save(session: Session, customer_id: int, payload: dict, now: datetime) -> None:
    """Queue the low-balance warning to the customer's channel, once per event (not when
    they opted out of contact; a warning about their own account is not marketing)."""
    warning = payload.get("low_balance")
    if warning:
        queue_low_balance_warning(session, customer_id, warning, now)


def refresher_for(settings: Settings, database: Database) -> InsightRefresher:
    """The worker that keeps everyone's insights computed ahead with these settings."""
    ctx = engine_context(settings)
    return InsightRefresher(
        database, lambda session, customer_id, now: compute_insights(session, customer_id, now,
                                                                     ctx),
        settings.insights.refresh_seconds, settings.insights.nightly_at, on_saved=after_save)
