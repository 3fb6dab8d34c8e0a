"""Claims, greetings, hand-overs and escalation of arrivals; talking points; access log."""

from datetime import timedelta

import pytest

from shared.audit.access_log import ViewReason, access_log, export_csv, record_view
from shared.customers.profile import arrival_card, search_customers
from shared.db.base import utcnow
from shared.events.payloads import CustomerEscalated
from shared.floor import arrivals
from shared.floor.arrivals import ArrivalError
from shared.insights.store import save_insights
from shared.models import Account, Visit
from shared.models.enums import AccountKind, Role, VisitSource
from tests.factories import make_branch, make_customer, make_staff
from tests.shared.insights.payloads import offer_insights


@pytest.fixture
def floor(db_session):
    branch = make_branch(db_session)
    rm1 = make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER)
    rm2 = make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER)
    teller = make_staff(db_session, branch, Role.TELLER)
    customer = make_customer(db_session, branch, phone="+44 7700 900123")
    visit = Visit(branch_id=branch.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA,
                  arrived_at=utcnow())
    db_session.add(visit)
    db_session.flush()
    return branch, rm1, rm2, teller, customer, visit


def test_first_claim_wins_and_the_second_is_told_who(db_session, bus, floor):
    _, rm1, rm2, _, _, visit = floor
    seen = []
    bus.subscribe(seen.append)
    arrivals.claim(db_session, bus, visit.id, rm1.id)
    with pytest.raises(ArrivalError, match=rm1.full_name) as exc:
        arrivals.claim(db_session, bus, visit.id, rm2.id)
    assert exc.value.code == "already_claimed"
    assert seen == []  # nothing is published before commit
    db_session.commit()
    assert [e.payload.staff_id for e in seen] == [rm1.id]
    assert arrivals.claim(db_session, bus, visit.id, rm1.id).claimed_by_id == rm1.id


def test_tellers_cannot_claim_and_other_branches_see_no_visit(db_session, bus, floor):
    _, _, _, teller, _, visit = floor
    with pytest.raises(ArrivalError) as exc:
        arrivals.claim(db_session, bus, visit.id, teller.id)
    assert exc.value.code == "forbidden"
    stranger = make_staff(db_session, make_branch(db_session))
    with pytest.raises(ArrivalError) as exc:
        arrivals.claim(db_session, bus, visit.id, stranger.id)
    assert exc.value.code == "not_found"


def test_greeted_and_hand_over(db_session, bus, floor):
    _, rm1, rm2, teller, _, visit = floor
    arrivals.mark_greeted(db_session, bus, visit.id, rm1.id)
    assert visit.claimed_by_id == rm1.id and visit.greeted_at is not None
    with pytest.raises(ArrivalError):
        arrivals.hand_over(db_session, bus, visit.id, rm2.id, rm2.id)  # not the claimer
    with pytest.raises(ArrivalError):
        arrivals.hand_over(db_session, bus, visit.id, rm1.id, teller.id)  # tellers do not greet
    arrivals.hand_over(db_session, bus, visit.id, rm1.id, rm2.id)
    assert visit.claimed_by_id == rm2.id and visit.greeted_at is None


def test_unclaimed_arrivals_escalate_once(db_session, bus, floor):
    _, rm1, _, _, customer, visit = floor
    later = utcnow() + timedelta(seconds=200)
    assert arrivals.escalate_unclaimed(db_session, bus, timedelta(seconds=300), later) == []
    seen = []
    bus.subscribe(seen.append)
    assert arrivals.escalate_unclaimed(db_session, bus, timedelta(seconds=120), later) == [visit.id]
    assert arrivals.escalate_unclaimed(db_session, bus, timedelta(seconds=120), later) == []
    db_session.commit()
    assert isinstance(seen[0].payload, CustomerEscalated)
    assert seen[0].payload.display_name == customer.display_name


def test_the_card_shows_the_insights_computed_ahead(db_session, floor):
    branch, _, _, _, customer, _ = floor
    current = Account(number="ACC-TP-1", customer_id=customer.id, kind=AccountKind.CURRENT,
                      name="Current account")
    db_session.add(current)
    db_session.flush()
    assert arrival_card(db_session, floor[5].id)["talking_points"] == []  # not computed yet
    save_insights(db_session, customer.id, offer_insights("mortgage"), utcnow(), utcnow())
    card = arrival_card(db_session, floor[5].id)
    assert [(p["code"], p["product"]) for p in card["talking_points"]] == [
        ("offer_mortgage", "mortgage")]
    assert card["products"] == [{"kind": "current", "name": "Current account"}]


def test_search_by_name_phone_and_account_within_branches(db_session, floor):
    branch, _, _, _, customer, _ = floor
    assert search_customers(db_session, customer.family_name, {branch.id}) == [customer]
    assert search_customers(db_session, "07700 900123", {branch.id}) == [customer]
    assert search_customers(db_session, customer.family_name, {branch.id + 999}) == []


def test_profile_views_are_audited_and_exported(db_session, floor):
    _, rm1, _, _, customer, _ = floor
    record_view(db_session, rm1.id, customer.id, ViewReason.SEARCH)
    entries = access_log(db_session, customer.id)
    assert [(e.staff_name, e.action, e.reason) for e in entries] == [
        (rm1.full_name, "customer.viewed", "search")]
    csv_text = export_csv(db_session, customer.id, rm1.id)
    assert "customer.viewed,search" in csv_text
    assert "customer.access_log_exported" in csv_text
