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

from shared.insights.forecast import LowBalanceWarning
from shared.models import Account, CustomerPreference, ExternalAccount, Notification

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


def _account_label(session: Session, customer_id: int, account: str) -> tuple[str, str, str]:
    """(name, last four, currency) of one of the customer's accounts; blanks if not theirs."""
    source, _, raw_id = account.partition(":")
    if raw_id.isdigit():
        if source == "ours":
            row = session.get(Account, int(raw_id))
            if row is not None and row.customer_id == customer_id:
                return row.name, row.number[-4:], row.currency
        elif source == "external":
            ext = session.get(ExternalAccount, int(raw_id))
            if ext is not None and ext.customer_id == customer_id:
                return ext.name, ext.masked_identification[-4:], ext.currency
    return "", "", ""


def warning_payload(warning: LowBalanceWarning, account_name: str, last4: str,
                    currency: str) -> dict:
    """What the sender needs to say it, and no more: no name, address or account number."""
    cause = warning.cause
    return {
        "account": {"name": account_name, "last4": last4},
        "date": warning.on.isoformat(),
        "projected_balance_minor": warning.balance_minor,
        "lowest_balance_minor": warning.lowest_minor,
        "threshold_minor": warning.threshold_minor,
        "currency": currency,
        "cause": None if cause is None else {
            "label": cause.label, "amount_minor": cause.amount_minor,
            "date": cause.on.isoformat()},
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


def queue_low_balance_warning(session: Session, customer_id: int, warning: LowBalanceWarning,
                              now: datetime) -> Notification | None:
    """Queue the warning to the customer's channel once per event; None if not queued.

    Not queued when the event is queued already (same `warning.event_key`) or when the
    customer opted out of contact (`contact_opt_out` = "yes"). Marketing consent is not
    asked: this is a service message about their own account, not an offer. The caller
    owns the transaction.
    """
    name, last4, currency = _account_label(session, customer_id, warning.account)
    return queue_once(session, customer_id, KIND_LOW_BALANCE, warning.event_key,
                      warning_payload(warning, name, last4, currency), now)


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
