"""The risk rules: each looks at one new act against the acts before it and may hit.

A rule reads only the engine's own memory (`FraudSignal` rows) and, for staff look-ups,
the branch's visits and tickets, so the same rules run live and in `bench fraud`. Each
hit names its subject (a customer, a kiosk, a staff member) and the figures that made it
fire; `step_up` says the act should go to the counter rather than be refused, since the
customer may well be genuine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from shared.models import FraudSignal, QueueTicket, SignalKind, Visit
from shared.settings import FraudSettings

MONEY_OUT = (SignalKind.WITHDRAWAL, SignalKind.TRANSFER, SignalKind.BILL)
FAST_MONEY = (SignalKind.WITHDRAWAL, SignalKind.TRANSFER)  # what a drained account shows
PAYEE_MEMORY = timedelta(days=400)
AMOUNT_MEMORY = timedelta(days=90)
OPEN_VISIT_MEMORY = timedelta(hours=12)  # a visit never closed counts for a day at most
HABIT_DAYS = 3  # near-limit cash on this many earlier days (90 days) makes it a habit


class Subject:
    CUSTOMER = "customer"
    DEVICE = "device"
    STAFF = "staff"


@dataclass(frozen=True)
class Hit:
    rule: str
    subject: str
    step_up: bool
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RuleLimits:
    """Limits of the product the rules compare with (the kiosk's withdrawal limit)."""

    withdrawal_minor: int


Rule = Callable[[Session, FraudSignal, FraudSettings, RuleLimits], Hit | None]


def _before(signal: FraudSignal, span: timedelta):
    """Rows of the signal's customer from `span` before it up to it (it included)."""
    return (FraudSignal.customer_id == signal.customer_id, FraudSignal.at > signal.at - span,
            FraudSignal.at <= signal.at)


def velocity(session: Session, signal: FraudSignal, cfg: FraudSettings,
             limits: RuleLimits) -> Hit | None:
    """Many withdrawals and transfers in a short time: a taken-over card being emptied."""
    if signal.kind not in FAST_MONEY or signal.customer_id is None:
        return None
    window = timedelta(minutes=cfg.velocity_minutes)
    count = session.scalar(select(func.count()).select_from(FraudSignal).where(
        FraudSignal.kind.in_(FAST_MONEY), *_before(signal, window)))
    if count < cfg.velocity_count:
        return None
    return Hit("velocity", Subject.CUSTOMER, True,
               {"count": count, "minutes": cfg.velocity_minutes})


def unusual_amount(session: Session, signal: FraudSignal, cfg: FraudSettings,
                   limits: RuleLimits) -> Hit | None:
    """A first payment to a new payee, large for this customer: the mule and scam pattern."""
    if signal.kind is not SignalKind.TRANSFER or signal.amount_minor < cfg.amount_floor_minor:
        return None
    earlier = (FraudSignal.id != signal.id, FraudSignal.customer_id == signal.customer_id,
               FraudSignal.at <= signal.at)
    paid_before = session.scalar(select(func.count()).select_from(FraudSignal).where(
        *earlier, FraudSignal.kind == SignalKind.TRANSFER,
        FraudSignal.counterparty == signal.counterparty,
        FraudSignal.at > signal.at - PAYEE_MEMORY))
    if paid_before:
        return None
    largest = session.scalar(select(func.max(FraudSignal.amount_minor)).where(
        *earlier, FraudSignal.kind.in_(MONEY_OUT), FraudSignal.stepped_up.is_(False),
        FraudSignal.at > signal.at - AMOUNT_MEMORY)) or 0
    if signal.amount_minor < cfg.amount_factor * largest:
        return None
    return Hit("unusual_amount", Subject.CUSTOMER, True,
               {"amount_minor": signal.amount_minor, "largest_90d_minor": largest,
                "new_payee": True})


def just_under_limit(session: Session, signal: FraudSignal, cfg: FraudSettings,
                     limits: RuleLimits) -> Hit | None:
    """Repeated withdrawals just under the kiosk's limit: someone staying below the radar."""
    floor = int(limits.withdrawal_minor * cfg.under_limit_ratio)
    if signal.kind is not SignalKind.WITHDRAWAL or not (
            floor <= signal.amount_minor <= limits.withdrawal_minor):
        return None
    count = session.scalar(select(func.count()).select_from(FraudSignal).where(
        FraudSignal.kind == SignalKind.WITHDRAWAL, FraudSignal.amount_minor >= floor,
        FraudSignal.amount_minor <= limits.withdrawal_minor,
        *_before(signal, timedelta(hours=cfg.under_limit_hours))))
    if count < cfg.under_limit_count or _near_limit_habit(session, signal, floor, limits, cfg):
        return None
    return Hit("just_under_limit", Subject.CUSTOMER, True,
               {"count": count, "hours": cfg.under_limit_hours, "from_minor": floor,
                "limit_minor": limits.withdrawal_minor})


def _near_limit_habit(session: Session, signal: FraudSignal, floor: int, limits: RuleLimits,
                      cfg: FraudSettings) -> bool:
    """Whether the customer took near-limit cash on several earlier days, unflagged: a habit.

    Structuring is a change of behaviour; someone who has long taken £450 at a time is not
    hiding anything by doing it again.
    """
    window_start = signal.at - timedelta(hours=cfg.under_limit_hours)
    earlier = session.scalars(select(FraudSignal.at).where(
        FraudSignal.customer_id == signal.customer_id,
        FraudSignal.kind == SignalKind.WITHDRAWAL, FraudSignal.stepped_up.is_(False),
        FraudSignal.amount_minor >= floor, FraudSignal.amount_minor <= limits.withdrawal_minor,
        FraudSignal.at > signal.at - AMOUNT_MEMORY, FraudSignal.at <= window_start)).all()
    return len({at.date() for at in earlier}) >= HABIT_DAYS


def new_wallet_after_reissue(session: Session, signal: FraudSignal, cfg: FraudSettings,
                             limits: RuleLimits) -> Hit | None:
    """A wallet bound right after a replacement card: the card may be in the wrong hands."""
    if signal.kind is not SignalKind.WALLET_BIND:
        return None
    issued = session.scalar(select(func.max(FraudSignal.at)).where(
        FraudSignal.kind == SignalKind.CARD_ISSUED, FraudSignal.counterparty == "replacement",
        *_before(signal, timedelta(days=cfg.reissue_days))))
    if issued is None:
        return None
    return Hit("new_wallet_after_reissue", Subject.CUSTOMER, True,
               {"card_issued_at": issued.isoformat(), "days": cfg.reissue_days})


def wrong_pins_across_cards(session: Session, signal: FraudSignal, cfg: FraudSettings,
                            limits: RuleLimits) -> Hit | None:
    """Wrong PINs for several cards at one kiosk: someone trying stolen cards."""
    if signal.kind is not SignalKind.PIN_WRONG or signal.device_id is None:
        return None
    cards = session.scalar(select(func.count(func.distinct(FraudSignal.card_id))).where(
        FraudSignal.kind == SignalKind.PIN_WRONG, FraudSignal.device_id == signal.device_id,
        FraudSignal.at > signal.at - timedelta(minutes=cfg.pin_spray_minutes),
        FraudSignal.at <= signal.at))
    if cards < cfg.pin_spray_cards:
        return None
    return Hit("wrong_pins_across_cards", Subject.DEVICE, False,
               {"cards": cards, "minutes": cfg.pin_spray_minutes})


def profile_viewed_without_visit(session: Session, signal: FraudSignal, cfg: FraudSettings,
                                 limits: RuleLimits) -> Hit | None:
    """A profile opened by search while the customer has no visit, ticket or card use here."""
    if signal.kind is not SignalKind.PROFILE_VIEWED or signal.customer_id is None:
        return None
    since = signal.at - timedelta(hours=cfg.presence_hours)
    here = signal.branch_id
    # A visit that overlaps the window: arrived in it, or arrived earlier today and had not
    # left by its start (a customer waiting long is still here).
    visits = session.scalar(select(func.count()).select_from(Visit).where(
        Visit.customer_id == signal.customer_id, Visit.branch_id == here,
        Visit.arrived_at <= signal.at, Visit.arrived_at > signal.at - OPEN_VISIT_MEMORY,
        or_(Visit.arrived_at > since, Visit.left_at.is_(None), Visit.left_at > since)))
    tickets = session.scalar(select(func.count()).select_from(QueueTicket).where(
        QueueTicket.customer_id == signal.customer_id, QueueTicket.branch_id == here,
        QueueTicket.created_at > since, QueueTicket.created_at <= signal.at))
    card_use = session.scalar(select(func.count()).select_from(FraudSignal).where(
        FraudSignal.kind.in_((SignalKind.PIN_OK, *MONEY_OUT)), FraudSignal.branch_id == here,
        *_before(signal, timedelta(hours=cfg.presence_hours))))
    if visits or tickets or card_use:
        return None
    return Hit("profile_viewed_without_visit", Subject.STAFF, False,
               {"hours": cfg.presence_hours})


RULES: tuple[Rule, ...] = (velocity, unusual_amount, just_under_limit,
                           new_wallet_after_reissue, wrong_pins_across_cards,
                           profile_viewed_without_visit)
RULE_NAMES: tuple[str, ...] = tuple(rule.__name__ for rule in RULES)
