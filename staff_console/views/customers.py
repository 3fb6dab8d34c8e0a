"""The customer 360 page, search, and the forms that change a profile."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from shared.audit import Actor
from shared.audit.access_log import ViewReason, record_view
from shared.biometrics.consent import ConsentError, give_consent, withdraw_consent
from shared.biometrics.learning import learned_templates, unlearn_visit
from shared.customers.other_banks import other_banks
from shared.customers.profile import (
    EDITABLE_PREFERENCES,
    CustomerError,
    add_note,
    customer_360,
    search_customers,
    set_preference,
)
from shared.db.base import utcnow
from shared.insights.taxonomy import KEYS as CATEGORY_KEYS
from shared.models.enums import ActorType, ConsentChannel, Modality
from shared.money.ledger import LedgerError
from shared.money.wallet import list_tokens, revoke
from shared.web.bus import get_bus
from shared.web.i18n import said
from shared.web.request_db import get_session, writing_session
from staff_console.consent_texts import (
    CURRENT_DATA_SHARING_VERSION,
    CURRENT_FACE_VERSION,
    CURRENT_VOICE_VERSION,
    DATA_SHARING_TEXTS,
    FACE_TEXTS,
    TEXTS,
    VOICE_TEXTS,
)
from staff_console.labels import label
from staff_console.lookups import watch_lookup
from staff_console.page_text.customer import customer_text
from staff_console.policy import Can, current_can, require_customer, requires

bp = Blueprint("staff_customers_pages", __name__, url_prefix="/staff")
# What a data-sharing consent covers, in the page's language.
SCOPE_WORDS = {"accounts": _l("accounts"), "balances": _l("balances"),
               "transactions": _l("transactions")}


def _profile_url(customer_id: int) -> str:
    return url_for(".profile", customer_id=customer_id, reason=ViewReason.PROFILE.value)


def _back_to_profile(customer_id: int, message: str, category: str = "info", anchor: str = ""):
    """Flash `message` and return to the customer's profile (at `#anchor`, if given)."""
    flash(message, category)
    return redirect(_profile_url(customer_id) + (f"#{anchor}" if anchor else ""))


@bp.get("/customers/<int:customer_id>")
@requires(Can.OPEN_PROFILE)
def profile(customer_id: int):
    """The customer 360, in the staff's language; opening it is recorded with its reason."""
    require_customer(customer_id)
    try:
        reason = ViewReason(request.args.get("reason", ViewReason.PROFILE.value))
    except ValueError:
        abort(400)
    session = writing_session()
    settings = current_app.extensions["smartbranch.settings"]
    record_view(session, current_user.identity.id, customer_id, reason)
    watch_lookup(session, customer_id, reason)
    return render_template(
        "staff/customer.html",
        p=customer_360(session, customer_id),
        editable=EDITABLE_PREFERENCES,
        consent_version=CURRENT_FACE_VERSION,
        # The customer reads the versioned text in the page's language (a translation of it).
        consent_text=_(FACE_TEXTS[CURRENT_FACE_VERSION]),
        voice_consent_version=CURRENT_VOICE_VERSION,
        voice_consent_text=_(VOICE_TEXTS[CURRENT_VOICE_VERSION]),
        can_export=current_can(Can.EXPORT_ACCESS_LOG),
        learned=(learned_templates(session, customer_id)
                 if current_can(Can.MANAGE_CONSENT) else []),
        wallet_tokens=(list_tokens(session, customer_id)
                       if current_can(Can.MANAGE_WALLET) else None),
        other_banks=(other_banks(session, settings, customer_id, utcnow())
                     if current_can(Can.MANAGE_CONSENT) else None),
        providers={key: p.name for key, p in settings.openbanking.providers.items()},
        data_sharing_version=CURRENT_DATA_SHARING_VERSION,
        data_sharing_text=_(DATA_SHARING_TEXTS[CURRENT_DATA_SHARING_VERSION]),
        categories=CATEGORY_KEYS,
        scope_words=lambda scopes: ", ".join(str(SCOPE_WORDS.get(s, s)) for s in scopes),
        label=label,
        page_text=customer_text(),
    )


@bp.post("/customers/<int:customer_id>/notes")
@requires(Can.EDIT_PROFILE)
def post_note(customer_id: int):
    require_customer(customer_id)
    try:
        add_note(writing_session(), customer_id, current_user.identity.id,
                 request.form.get("body", ""))
    except CustomerError as exc:
        return _back_to_profile(
            customer_id, _("The note was not saved: %(reason)s.", reason=said(exc)), "error")
    return _back_to_profile(customer_id, _("Note added."))


@bp.post("/customers/<int:customer_id>/preferences")
@requires(Can.EDIT_PROFILE)
def post_preference(customer_id: int):
    require_customer(customer_id)
    key = request.form.get("key", "")
    try:
        set_preference(writing_session(), customer_id, current_user.identity.id, key,
                       request.form.get("value", ""))
    except CustomerError as exc:
        return _back_to_profile(
            customer_id, _("The preference was not saved: %(reason)s.", reason=said(exc)), "error")
    return _back_to_profile(
        customer_id, _("Saved %(preference)s.", preference=label("preference", key)))


@bp.post("/customers/<int:customer_id>/wallet/<int:token_id>/revoke")
@requires(Can.MANAGE_WALLET)
def post_wallet_revoke(customer_id: int, token_id: int):
    require_customer(customer_id)
    session = writing_session()
    if not any(t.id == token_id for t in list_tokens(session, customer_id)):
        abort(404)  # another customer's binding: not reachable through this profile
    try:
        revoke(session, token_id, staff_id=current_user.identity.id,
               reason=request.form.get("reason", ""))
    except LedgerError as exc:
        return _back_to_profile(
            customer_id, _("The wallet binding was not revoked: %(reason)s.", reason=said(exc)),
            "error", anchor="wallet")
    return _back_to_profile(
        customer_id, _("Wallet binding revoked; the wallet can no longer pay with it."),
        anchor="wallet")


@bp.post("/customers/<int:customer_id>/consent")
@requires(Can.MANAGE_CONSENT)
def post_consent(customer_id: int):
    """Record face or voice consent (`modality`), witnessed by the signed-in staff member."""
    require_customer(customer_id)
    modality = _modality()
    version = request.form.get("text_version", "")
    if version not in TEXTS[modality][1] or request.form.get("confirmed") != "yes":
        return _back_to_profile(
            customer_id, _("Consent not recorded: the customer must read the text and confirm."),
            "error")
    try:
        give_consent(writing_session(), customer_id, Modality(modality), version,
                     ConsentChannel.TABLET, witness_id=current_user.identity.id,
                     branch_id=current_user.branch_id)
    except ConsentError as exc:
        return _back_to_profile(
            customer_id, _("Consent not recorded: %(reason)s.", reason=said(exc)), "error")
    if modality == "voice":
        return _back_to_profile(
            customer_id, _("Consent recorded. You can now record the customer's voice."),
            anchor="voice")
    return _back_to_profile(
        customer_id, _("Consent recorded. You can now take the enrolment photos."),
        anchor="enrolment")


@bp.post("/customers/<int:customer_id>/consent/withdraw")
@requires(Can.MANAGE_CONSENT)
def post_withdraw(customer_id: int):
    """Withdraw face or voice consent (`modality`): its templates are erased at once."""
    require_customer(customer_id)
    modality = _modality()
    withdrawal = withdraw_consent(
        writing_session(), customer_id, Modality(modality),
        Actor(ActorType.STAFF, current_user.identity.id), branch_id=current_user.branch_id,
        reason=request.form.get("reason", "customer request")[:240], bus=get_bus(),
    )
    if modality == "voice":
        return _back_to_profile(customer_id, _(
            "Consent withdrawn; %(count)s voice template(s) erased.",
            count=withdrawal.templates_deleted), anchor="voice")
    return _back_to_profile(customer_id, _("Consent withdrawn; %(count)s face template(s) erased.",
                                           count=withdrawal.templates_deleted))


@bp.post("/customers/<int:customer_id>/learned/<int:visit_id>/remove")
@requires(Can.MANAGE_CONSENT)
def post_unlearn(customer_id: int, visit_id: int):
    """Undo what a confirmed visit taught the gallery (the greeting was someone else)."""
    require_customer(customer_id)
    removed = unlearn_visit(writing_session(), customer_id, visit_id,
                            Actor(ActorType.STAFF, current_user.identity.id),
                            reason="not this customer", bus=get_bus())
    if not removed:
        return _back_to_profile(customer_id, _("Nothing was learned from that visit."),
                                "error")
    return _back_to_profile(customer_id, _("The visit's frame was removed from the templates."))


def _modality() -> str:
    """The form's modality: face unless it says voice."""
    return "voice" if request.form.get("modality") == "voice" else "face"


@bp.get("/search")
@requires(Can.OPEN_PROFILE)
def search():
    """Find a customer of the staff member's branch by name, phone or account."""
    query = request.args.get("q", "").strip()
    results, error = [], None
    if query:
        try:
            results = search_customers(get_session(), query, {current_user.branch_id})
        except CustomerError as exc:
            error = said(exc)
    return render_template("staff/search.html", query=query, results=results, error=error,
                           label=label)
