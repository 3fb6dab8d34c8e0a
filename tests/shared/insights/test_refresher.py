"""Insights are computed ahead: new postings mark their customer stale, a pass recomputes
stale customers, a change while computing keeps them stale, a failure leaves a mark."""

from datetime import UTC, datetime, timedelta

from shared.insights.refresher import InsightRefresher
from shared.insights.sources import customer_data
from shared.insights.store import mark_stale, stored_insights
from shared.models import CustomerInsight
from tests.factories import make_branch, make_customer
from tests.money_factories import fund, make_account

NOW = datetime(2026, 6, 15, 1, 0, tzinfo=UTC)  # before the nightly pass


def _count_movements(session, customer_id, now):
    return {"accounts": len(customer_data(session, customer_id, now).accounts)}


def test_new_postings_are_picked_up_and_recomputed(database, db_session):
    customer = make_customer(db_session, make_branch(db_session))
    db_session.commit()
    refresher = InsightRefresher(database, _count_movements, 30, "02:30")
    assert refresher.run_once(NOW) == 0  # the first pass only notes where the ledger is

    fund(db_session, make_account(db_session, customer), 5_000)
    db_session.commit()
    assert refresher.run_once(NOW) == 1
    assert stored_insights(db_session, customer.id)["accounts"] == 1
    assert refresher.run_once(NOW) == 0  # nothing new


def test_a_change_while_computing_keeps_the_customer_stale(database, db_session):
    customer = make_customer(db_session, make_branch(db_session))
    db_session.commit()

    def compute_then_change(session, customer_id, now):
        with database.session(write=True) as other:
            mark_stale(other, customer_id, now + timedelta(seconds=1))
        return {"ok": True}

    refresher = InsightRefresher(database, compute_then_change, 30, "02:30")
    refresher.refresh(customer.id, NOW)
    db_session.expire_all()
    row = db_session.get(CustomerInsight, customer.id)
    assert row.payload == {"ok": True} and row.stale_since is not None


def test_a_failing_customer_is_logged_and_does_not_loop(database, db_session, caplog):
    customer = make_customer(db_session, make_branch(db_session))
    mark_stale(db_session, customer.id, NOW)
    db_session.commit()

    def broken(session, customer_id, now):
        raise ValueError("bad data")

    refresher = InsightRefresher(database, broken, 30, "02:30")
    refresher._posting_seen = 10**9
    assert refresher.run_once(NOW) == 1
    assert "could not compute the insights of customer" in caplog.text
    assert stored_insights(db_session, customer.id) == {"error": True}
    assert refresher.run_once(NOW) == 0


def test_the_nightly_pass_recomputes_everyone_once(database, db_session):
    customer = make_customer(db_session, make_branch(db_session))
    db_session.commit()
    refresher = InsightRefresher(database, _count_movements, 30, "02:30")
    refresher.refresh(customer.id, NOW)
    refresher._posting_seen = 10**9
    night = datetime(2026, 6, 16, 2, 31, tzinfo=UTC)
    assert refresher.run_once(night) >= 1
    assert refresher.run_once(night + timedelta(minutes=5)) == 0
