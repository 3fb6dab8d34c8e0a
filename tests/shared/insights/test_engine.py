"""The insight engine end to end on a customer in the database, with a keyword categoriser
standing in for the trained model (the model has tests of its own)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.i18n.text import localise
from shared.insights.card_text import insight_points, insight_sections, kiosk_upcoming
from shared.insights.categories.model import Prediction
from shared.insights.engine import EngineContext, after_save, compute_insights
from shared.insights.offers.ranking import load as load_ranking
from shared.insights.payday import BusinessCalendar
from shared.insights.store import save_insights
from shared.models import (
    Account,
    CustomerPreference,
    LedgerTransaction,
    Notification,
    Posting,
)
from shared.models.enums import AccountKind
from tests.factories import make_branch, make_customer

NOW = datetime(2026, 6, 26, 12, 0, tzinfo=UTC)  # a Friday; rent is due on the 1st
WORDS = {"acme": "salary", "foxtons": "housing", "netflix": "subscriptions",
         "tesco": "groceries"}


def keyword_categoriser(texts, amounts):
    out = []
    for text in texts:
        found = next((c for w, c in WORDS.items() if w in text.lower()), None)
        out.append(Prediction(found or "other", 0.9 if found else 0.3))
    return out


@pytest.fixture(scope="module")
def ctx():
    return EngineContext(keyword_categoriser, load_ranking(), BusinessCalendar("GB", "ENG"))


def _pay(session, account, outside, at, amount, description, kind):
    tx = LedgerTransaction(kind=kind, description=description, amount_minor=abs(amount),
                           created_at=at)
    session.add(tx)
    session.flush()
    session.add_all([Posting(transaction_id=tx.id, account_id=account.id, amount_minor=amount),
                     Posting(transaction_id=tx.id, account_id=outside.id,
                             amount_minor=-amount)])
    account.balance_minor += amount


@pytest.fixture
def renter(db_session):
    customer = make_customer(db_session, make_branch(db_session))
    current = Account(number=f"CUR-{customer.id}", customer_id=customer.id,
                      kind=AccountKind.CURRENT, name="Current account", balance_minor=0)
    outside = Account(number=f"CLR-{customer.id}", kind=AccountKind.INTERNAL, name="clearing",
                      allow_negative=True)
    db_session.add_all([current, outside])
    db_session.flush()
    for months_ago in range(5, -1, -1):
        month = (NOW.month - months_ago - 1) % 12 + 1
        first = datetime(2026, month, 1, 6, tzinfo=UTC)
        if first <= NOW:
            _pay(db_session, current, outside, first, -120_000, "Rent FOXTONS", "standing_order")
        payday = datetime(2026, month, 25 if month != 5 else 22, 6, tzinfo=UTC)
        if payday <= NOW and months_ago:
            _pay(db_session, current, outside, payday, 250_000, "ACME LTD SALARY",
                 "bank_transfer_in")
        price = 1099 if months_ago > 1 else 1299
        netflix = datetime(2026, month, 10, 6, tzinfo=UTC)
        if netflix <= NOW:
            _pay(db_session, current, outside, netflix, -price, "NETFLIX.COM", "card_payment")
        for day in (3, 9, 16, 23):
            shop = datetime(2026, month, day, 12, tzinfo=UTC)
            if shop <= NOW:
                _pay(db_session, current, outside, shop, -21_000, "TESCO STORES", "card_payment")
    # This month's salary has not come (it is late): the rent on the 1st will not fit.
    current.balance_minor = 60_000
    db_session.add(CustomerPreference(customer_id=customer.id, key="marketing", value="yes"))
    db_session.flush()
    return customer, current


def test_a_renter_gets_streams_bills_a_warning_and_an_offer(db_session, renter, ctx):
    customer, current = renter
    insights = compute_insights(db_session, customer.id, NOW, ctx)

    payees = {(s["payee"], s["cadence"]) for s in insights["streams"]}
    assert {("Rent FOXTONS", "monthly"), ("NETFLIX.COM", "monthly")} <= payees
    assert not any("TESCO" in p for p, _ in payees)  # a weekly shop is not a bill
    netflix = next(s for s in insights["subscriptions"] if "NETFLIX" in s["payee"])
    assert (netflix["previous_minor"], netflix["amount_minor"]) == (1099, 1299)
    assert [b["payee"] for b in insights["bills_due"]] == ["Rent FOXTONS"]
    assert insights["bills_due"][0]["date"] == "2026-07-01"
    warning = insights["low_balance"]
    assert warning["account_key"] == f"ours:{current.id}" and warning["cause"] == "Rent FOXTONS"
    assert date.fromisoformat(warning["date"]) == date(2026, 7, 1)
    assert insights["categories"]["housing"]["out"] == 3 * 120_000  # the last 90 days

    points = {p["code"]: p for p in insight_points(insights)}
    assert list(points)[:2] == ["low_balance", "pay_day"] or list(points)[0] == "low_balance"
    assert "Rent FOXTONS" in points["low_balance"]["text"]
    assert "NETFLIX.COM went up from £10.99 to £12.99" in points["price_change"]["text"]
    zh = localise(points["bills_due"]["text"], "zh")
    assert "Rent FOXTONS" in zh and "£1,200.00" in zh
    sections = insight_sections(insights)
    assert sections["low_balance"] == points["low_balance"]["text"]
    assert kiosk_upcoming(insights)["bills"][0].startswith("Rent FOXTONS £1,200.00")


def test_the_warning_goes_to_the_outbox_once_per_event(db_session, renter, ctx):
    customer, _ = renter
    first = compute_insights(db_session, customer.id, NOW, ctx)
    save_insights(db_session, customer.id, first, NOW, NOW)
    after_save(db_session, customer.id, first, NOW)
    later = NOW + timedelta(days=1)
    again = compute_insights(db_session, customer.id, later, ctx)
    assert again["low_balance"]["event_key"] == first["low_balance"]["event_key"]
    after_save(db_session, customer.id, again, later)
    sent = db_session.scalars(select(Notification).where(
        Notification.customer_id == customer.id)).all()
    assert [(n.kind, n.channel) for n in sent] == [("low_balance", "app")]
    assert sent[0].payload["cause"] == {"label": "Rent FOXTONS", "amount_minor": 120_000,
                                          "date": first["low_balance"]["cause_date"]}


def test_no_warning_is_sent_to_a_customer_who_opted_out(db_session, renter, ctx):
    customer, _ = renter
    db_session.add(CustomerPreference(customer_id=customer.id, key="contact_opt_out",
                                      value="yes"))
    db_session.flush()
    insights = compute_insights(db_session, customer.id, NOW, ctx)
    after_save(db_session, customer.id, insights, NOW)
    assert insights["low_balance"] is not None  # still on the card
    assert db_session.scalars(select(Notification).where(
        Notification.customer_id == customer.id)).all() == []


def test_no_offer_without_marketing_consent(db_session, renter, ctx):
    customer, _ = renter
    db_session.execute(CustomerPreference.__table__.update().where(
        CustomerPreference.customer_id == customer.id).values(value="no"))
    assert compute_insights(db_session, customer.id, NOW, ctx)["offer"] is None


def test_low_confidence_categories_are_marked_for_review(db_session, renter, ctx):
    customer, current = renter
    outside = db_session.scalar(select(Account).where(Account.number == f"CLR-{customer.id}"))
    _pay(db_session, current, outside, NOW - timedelta(hours=2), -4_500, "MYSTERY 12",
         "card_payment")
    db_session.flush()
    insights = compute_insights(db_session, customer.id, NOW, ctx)
    assert [t["description"] for t in insights["review"]] == ["MYSTERY 12"]
