"""Sharing accounts at another bank, after card and PIN: the customer reads the consent text
on the screen, ticks to agree and chooses what to share; the accounts are fetched at once
and the customer's insights recomputed. Money never moves here."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.actions import ActionRecord, ActionStatus
from kiosk.station import CardHolder, Station
from shared.customers.other_banks import link_other_bank
from shared.db.base import utcnow
from shared.i18n.text import N_, Text
from shared.models.enums import ConsentChannel
from shared.openbanking.client import SCOPES
from shared.openbanking.errors import CodedError


def banks(station: Station) -> list[dict]:
    """The other banks a customer can share from (the touch UI's choice)."""
    days = station.settings.openbanking.consent_days  # the period the consent text names
    return [{"key": key, "name": provider.name, "days": days}
            for key, provider in station.settings.openbanking.providers.items()]


def _link(session: Session, station: Station, holder: CardHolder, bank: str,
          scopes: list[str]):
    return link_other_bank(session, station.settings, holder.customer_id, bank, scopes, None,
                           ConsentChannel.KIOSK, None, station.kiosk.branch_id, utcnow())


def share_bank(station: Station, holder: CardHolder, record: ActionRecord) -> dict:
    """Record the card holder's consent at the bank they chose and fetch at once."""
    action = record.action
    if not action.get("consent"):
        return _refused(record, N_("Please tick the box to agree first."), "no_consent")
    scopes = [s for s in SCOPES if s in (action.get("scopes") or ())]
    try:
        _, result = station.unit_of_work(_link, station, holder, action.get("bank") or "",
                                         scopes)
    except CodedError as exc:
        return _refused(record, exc.message, exc.code)
    if not result.ok:
        return {"kind": "share_bank", "message": Text(
            "Your consent is recorded, but %(reason)s", reason=result.error.message)}
    return {"kind": "share_bank", "accounts": result.accounts,
            "message": Text("Shared: %(accounts)s account(s). Your relationship manager can "
                            "now see what is coming up; you can revoke this at any branch.",
                            accounts=result.accounts)}


def _refused(record: ActionRecord, reason: str, code: str) -> dict:
    record.finish(ActionStatus.REFUSED, error=reason, code=code)
    return {"kind": "share_bank", "message": Text("Sorry: %(reason)s", reason=reason)}
