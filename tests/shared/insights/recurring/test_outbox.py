"""The outbox: one low-balance warning per event, to the customer's channel, unless they opted
out; safe when another worker queues the same event at the same moment."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from shared.insights.forecast import event_key
from shared.insights.outbox import (
    contact_preferences,
    insert_once,
    queue_low_balance_warning,
)
from shared.models import Account, CustomerPreference, Notification
from shared.models.enums import AccountKind
from tests.factories import make_branch, make_customer

NOW = datetime(2026, 6, 10, 2, 30, tzinfo=UTC)


def _customer(session, **preferences):
    customer = make_customer(session, make_branch(session))
    for key, value in preferences.items():
        session.add(CustomerPreference(customer_id=customer.id, key=key, value=value))
    account = Account(number=f"40{customer.id:06d}12345678", customer_id=customer.id,
                      kind=AccountKind.CURRENT, name="Everyday account", currency="GBP")
    session.add(account)
    session.flush()
    return customer, account


def _warning(account_key: str, on="2026-06-15") -> dict:
    """A warning as the engine stores it (shared/insights/engine.py)."""
    return {"event_key": event_key(account_key, datetime.fromisoformat(on).date()),
            "account_key": account_key, "account": "Everyday account", "last4": "5678",
            "currency": "GBP", "date": on, "projected_minor": -35_000,
            "lowest_minor": -44_000, "threshold_minor": 0, "cause": "Foxtons Lettings",
            "cause_amount_minor": 80_000, "cause_date": on}


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Notification))


def test_a_warning_is_queued_once_per_event_to_the_chosen_channel(db_session):
    customer, account = _customer(db_session, contact_channel="email")
    warning = _warning(f"ours:{account.id}")
    before = _count(db_session)
    row = queue_low_balance_warning(db_session, customer.id, warning, NOW)
    assert row is not None
    assert (row.channel, row.kind, row.dedupe_key) == ("email", "low_balance",
                                                       warning["event_key"])
    assert row.payload == {
        "account": {"name": "Everyday account", "last4": "5678"},
        "date": "2026-06-15", "projected_balance_minor": -35_000,
        "lowest_balance_minor": -44_000, "threshold_minor": 0, "currency": "GBP",
        "cause": {"label": "Foxtons Lettings", "amount_minor": 80_000, "date": "2026-06-15"},
    }
    assert queue_low_balance_warning(db_session, customer.id, warning, NOW) is None
    later = _warning(f"ours:{account.id}", on="2026-07-15")  # another dip
    assert queue_low_balance_warning(db_session, customer.id, later, NOW) is not None
    assert _count(db_session) == before + 2


def test_no_warning_for_a_customer_who_asked_not_to_be_contacted(db_session):
    customer, account = _customer(db_session, contact_channel="sms", contact_opt_out="yes")
    before = _count(db_session)
    assert queue_low_balance_warning(db_session, customer.id,
                                     _warning(f"ours:{account.id}"), NOW) is None
    assert _count(db_session) == before


def test_marketing_consent_does_not_stop_a_service_warning(db_session):
    customer, account = _customer(db_session, marketing="no", contact_channel="letter")
    row = queue_low_balance_warning(db_session, customer.id, _warning(f"ours:{account.id}"),
                                    NOW)
    assert row is not None and row.channel == "post"


def test_preferences_default_to_the_app_and_no_marketing(db_session):
    customer, _ = _customer(db_session, low_balance_threshold="5000")
    preferences = contact_preferences(db_session, customer.id)
    assert preferences.channel == "app"
    assert not preferences.opted_out and not preferences.marketing
    assert preferences.threshold_minor == 5_000


def test_a_concurrent_insert_of_the_same_event_is_absorbed(db_session, monkeypatch):
    customer, account = _customer(db_session)
    warning = _warning(f"ours:{account.id}")
    assert queue_low_balance_warning(db_session, customer.id, warning, NOW) is not None
    # Another worker's row lands between our look and our insert: the look sees nothing.
    monkeypatch.setattr(db_session, "scalar", lambda *args, **kwargs: None)
    duplicate = Notification(customer_id=customer.id, channel="app", kind="low_balance",
                             dedupe_key=warning["event_key"], payload={}, created_at=NOW)
    assert insert_once(db_session, duplicate) is None
    monkeypatch.undo()
    # The savepoint kept the outer transaction: the first row is still there.
    assert db_session.scalar(select(func.count()).select_from(Notification).where(
        Notification.dedupe_key == warning["event_key"])) == 1
