"""The words staff read for closed vocabularies: roles, services, ticket states, cash findings,
visit sources, tiers, transaction categories, wallets, risk rules and cases.

The values are stored as identifiers ("branch_manager", "no_show"); pages show these labels
in the page's language (`label` is the templates' `staff_label`), and a page's script gets
them through its page text (`labels`, keys "<vocabulary>.<value>"). An unknown value reads
as itself with spaces for underscores, as the pages showed every value before.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from shared.models import CaseStatus
from shared.models.enums import DeviceStatus, Role, Tier, VisitSource
from shared.models.money import CashKind, WalletTokenStatus
from shared.money.wallet import PROVIDER_NAMES
from shared.queue.tickets import STATUS_WORDS

ROLES = {
    Role.RELATIONSHIP_MANAGER: _l("relationship manager"),
    Role.TELLER: _l("teller"),
    Role.BRANCH_MANAGER: _l("branch manager"),
    Role.AREA_MANAGER: _l("area manager"),
    Role.ADMIN: _l("admin"),
}

# What a counter ticket is about (shared.queue.tickets.SERVICE_PREFIX).
SERVICES = {
    "cash": _l("cash"),
    "accounts": _l("accounts"),
    "advice": _l("advice"),
    "cards": _l("cards"),
    "other": _l("other"),
}

TICKET_STATUSES = {status: _l(words) for status, words in STATUS_WORDS.items()}

# Why a kiosk sent its customer to the counter (kiosk/flows: Fallback and counter tickets).
TICKET_REASONS = {
    "customer_request": _l("customer request"),
    "card_retained": _l("card retained"),
    "identity_unconfirmed": _l("identity unconfirmed"),
    "device_fault": _l("device fault"),
    "over_limit": _l("over limit"),
    "unknown_outcome": _l("unknown outcome"),
    "step_up": _l("security check"),  # a risk rule sent the act to the counter
}

# How a teller closes a ticket (shared.queue.tickets.OUTCOMES).
OUTCOMES = {
    "resolved": _l("resolved"),
    "referred": _l("referred"),
    "follow_up": _l("follow up"),
    "declined": _l("declined"),
    "customer_left": _l("customer left"),
}

CASH_KINDS = {
    CashKind.WITHDRAWAL: _l("withdrawal"),
    CashKind.DEPOSIT: _l("deposit"),
}

# What the teller found of a suspect's cash (the cash machines' findings).
CASH_FINDINGS = {
    "taken": _l("taken"),
    "not_taken": _l("not taken"),
    "accepted": _l("accepted"),
    "returned": _l("returned"),
}

DEVICE_STATUSES = {
    DeviceStatus.OK: _l("ok"),
    DeviceStatus.DEGRADED: _l("degraded"),
    DeviceStatus.UNAVAILABLE: _l("unavailable"),
    DeviceStatus.OUT_OF_SERVICE: _l("out of service"),
}

# How a visit began.
VISIT_SOURCES = {
    VisitSource.DOOR_CAMERA: _l("door camera"),
    VisitSource.KIOSK: _l("kiosk"),
    VisitSource.COUNTER: _l("counter"),
    VisitSource.APPOINTMENT: _l("appointment"),
}

TIERS = {
    Tier.STANDARD: _l("standard"),
    Tier.PREMIER: _l("premier"),
    Tier.PRIVATE: _l("private"),
}

# What a customer made of a product offered on their arrival card (shared/floor/offers.py).
OFFER_STATES = {
    "discussed": _l("offer discussed"),
    "accepted": _l("offer accepted"),
    "declined": _l("offer declined"),
}

# What a transaction was for (the ledger's categories; "other" when it has none).
CATEGORIES = {  # the one taxonomy (shared.insights.taxonomy)
    "salary": _l("salary"),
    "other_income": _l("other income"),
    "housing": _l("housing"),
    "bills_utilities": _l("bills and utilities"),
    "insurance": _l("insurance"),
    "groceries": _l("groceries"),
    "eating_out": _l("eating out"),
    "coffee": _l("coffee"),
    "transport": _l("transport"),
    "shopping": _l("shopping"),
    "subscriptions": _l("subscriptions"),
    "entertainment": _l("entertainment and travel"),
    "health_personal_care": _l("health and personal care"),
    "cash": _l("cash"),
    "own_transfer": _l("own transfer"),
    "savings_investments": _l("savings and investments"),
    "repayments": _l("repayments"),
    "fees": _l("fees"),
    "other": _l("other"),
}

# A recurring payment's state (shared.insights.recurring.StreamState).
STREAM_STATES = {
    "early": _l("early (2 payments)"),
    "mature": _l("regular"),
    "ended": _l("ended"),
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

# Which risk rule opened a case (shared.fraud.RULE_NAMES).
FRAUD_RULES = {
    "velocity": _l("many withdrawals or transfers in a short time"),
    "unusual_amount": _l("large first payment to a new payee"),
    "just_under_limit": _l("withdrawals just under the limit"),
    "new_wallet_after_reissue": _l("wallet added after a replacement card"),
    "wrong_pins_across_cards": _l("wrong PINs for several cards"),
    "profile_viewed_without_visit": _l("profile opened without a visit"),
}

CASE_STATUSES = {
    CaseStatus.OPEN: _l("open"),
    CaseStatus.GENUINE: _l("genuine"),
    CaseStatus.FRAUD: _l("fraud"),
}

VOCABULARIES = {
    "role": ROLES,
    "service": SERVICES,
    "ticket_status": TICKET_STATUSES,
    "ticket_reason": TICKET_REASONS,
    "outcome": OUTCOMES,
    "cash_kind": CASH_KINDS,
    "cash_finding": CASH_FINDINGS,
    "device_status": DEVICE_STATUSES,
    "visit_source": VISIT_SOURCES,
    "tier": TIERS,
    "offer": OFFER_STATES,
    "category": CATEGORIES,
    "stream_state": STREAM_STATES,
    "preference": PREFERENCES,
    "wallet_provider": WALLET_PROVIDERS,
    "wallet_status": WALLET_STATUSES,
    "fraud_rule": FRAUD_RULES,
    "case_status": CASE_STATUSES,
}


def label(vocabulary: str, value: object) -> str:
    """One value of a vocabulary as staff read it, in the page's language."""
    said = VOCABULARIES[vocabulary].get(str(value))
    return str(value).replace("_", " ") if said is None else str(said)


def labels(*vocabularies: str) -> dict[str, str]:
    """The labels of these vocabularies for a page's script: {"<vocabulary>.<value>": label}."""
    return {f"{name}.{value}": str(said)
            for name in vocabularies for value, said in VOCABULARIES[name].items()}
