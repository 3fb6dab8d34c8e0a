"""Each risk rule fires on its pattern and stays quiet just below it; cases gather hits."""

from datetime import timedelta

import pytest

from shared import fraud
from shared.db.base import utcnow
from shared.events import EventKind
from shared.events.bus import InProcessBus
from shared.fraud import Observation, observe
from shared.models import CaseStatus, FraudCase, QueueTicket, SignalKind, Visit
from shared.models.enums import Role, VisitSource
from tests.factories import make_branch, make_customer, make_kiosk, make_staff

T0 = utcnow().replace(microsecond=0) - timedelta(days=1)


@pytest.fixture
def scene(db_session):
    branch = make_branch(db_session)
    return {"branch": branch, "kiosk": make_kiosk(db_session, branch),
            "customer": make_customer(db_session, branch),
            "staff": make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER)}


def _act(session, settings, scene, kind, minutes=0.0, amount=0, to="", card=None, **kw):
    return observe(session, Observation(
        kind=kind, branch_id=scene["branch"].id, device_id=scene["kiosk"].id,
        customer_id=scene["customer"].id, card_id=card, amount_minor=amount, counterparty=to,
        at=T0 + timedelta(minutes=minutes), **kw), settings)


def test_velocity_fires_on_the_fourth_fast_withdrawal_or_transfer(db_session, settings, scene):
    kinds = [SignalKind.WITHDRAWAL, SignalKind.TRANSFER, SignalKind.WITHDRAWAL]
    verdicts = [_act(db_session, settings, scene, k, minutes=5 * i, amount=2_000, to="X")
                for i, k in enumerate(kinds)]
    assert not any(v.step_up for v in verdicts)
    fourth = _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=20, amount=2_000)
    assert fourth.step_up and "velocity" in fourth.rules


def test_velocity_ignores_acts_outside_the_window_and_bill_payments(db_session, settings,
                                                                    scene):
    for i in range(3):
        _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=i, amount=2_000)
    for i in range(3):
        assert not _act(db_session, settings, scene, SignalKind.BILL, minutes=5 + i,
                        amount=2_000, to="WATER").step_up
    later = _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=45, amount=2_000)
    assert "velocity" not in later.rules


def test_unusual_amount_needs_a_new_payee_and_a_jump_over_the_usual(db_session, settings,
                                                                    scene):
    _act(db_session, settings, scene, SignalKind.TRANSFER, amount=50_000, to="11112222")
    # 4x the largest of 90 days is 200,000: below it, and to a payee paid before, is quiet.
    assert not _act(db_session, settings, scene, SignalKind.TRANSFER, minutes=600,
                    amount=150_000, to="33334444").step_up
    assert not _act(db_session, settings, scene, SignalKind.TRANSFER, minutes=1200,
                    amount=700_000, to="11112222").step_up
    # The largest is now 700,000; 2,900,000 to a new payee is over four times that.
    hit = _act(db_session, settings, scene, SignalKind.TRANSFER, minutes=1800,
               amount=2_900_000, to="55556666")
    assert hit.rules == ("unusual_amount",)
    assert hit.hits[0].evidence == {"amount_minor": 2_900_000, "largest_90d_minor": 700_000,
                                    "new_payee": True}


def test_first_large_payment_of_a_new_customer_is_a_step_up(db_session, settings, scene):
    verdict = _act(db_session, settings, scene, SignalKind.TRANSFER, amount=120_000, to="999")
    assert verdict.step_up and verdict.rules == ("unusual_amount",)
    assert not _act(db_session, settings, scene, SignalKind.TRANSFER, minutes=1, amount=90_000,
                    to="998").step_up  # under the floor


def test_just_under_limit_fires_on_the_second_near_limit_withdrawal(db_session, settings,
                                                                    scene):
    limit = settings.kiosk.max_withdrawal_minor
    assert not _act(db_session, settings, scene, SignalKind.WITHDRAWAL, amount=limit - 2_000,
                    ).step_up
    assert not _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=60,
                    amount=int(limit * 0.8)).step_up
    second = _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=120,
                  amount=limit - 1_000)
    assert second.rules == ("just_under_limit",)
    next_day = _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=60 * 30,
                    amount=limit - 1_000)
    assert "just_under_limit" not in next_day.rules


def test_wallet_after_a_replacement_card_but_not_after_a_renewal(db_session, settings, scene):
    _act(db_session, settings, scene, SignalKind.CARD_ISSUED, to="renewal")
    assert not _act(db_session, settings, scene, SignalKind.WALLET_BIND, minutes=60,
                    to="apple_pay").step_up
    _act(db_session, settings, scene, SignalKind.CARD_ISSUED, minutes=120, to="replacement")
    assert _act(db_session, settings, scene, SignalKind.WALLET_BIND, minutes=180,
                to="google_pay").rules == ("new_wallet_after_reissue",)
    assert not _act(db_session, settings, scene, SignalKind.WALLET_BIND, minutes=60 * 24 * 9,
                    to="google_pay").step_up


def test_wrong_pins_for_three_cards_at_one_kiosk_open_a_kiosk_case(db_session, settings,
                                                                   scene, tmp_path):
    from shared.money.card_keys import CardKeys  # noqa: F401  (cards come from factories)
    from tests.money_factories import make_account

    cards = []
    for _ in range(3):
        account = make_account(db_session, scene["customer"])
        cards.append(_card(db_session, account))
    first = _act(db_session, settings, scene, SignalKind.PIN_WRONG, card=cards[0])
    again = _act(db_session, settings, scene, SignalKind.PIN_WRONG, minutes=1, card=cards[0])
    second = _act(db_session, settings, scene, SignalKind.PIN_WRONG, minutes=2, card=cards[1])
    assert not (first.rules or again.rules or second.rules)
    third = _act(db_session, settings, scene, SignalKind.PIN_WRONG, minutes=3, card=cards[2])
    assert third.rules == ("wrong_pins_across_cards",) and not third.step_up
    case = db_session.get(FraudCase, third.case_ids[0])
    assert case.device_id == scene["kiosk"].id and case.customer_id is None


def _card(session, account):
    from shared.models import Card

    card = Card(pan_hash=f"{account.id:064d}", pan_last4="0000", expires_on=T0.date(),
                customer_id=account.customer_id, account_id=account.id,
                pin_verification_value="0" * 64)
    session.add(card)
    session.flush()
    return card.id


def test_profile_looked_up_with_no_visit_ticket_or_card_is_a_staff_case(db_session, settings,
                                                                        scene):
    staff = scene["staff"]
    verdict = _act(db_session, settings, scene, SignalKind.PROFILE_VIEWED, staff_id=staff.id)
    assert verdict.rules == ("profile_viewed_without_visit",) and not verdict.step_up
    case = db_session.get(FraudCase, verdict.case_ids[0])
    assert case.staff_id == staff.id and case.customer_id == scene["customer"].id


@pytest.mark.parametrize("presence", ["visit", "ticket", "card"])
def test_profile_looked_up_while_the_customer_is_here_is_quiet(db_session, settings, scene,
                                                               presence):
    customer, branch = scene["customer"], scene["branch"]
    if presence == "visit":
        db_session.add(Visit(branch_id=branch.id, customer_id=customer.id,
                             source=VisitSource.DOOR_CAMERA, arrived_at=T0))
    elif presence == "ticket":
        db_session.add(QueueTicket(branch_id=branch.id, service_day=str(T0.date()),
                                   number="A001", service="cash", reason="asked",
                                   customer_id=customer.id, created_at=T0))
    else:
        _act(db_session, settings, scene, SignalKind.PIN_OK)
    db_session.flush()
    assert not _act(db_session, settings, scene, SignalKind.PROFILE_VIEWED, minutes=30,
                    staff_id=scene["staff"].id).rules


def test_later_hits_join_the_open_case_and_a_genuine_close_quiets_the_rule(db_session,
                                                                           settings, scene):
    bus = InProcessBus()
    heard = []
    bus.subscribe(heard.append)
    limit = settings.kiosk.max_withdrawal_minor
    for i in range(2):  # 20 minutes apart: under the velocity rule's count
        _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=20 * i, amount=limit)
    third = _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=40, amount=limit)
    cases = db_session.query(FraudCase).filter_by(rule="just_under_limit").all()
    assert len(cases) == 1 and cases[0].hits == 2 and third.case_ids == (cases[0].id,)
    fraud.close_case(db_session, cases[0].id, staff_id=scene["staff"].id,
                     branch_ids=[scene["branch"].id], status=CaseStatus.GENUINE,
                     note="ID checked at the counter", bus=bus)
    db_session.commit()
    assert [e.kind for e in heard] == [EventKind.FRAUD_CASE_CLOSED]
    assert not _act(db_session, settings, scene, SignalKind.WITHDRAWAL, minutes=60,
                    amount=limit).step_up
    with pytest.raises(fraud.CaseError):
        fraud.close_case(db_session, cases[0].id, staff_id=scene["staff"].id,
                         branch_ids=[scene["branch"].id], status=CaseStatus.FRAUD)
    with pytest.raises(fraud.CaseError):
        fraud.close_case(db_session, cases[0].id, staff_id=scene["staff"].id,
                         branch_ids=[scene["branch"].id + 1000], status=CaseStatus.FRAUD)


def test_a_new_case_is_announced_after_commit_without_customer_data(db_session, settings,
                                                                    scene):
    bus = InProcessBus()
    heard = []
    bus.subscribe(heard.append)
    verdict = observe(db_session, Observation(
        kind=SignalKind.TRANSFER, branch_id=scene["branch"].id, device_id=scene["kiosk"].id,
        customer_id=scene["customer"].id, amount_minor=500_000, counterparty="77"), settings,
        bus)
    assert verdict.step_up and heard == []  # nothing before the commit
    db_session.commit()
    (event,) = heard
    assert event.kind is EventKind.FRAUD_CASE_OPENED
    assert event.payload.case_id == verdict.case_ids[0]
    assert event.payload.device_code == scene["kiosk"].code
    assert set(event.to_dict()["payload"]) == {"case_id", "rule", "step_up", "device_code"}


def test_listed_cases_name_the_customer_kiosk_and_staff(db_session, settings, scene):
    _act(db_session, settings, scene, SignalKind.PROFILE_VIEWED, staff_id=scene["staff"].id)
    (view,) = fraud.list_cases(db_session, [scene["branch"].id])
    assert view.rule == "profile_viewed_without_visit"
    assert view.customer_name == f"{scene['customer'].given_name} " \
        f"{scene['customer'].family_name}"
    assert view.staff_name == scene["staff"].full_name and view.status == "open"
    assert fraud.list_cases(db_session, [scene["branch"].id + 1000]) == []
