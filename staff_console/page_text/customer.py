"""The words enrol.js writes, and the customer 360's vocabularies, in the page's language.

Placeholders in braces ({name}) are filled in by the script. The 360 shows the floor's
vocabularies too (a visit's source, the customer's tier): `customer_label` knows them all.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from shared.models.money import WalletTokenStatus
from shared.money.wallet import PROVIDER_NAMES
from staff_console.page_text.floor import VOCABULARIES as FLOOR_VOCABULARIES
from staff_console.page_text.floor import label

# What a transaction was for (the ledger's categories; "other" when it has none).
CATEGORIES = {
    "income": _l("income"),
    "savings": _l("savings"),
    "housing": _l("housing"),
    "bills": _l("bills"),
    "credit_card": _l("credit card"),
    "groceries": _l("groceries"),
    "coffee": _l("coffee"),
    "eating_out": _l("eating out"),
    "shopping": _l("shopping"),
    "transport": _l("transport"),
    "cash": _l("cash"),
    "transfer_own": _l("transfer own"),
    "transfer_out": _l("transfer out"),
    "other": _l("other"),
}

# The preferences staff may edit (shared.customers.profile.EDITABLE_PREFERENCES).
PREFERENCES = {
    "drink": _l("drink"),
    "contact_channel": _l("contact channel"),
    "interests": _l("interests"),
    "salary_day": _l("salary day"),
    "greeting": _l("greeting"),
}

WALLET_PROVIDERS = {provider: _l(name) for provider, name in PROVIDER_NAMES.items()}

WALLET_STATUSES = {
    WalletTokenStatus.PENDING: _l("pending"),
    WalletTokenStatus.ACTIVE: _l("active"),
    WalletTokenStatus.REVOKED: _l("revoked"),
    WalletTokenStatus.EXPIRED: _l("expired"),
}

VOCABULARIES: dict[str, Mapping] = {
    **FLOOR_VOCABULARIES,
    "category": CATEGORIES,
    "preference": PREFERENCES,
    "wallet_provider": WALLET_PROVIDERS,
    "wallet_status": WALLET_STATUSES,
}


def customer_label(vocabulary: str, value: object) -> str:
    """One value shown on the 360 as staff read it, in the page's language."""
    return label(vocabulary, value, VOCABULARIES)


def customer_text() -> dict[str, str]:
    """Every sentence of the enrolment script, translated for this request."""
    return {
        "checking": _("{name}: checking…"),
        "accepted": _("{name}: accepted ({reason})"),
        "refused": _("{name}: refused ({reason})"),
        "not_checked": _("{name}: could not be checked ({reason})"),
        "no_camera": _("The camera is not available ({reason}); upload photos instead."),
        "camera_photo": _("camera photo {number}.jpg"),
        "enrolling": _("Enrolling…"),
        "enrolled": _("Enrolled: {stored} template(s) stored."),
        "not_enrolled": _("Not enrolled: {reason}"),
        # voice enrolment
        "read_digits": _("Read these digits, one at a time: {digits}"),
        "record": _("Record"),
        "stop": _("Stop"),
        "recording": _("Recording…"),
        "recorded": _("Recorded ({seconds} s)"),
        "no_microphone": _("The microphone is not available ({reason})."),
        "prompt_failed": _("The lines to read could not be loaded: {reason}"),
        "voice_enrolled": _("Enrolled: {stored} voice template(s) stored."),
    }
