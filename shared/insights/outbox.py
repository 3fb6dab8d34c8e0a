"""The notification outbox: low-balance warnings queued once per event for a real sender.

Preferences read here (CustomerPreference key -> value; values are compared lower-cased):
- `contact_channel`: app, email, sms, phone or post ("letter" is post, "text" is sms);
  the warning goes there. Missing or unknown: the app (the quietest channel).
- `contact_opt_out`: "yes" when the customer asked not to be contacted at all; nothing is
  queued (the warning still shows to staff on the arrival card). Anything else: contact.
- `marketing`: "yes" or "no", consent to offers (missing: "no"). Read by the offers; a
  low-balance warning is a service message about the customer's own account, not
  marketing, so it is sent whatever this says.
- `low_balance_threshold`: the customer's own threshold in minor units (e.g. "5000" for
  50.00); missing or not a whole number: InsightsSettings.low_balance_threshold_minor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared.models import CustomerPreference, Notification

CONTACT_CHANNEL = "contact_channel"
CONTACT_OPT_OUT = "contact_opt_out"
MARKETING = "marketing"
LOW_BALANCE_THRESHOLD = "low_balance_threshold"
CHANNELS = ("app", "email", "sms", "phone", "post")
DEFAULT_CHANNEL = "app"
_CHANNEL_ALIASES = {"letter": "post", "text": "sms", "mail": "post", "push": "app"}
YES = "yes"
KIND_LOW_BALANCE = "low_balance"


@dataclass(frozen=True, slots=True)
class ContactPreferences:
    """How and whether a customer may be contacted, from their preferences."""

    channel: str
    opted_out: bool
    marketing: bool
    threshold_minor: int | None  # their own low-balance threshold, None: the setting's


def contact_preferences(session: Session, customer_id: int) -> ContactPreferences:
    """Read the customer's contact preferences (see the module's docstring for the keys)."""
    return preferences_from(dict(session.execute(
        select(CustomerPreference.key, CustomerPreference.value).where(
            CustomerPreference.customer_id == customer_id,
            CustomerPreference.key.in_((CONTACT_CHANNEL, CONTACT_OPT_OUT, MARKETING,
                                        LOW_BALANCE_THRESHOLD)))).all()))


def preferences_from(values: Mapping[str, str]) -> ContactPreferences:
    """The contact preferences among a customer's preferences (key -> value)."""
    channel = values.get(CONTACT_CHANNEL, "").strip().lower()
    channel = _CHANNEL_ALIASES.get(channel, channel)
    threshold = values.get(LOW_BALANCE_THRESHOLD, "").strip()
    return ContactPreferences(
        channel=channel if channel in CHANNELS else DEFAULT_CHANNEL,
        opted_out=values.get(CONTACT_OPT_OUT, "").strip().lower() == YES,
        marketing=values.get(MARKETING, "").strip().lower() == YES,
        threshold_minor=int(threshold) if threshold.lstrip("-").isdigit() else None,
    )


def warning_payload(warning: Mapping) -> dict:
    """What a sender needs to say a stored warning (the engine's JSON), and no more: no name,
    address or account number. The cause's amount is what the payment takes (positive)."""
    cause = warning.get("cause") or ""
    return {
        "account": {"name": warning["account"], "last4": warning["last4"]},
        "date": warning["date"],
        "projected_balance_minor": warning["projected_minor"],
        "lowest_balance_minor": warning["lowest_minor"],
        "threshold_minor": warning["threshold_minor"],
        "currency": warning["currency"],
        "cause": {"label": cause, "amount_minor": warning["cause_amount_minor"],
                  "date": warning.get("cause_date") or warning["date"]} if cause else None,
    }


def insert_once(session: Session, notification: Notification) -> Notification | None:
    """Add the notification unless one with its dedupe_key exists; None when it did.

    The savepoint keeps the caller's transaction usable when another worker inserted the
    same key between our look and our insert (the unique constraint has the last word).
    """
    exists = session.scalar(select(Notification.id).where(
        Notification.dedupe_key == notification.dedupe_key))
    if exists is not None:
        return None
    try:
        with session.begin_nested():
            session.add(notification)
            session.flush()
    except IntegrityError:
        return None
    return notification


def queue_low_balance_warning(session: Session, customer_id: int, warning: Mapping,
                              now: datetime) -> Notification | None:
    """Queue a stored warning (the engine's JSON) to the customer's channel once per event.

    Not queued when the event is queued already (same `event_key`) or when the customer
    opted out of contact (`contact_opt_out` = "yes"). Marketing consent is not asked: this
    is a service message about their own account, not an offer. The caller owns the
    transaction.
    """
    return queue_once(session, customer_id, KIND_LOW_BALANCE, warning["event_key"],
                      warning_payload(warning), now)


def queue_once(session: Session, customer_id: int, kind: str, dedupe_key: str, payload: dict,
               now: datetime) -> Notification | None:
    """Queue a service message to the customer's channel once per `dedupe_key`; None when
    it was queued before or the customer opted out of contact."""
    preferences = contact_preferences(session, customer_id)
    if preferences.opted_out:
        return None
    return insert_once(session, Notification(
        customer_id=customer_id, channel=preferences.channel, kind=kind,
        dedupe_key=dedupe_key, payload=payload, created_at=now))
