"""Offers recorded on an arrival: discussed always, one decision, once each; audited, announced."""

import pytest
from sqlalchemy import select

from shared.db.base import utcnow
from shared.events.payloads import OfferRecorded
from shared.floor.arrivals import ArrivalError
from shared.floor.offers import record_offer, recorded_offers
from shared.insights.offers.catalogue import KEYS
from shared.models import AuditEntry, Visit
from shared.models.analytics import AnalyticsFact
from shared.models.enums import Role, VisitSource
from tests.factories import make_branch, make_customer, make_staff


@pytest.fixture
def floor(db_session):
    branch = make_branch(db_session)
    rm = make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER)
    customer = make_customer(db_session, branch)
    visit = Visit(branch_id=branch.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA,
                  arrived_at=utcnow())
    db_session.add(visit)
    db_session.flush()
    return branch, rm, customer, visit


def _facts(session, visit_id):
    return session.execute(
        select(AnalyticsFact.key, AnalyticsFact.kind, AnalyticsFact.dim, AnalyticsFact.customer_id)
        .where(AnalyticsFact.key.like(f"visit:{visit_id}:offer:%"))
        .order_by(AnalyticsFact.id)).all()


def test_discussed_then_accepted_records_each_once(db_session, bus, floor):
    _, rm, customer, visit = floor
    seen = []
    bus.subscribe(seen.append)
    assert record_offer(db_session, bus, visit.id, rm.id, "mortgage", "discussed")
    assert not record_offer(db_session, bus, visit.id, rm.id, "mortgage", "discussed")
    assert record_offer(db_session, bus, visit.id, rm.id, "mortgage", "accepted")
    assert not record_offer(db_session, bus, visit.id, rm.id, "mortgage", "accepted")  # a retry
    assert record_offer(db_session, bus, visit.id, rm.id, "savings", "declined")
    v, c = visit.id, customer.id
    assert _facts(db_session, v) == [
        (f"visit:{v}:offer:mortgage:discussed", "offer.discussed", "mortgage", c),
        (f"visit:{v}:offer:mortgage:accepted", "offer.accepted", "mortgage", c),
        (f"visit:{v}:offer:savings:discussed", "offer.discussed", "savings", c),
        (f"visit:{v}:offer:savings:declined", "offer.declined", "savings", c),
    ]
    assert recorded_offers(db_session, v) == {"mortgage": "accepted", "savings": "declined"}
    audited = db_session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("offer.%"), AuditEntry.subject_id == c)
        .order_by(AuditEntry.seq)).all()
    assert audited == ["offer.discussed", "offer.accepted", "offer.declined"]
    assert seen == []
    db_session.commit()
    assert [(e.payload.product, e.payload.outcome) for e in seen
            if isinstance(e.payload, OfferRecorded)] == [
        ("mortgage", "discussed"), ("mortgage", "accepted"), ("savings", "declined")]


def test_a_decision_is_never_turned_into_the_other(db_session, bus, floor):
    _, rm, _, visit = floor
    record_offer(db_session, bus, visit.id, rm.id, "travel_card", "declined")
    with pytest.raises(ArrivalError) as refused:
        record_offer(db_session, bus, visit.id, rm.id, "travel_card", "accepted")
    assert refused.value.code == "already_decided"
    # Discussing it again changes nothing: the decision stands.
    assert not record_offer(db_session, bus, visit.id, rm.id, "travel_card", "discussed")
    assert recorded_offers(db_session, visit.id) == {"travel_card": "declined"}


@pytest.mark.parametrize(("who", "product", "outcome", "code"), [
    ("rm", "lottery", "accepted", "invalid"),
    ("rm", "credit_card", "accepted", "invalid"),  # an account kind, not a product of ours
    ("rm", "mortgage", "maybe", "invalid"),
    ("teller", "mortgage", "discussed", "forbidden"),
    ("stranger", "mortgage", "discussed", "not_found"),
])
def test_refusals_record_nothing(db_session, bus, floor, who, product, outcome, code):
    branch, rm, _, visit = floor
    staff = {"rm": rm, "teller": make_staff(db_session, branch, Role.TELLER),
             "stranger": make_staff(db_session, make_branch(db_session))}[who]
    with pytest.raises(ArrivalError) as refused:
        record_offer(db_session, bus, visit.id, staff.id, product, outcome)
    assert refused.value.code == code
    assert _facts(db_session, visit.id) == []


def test_every_catalogue_product_can_be_recorded(db_session, bus, floor):
    _, rm, _, visit = floor
    outcomes = dict(zip(KEYS, ("discussed", "accepted", "declined") * 2, strict=True))
    for product, outcome in outcomes.items():
        assert record_offer(db_session, bus, visit.id, rm.id, product, outcome)
    assert recorded_offers(db_session, visit.id) == outcomes
    assert {"personal_loan", "isa", "overdraft"} <= set(outcomes)


def test_offers_recorded_before_the_catalogue_stay_valid():
    assert {"mortgage", "savings", "travel_card"} <= set(KEYS)
