"""Offers on the floor: a relationship manager records a suggested product discussed,
accepted or declined with an arriving customer, for the funnel's last two steps.

An offer is a product of the next-best-offer catalogue (shared.insights.offers.catalogue:
its keys include every product a talking point suggests), recorded as facts keyed by the
visit and the product. Accepting or declining is also discussing, so both record
`offer.discussed` too; a recorded decision cannot be turned into the other one (facts are
never changed), and recording the same thing again is a no-op.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.analytics.facts import Fact, fact_key, record
from shared.analytics.kinds import FactKind
from shared.db.base import utcnow
from shared.events import Event, EventBus, OfferRecorded
from shared.events.after_commit import publish_after_commit
from shared.floor.arrivals import GREETING_ROLES, ArrivalError, active_staff, visit_at_branch
from shared.i18n.text import N_, Text
from shared.insights.offers.catalogue import KEYS
from shared.models.analytics import AnalyticsFact
from shared.models.enums import ActorType

DISCUSSED = "discussed"
DECISIONS = {"accepted": FactKind.OFFER_ACCEPTED, "declined": FactKind.OFFER_DECLINED}
OUTCOMES = (DISCUSSED, *DECISIONS)
_OUTCOME_OF = {FactKind.OFFER_DISCUSSED.value: DISCUSSED,
               **{kind.value: outcome for outcome, kind in DECISIONS.items()}}


def _key(visit_id: int, product: str, outcome: str) -> str:
    return fact_key("visit", visit_id, "offer", product, outcome)


def recorded_offers(session: Session, visit_id: int) -> dict[str, str]:
    """What was recorded of each product offered on the visit: discussed, accepted, declined."""
    keys = [_key(visit_id, p, o) for p in KEYS for o in OUTCOMES]
    rows = session.execute(select(AnalyticsFact.dim, AnalyticsFact.kind)
                           .where(AnalyticsFact.key.in_(keys))).all()
    offers: dict[str, str] = {}
    for product, kind in rows:
        outcome = _OUTCOME_OF[kind]
        if outcome != DISCUSSED or product not in offers:  # a decision says more
            offers[product] = outcome
    return offers


def record_offer(session: Session, bus: EventBus, visit_id: int, staff_id: int, product: str,
                 outcome: str, now: datetime | None = None) -> bool:
    """Record an offer discussed, accepted or declined; audited, announced after commit.

    True when something new was recorded; refused (ArrivalError) for an unknown product or
    outcome, a colleague who does not greet or is of another branch, a customer who has
    left, or a decision that contradicts the one already recorded.
    """
    if product not in KEYS:
        raise ArrivalError("invalid", f"product must be one of {', '.join(KEYS)}")
    if outcome not in OUTCOMES:
        raise ArrivalError("invalid", f"outcome must be one of {', '.join(OUTCOMES)}")
    now = now or utcnow()
    staff = active_staff(session, staff_id)
    if staff.role not in GREETING_ROLES:
        raise ArrivalError("forbidden", N_("only relationship and branch managers record offers"))
    visit = visit_at_branch(session, visit_id, staff.branch_id)
    decided = recorded_offers(session, visit.id).get(product)
    if outcome in DECISIONS and decided in DECISIONS and decided != outcome:
        raise ArrivalError("already_decided", Text("this offer is already recorded as %(outcome)s",
                                                 outcome=decided))

    def fact(kind: FactKind, happened: str) -> bool:
        return record(session, Fact(kind, _key(visit.id, product, happened), visit.branch_id,
                                    now, product, customer_id=visit.customer_id))

    stored = fact(FactKind.OFFER_DISCUSSED, DISCUSSED)
    if outcome in DECISIONS:
        stored = fact(DECISIONS[outcome], outcome) or stored
    if stored:
        audit.record(session, audit.Actor(ActorType.STAFF, staff.id), f"offer.{outcome}",
                     subject_type="customer", subject_id=visit.customer_id,
                     detail={"visit_id": visit.id, "product": product})
        publish_after_commit(session, bus, Event(visit.branch_id,
                                                 OfferRecorded(visit.id, product, outcome)))
    return stored
