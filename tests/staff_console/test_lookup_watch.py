"""Opening a profile by search with the customer nowhere in the branch opens a staff case."""

import pytest
from sqlalchemy import select

from shared.db.base import utcnow
from shared.models import Branch, FraudCase, Visit
from shared.models.enums import Role, VisitSource
from tests.factories import make_branch, make_customer, make_staff
from tests.web_helpers import sign_in


@pytest.fixture
def scene(db_session):
    branch = make_branch(db_session)
    rm = make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="watch.rm")
    absent, present = make_customer(db_session, branch), make_customer(db_session, branch)
    db_session.add(Visit(branch_id=branch.id, customer_id=present.id,
                         source=VisitSource.DOOR_CAMERA, arrived_at=utcnow()))
    db_session.commit()
    return rm, absent, present


def _cases(db_session, customer_id):
    db_session.expire_all()
    return db_session.scalars(select(FraudCase).where(FraudCase.customer_id == customer_id)).all()


@pytest.mark.parametrize("path", ["/staff/customers/{id}?reason=search",
                                  "/api/staff/customers/{id}?reason=search"])
def test_a_search_for_an_absent_customer_is_a_case_for_the_manager(app, db_session, scene,
                                                                   path):
    rm, absent, present = scene
    client = app.test_client()
    sign_in(client, "watch.rm")
    assert client.get(path.format(id=absent.id)).status_code == 200
    (case,) = _cases(db_session, absent.id)
    assert case.rule == "profile_viewed_without_visit" and case.staff_id == rm.id
    assert client.get(path.format(id=present.id)).status_code == 200
    assert _cases(db_session, present.id) == []


def test_a_page_saying_arrival_card_exempts_nothing_by_itself(app, db_session, scene):
    _rm, absent, present = scene
    client = app.test_client()
    sign_in(client, "watch.rm")
    for customer in (absent, present):
        assert client.get(f"/staff/customers/{customer.id}?reason=arrival_card"
                          ).status_code == 200
    assert [c.rule for c in _cases(db_session, absent.id)] == ["profile_viewed_without_visit"]
    assert _cases(db_session, present.id) == []


def test_opening_from_a_case_is_exempt_only_for_a_real_case(app, db_session, scene):
    rm, absent, present = scene
    teller = make_staff(db_session, db_session.get(Branch, rm.branch_id), Role.BRANCH_MANAGER,
                        username="watch.manager")
    db_session.commit()
    client = app.test_client()
    sign_in(client, "watch.manager")
    url = f"/staff/customers/{absent.id}?reason=fraud_case"
    assert client.get(url).status_code == 200  # no case yet: watched like any look-up
    (case,) = _cases(db_session, absent.id)
    assert case.staff_id == teller.id
    assert client.get(url).status_code == 200  # now checking that case: not a new hit
    assert [c.hits for c in _cases(db_session, absent.id)] == [1]
