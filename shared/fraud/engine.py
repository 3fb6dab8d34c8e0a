"""Observe one act: remember it, run the rules, open or join cases, say whether to step up.

Called inside the unit of work of the act itself (a kiosk withdrawal, a transfer, a
wallet binding, a wrong PIN, a profile opened by search), a writing one (`begin_write`
before its first statement, for SQLite's sake), before any money moves, so a
step-up and its case are committed together with the remembered act. Cases are announced
to the branch's floor after the commit (`fraud.case_opened`, no customer data).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.events import Event, EventBus, FraudCaseOpened
from shared.events.after_commit import publish_after_commit
from shared.fraud.rules import RULES, Hit, RuleLimits, Subject
from shared.models import CaseStatus, Device, FraudCase, FraudSignal, SignalKind
from shared.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Observation:
    """An act as the engine sees it; who did it, where, how much and to whom."""

    kind: SignalKind
    branch_id: int | None = None
    device_id: int | None = None
    customer_id: int | None = None
    card_id: int | None = None
    staff_id: int | None = None
    amount_minor: int = 0
    counterparty: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class Verdict:
    """What the rules said: the hits, the cases they opened or joined, and step-up."""

    hits: tuple[Hit, ...] = ()
    case_ids: tuple[int, ...] = ()
    step_up: bool = False
    rules: tuple[str, ...] = field(default=())


def remember(session: Session, observation: Observation) -> FraudSignal:
    """Write the act to the rules' memory without judging it (a card issued, say)."""
    signal = FraudSignal(
        kind=observation.kind, at=observation.at or utcnow(), branch_id=observation.branch_id,
        device_id=observation.device_id, customer_id=observation.customer_id,
        card_id=observation.card_id, staff_id=observation.staff_id,
        amount_minor=observation.amount_minor, counterparty=observation.counterparty[:64])
    session.add(signal)
    session.flush()
    return signal


def observe(session: Session, observation: Observation, settings: Settings,
            bus: EventBus | None = None) -> Verdict:
    """Remember the act and run every rule on it; a case per hit (or its open one grows)."""
    signal = remember(session, observation)
    cfg = settings.fraud
    if not cfg.enabled:
        return Verdict()
    limits = RuleLimits(withdrawal_minor=settings.kiosk.max_withdrawal_minor)
    hits, cases = [], []
    for rule in RULES:
        hit = rule(session, signal, cfg, limits)
        if hit is None:
            continue
        case = _case_for(session, signal, hit, settings, bus)
        if case is None:  # a teller cleared this subject for this rule a moment ago
            continue
        hits.append(hit)
        cases.append(case.id)
    signal.stepped_up = any(hit.step_up for hit in hits)
    if hits:
        log.info("fraud: %s by customer %s at device %s hit %s", signal.kind,
                    signal.customer_id, signal.device_id, [hit.rule for hit in hits])
    return Verdict(tuple(hits), tuple(cases), signal.stepped_up,
                   tuple(hit.rule for hit in hits))


def _subject_filter(signal: FraudSignal, hit: Hit) -> tuple:
    if hit.subject == Subject.DEVICE:
        return (FraudCase.device_id == signal.device_id,)
    if hit.subject == Subject.STAFF:
        return (FraudCase.staff_id == signal.staff_id,
                FraudCase.customer_id == signal.customer_id)
    return (FraudCase.customer_id == signal.customer_id,)


def _case_for(session: Session, signal: FraudSignal, hit: Hit, settings: Settings,
              bus: EventBus | None) -> FraudCase | None:
    """Join the subject's recent case for this rule, or open one (None: cleared as genuine)."""
    since = signal.at - timedelta(hours=settings.fraud.case_merge_hours)
    recent = session.scalars(select(FraudCase).where(
        FraudCase.rule == hit.rule, *_subject_filter(signal, hit),
        FraudCase.last_hit_at > since).order_by(FraudCase.id.desc()).limit(1)).first()
    if recent is not None and recent.status is CaseStatus.GENUINE and (
            recent.closed_at is None or recent.closed_at > since):
        return None
    if recent is not None and recent.status is CaseStatus.OPEN:
        recent.hits += 1
        recent.last_hit_at = signal.at
        recent.step_up = recent.step_up or hit.step_up
        recent.amount_minor = max(recent.amount_minor, signal.amount_minor)
        recent.evidence = {**recent.evidence, **hit.evidence}
        return recent
    case = FraudCase(
        rule=hit.rule, step_up=hit.step_up, branch_id=signal.branch_id,
        device_id=signal.device_id,
        customer_id=None if hit.subject == Subject.DEVICE else signal.customer_id,
        staff_id=signal.staff_id if hit.subject == Subject.STAFF else None,
        signal_id=signal.id, amount_minor=signal.amount_minor, evidence=hit.evidence,
        opened_at=signal.at, last_hit_at=signal.at)
    session.add(case)
    session.flush()
    if bus is not None and signal.branch_id is not None:
        code = session.scalar(select(Device.code).where(Device.id == signal.device_id)) \
            if signal.device_id else None
        publish_after_commit(session, bus, Event(signal.branch_id, FraudCaseOpened(
            case_id=case.id, rule=hit.rule, step_up=hit.step_up, device_code=code or "")))
    return case
