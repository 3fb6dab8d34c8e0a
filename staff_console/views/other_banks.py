"""The 360's forms for money seen beyond our ledger: accounts at other banks (consented
account information), statements the customer brings, and category corrections."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shared.audit.access_log import ViewReason
from shared.customers.other_banks import (
    import_statement_file,
    link_other_bank,
    refresh_other_bank,
    unlink_other_bank,
)
from shared.db.base import utcnow
from shared.insights.corrections import CorrectionError, correct_category
from shared.models import DataSharingConsent
from shared.models.enums import ConsentChannel
from shared.openbanking.client import SCOPES
from shared.openbanking.errors import CodedError
from shared.web.i18n import said
from shared.web.request_db import get_database, get_session, writing_session
from staff_console.consent_texts import CURRENT_DATA_SHARING_VERSION
from staff_console.policy import Can, require_customer, requires

bp = Blueprint("staff_other_banks", __name__, url_prefix="/staff")
MAX_STATEMENT_BYTES = 5 * 1024 * 1024


def _back(customer_id: int, message: str, category: str = "info", anchor: str = "other-banks"):
    flash(message, category)
    return redirect(url_for("staff_customers_pages.profile", customer_id=customer_id,
                            reason=ViewReason.PROFILE.value) + f"#{anchor}")


def _settings():
    return current_app.extensions["smartbranch.settings"]


def _customer_agreed() -> bool:
    """The form says the customer read the current consent text and agreed."""
    return (request.form.get("text_version") == CURRENT_DATA_SHARING_VERSION
            and request.form.get("confirmed") == "yes")


def _consent_of(customer_id: int, consent_id: int) -> DataSharingConsent | None:
    consent = get_session().get(DataSharingConsent, consent_id)
    return consent if consent is not None and consent.customer_id == customer_id else None


@bp.post("/customers/<int:customer_id>/other-banks")
@requires(Can.MANAGE_CONSENT)
def post_link(customer_id: int):
    """Link an account at another bank with the customer's consent, and fetch it at once."""
    require_customer(customer_id)
    if not _customer_agreed():
        return _back(customer_id, _("Not linked: the customer must read the text and confirm."),
                     "error")
    scopes = [s for s in SCOPES if request.form.get(f"scope_{s}") == "yes"]
    days = request.form.get("days", "").strip()
    try:
        consent, result = link_other_bank(
            writing_session(), _settings(), customer_id, request.form.get("provider", ""), scopes,
            int(days) if days.isdigit() else None, ConsentChannel.TABLET,
            current_user.identity.id, current_user.branch_id, utcnow())
    except CodedError as exc:
        return _back(customer_id, _("Not linked: %(reason)s", reason=said(exc)), "error")
    if not result.ok:
        return _back(customer_id, _("Consent recorded, but the first fetch failed: %(reason)s",
                                    reason=said(result.error)), "error")
    return _back(customer_id, _("Linked: %(accounts)s account(s), %(count)s transaction(s) "
                                "fetched. The insights update within a minute.",
                                accounts=result.accounts, count=result.new_transactions))


@bp.post("/customers/<int:customer_id>/other-banks/<int:consent_id>/refresh")
@requires(Can.MANAGE_CONSENT)
def post_refresh(customer_id: int, consent_id: int):
    require_customer(customer_id)
    if _consent_of(customer_id, consent_id) is None:
        return _back(customer_id, _("There is no such consent."), "error")
    get_session().rollback()  # the fetch runs outside this request's transaction
    try:
        result = refresh_other_bank(get_database(), _settings(), consent_id, utcnow())
    except CodedError as exc:
        return _back(customer_id, _("Not fetched: %(reason)s", reason=said(exc)), "error")
    if not result.ok:
        return _back(customer_id, _("Not fetched: %(reason)s", reason=said(result.error)),
                     "error")
    return _back(customer_id, _("Fetched: %(count)s new transaction(s).",
                                count=result.new_transactions))


@bp.post("/customers/<int:customer_id>/other-banks/<int:consent_id>/revoke")
@requires(Can.MANAGE_CONSENT)
def post_revoke(customer_id: int, consent_id: int):
    """Revoke the consent: everything it brought in is deleted at once."""
    require_customer(customer_id)
    if _consent_of(customer_id, consent_id) is None:
        return _back(customer_id, _("There is no such consent."), "error")
    try:
        done = unlink_other_bank(writing_session(), _settings(), consent_id,
                                 current_user.identity.id, utcnow())
    except CodedError as exc:
        return _back(customer_id, _("Not revoked: %(reason)s", reason=said(exc)), "error")
    return _back(customer_id, _("Consent revoked; %(accounts)s account(s) and %(count)s "
                                "transaction(s) deleted.", accounts=done.accounts_deleted,
                                count=done.transactions_deleted))


@bp.post("/customers/<int:customer_id>/statements")
@requires(Can.MANAGE_CONSENT)
def post_statement(customer_id: int):
    """Keep a statement file the customer brought (OFX or CSV), with their consent."""
    require_customer(customer_id)
    if not _customer_agreed():
        return _back(customer_id, _("Not imported: the customer must read the text and "
                                    "confirm."), "error")
    upload = request.files.get("statement")
    if upload is None or not upload.filename:
        return _back(customer_id, _("Not imported: choose an OFX or CSV file."), "error")
    data = upload.read(MAX_STATEMENT_BYTES + 1)
    if len(data) > MAX_STATEMENT_BYTES:
        return _back(customer_id, _("Not imported: the file is larger than 5 MB."), "error")
    try:
        imported = import_statement_file(writing_session(), customer_id, data, upload.filename,
                                         ConsentChannel.TABLET, current_user.identity.id,
                                         current_user.branch_id, utcnow())
    except CodedError as exc:
        get_session().rollback()
        return _back(customer_id, _("Not imported: %(reason)s", reason=said(exc)), "error")
    return _back(customer_id, _("Imported %(count)s transaction(s) (%(duplicates)s already "
                                "known).", count=imported.new_transactions,
                                duplicates=imported.duplicates))


@bp.post("/customers/<int:customer_id>/categories")
@requires(Can.EDIT_PROFILE)
def post_category(customer_id: int):
    """Keep the category a relationship manager chose for one transaction."""
    require_customer(customer_id)
    try:
        correct_category(writing_session(), customer_id, request.form.get("ref", ""),
                         request.form.get("category", ""), current_user.identity.id, utcnow())
    except CorrectionError as exc:
        return _back(customer_id, _("Not saved: %(reason)s.", reason=said(exc)), "error",
                     anchor="transactions")
    return _back(customer_id, _("Category saved; the insights update within a minute."),
                 anchor="transactions")
