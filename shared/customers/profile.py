"""The customer 360: who may see a profile, the arrival card, search, notes, preferences."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from shared import audit
from shared.biometrics.consent import active_consent
from shared.db.base import utcnow
from shared.floor.offers import recorded_offers
from shared.i18n.languages import shipped
from shared.i18n.text import N_, Text
from shared.insights.card_text import insight_points, insight_sections
from shared.insights.currency import main_currency
from shared.insights.store import stored_insights
from shared.models import (
    Account,
    Customer,
    CustomerPreference,
    LedgerTransaction,
    Posting,
    QueueTicket,
    Staff,
    StaffNote,
    Visit,
)
from shared.models.enums import ActorType, Modality, TicketStatus

# Preferences staff may edit from the tablet (anything else is data the bank derives).
EDITABLE_PREFERENCES = ("drink", "contact_channel", "interests", "salary_day", "greeting")
OPEN_TICKET_STATES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
MAX_NOTE_CHARS = 2000
MAX_PREFERENCE_CHARS = 400
SEARCH_LIMIT = 20


class CustomerError(ValueError):
    """A request about a customer that cannot be honoured; the message says why."""


def visible_branch_ids(
    session: Session, customer_id: int, now: datetime, visiting_hours: int
) -> set[int]:
    """Branches whose staff may see the profile: home, and where the customer is visiting."""
    home = session.scalar(select(Customer.home_branch_id).where(Customer.id == customer_id))
    if home is None:
        return set()
    visiting = session.scalars(
        select(Visit.branch_id).where(
            Visit.customer_id == customer_id,
            Visit.left_at.is_(None),
            Visit.arrived_at > now - timedelta(hours=visiting_hours),
        )
    ).all()
    return {home, *visiting}


def _consent_state(consent) -> dict:
    return {"active": consent is not None,
            "text_version": consent.text_version if consent else None,
            "given_at": consent.given_at if consent else None}


def _language_name(code: str) -> str:
    known = shipped(code)
    return f"{known.name} ({code})" if known else code


def _identity(customer: Customer) -> dict:
    return {
        "id": customer.id,
        "customer_number": customer.customer_number,
        "display_name": customer.display_name,
        "given_name": customer.given_name,
        "family_name": customer.family_name,
        "preferred_name": customer.preferred_name,
        "language": customer.language,
        # The language as its speakers write it ("Italiano (it)"): the greeting's language.
        "language_name": _language_name(customer.language),
        "tier": str(customer.tier),
        "accessibility_needs": customer.accessibility_needs,
        "home_branch_id": customer.home_branch_id,
    }


def _preferences(session: Session, customer_id: int) -> dict[str, str]:
    rows = session.execute(
        select(CustomerPreference.key, CustomerPreference.value)
        .where(CustomerPreference.customer_id == customer_id)
        .order_by(CustomerPreference.key)
    ).all()
    return {key: value for key, value in rows}


def _accounts(session: Session, customer_id: int) -> list[Account]:
    return list(
        session.scalars(
            select(Account)
            .where(Account.customer_id == customer_id, Account.closed_at.is_(None))
            .order_by(Account.kind, Account.number)
        )
    )


def _notes(session: Session, customer_id: int, limit: int | None = None) -> list[dict]:
    query = (
        select(StaffNote, Staff.full_name)
        .join(Staff, Staff.id == StaffNote.staff_id)
        .where(StaffNote.customer_id == customer_id)
        .order_by(StaffNote.created_at.desc(), StaffNote.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return [
        {"id": n.id, "body": n.body, "by": name, "at": n.created_at, "visit_id": n.visit_id}
        for n, name in session.execute(query)
    ]


def _open_requests(session: Session, customer_id: int) -> list[dict]:
    tickets = session.scalars(
        select(QueueTicket)
        .where(QueueTicket.customer_id == customer_id, QueueTicket.status.in_(OPEN_TICKET_STATES))
        .order_by(QueueTicket.created_at)
    ).all()
    return [
        # The service and reason are words of closed vocabularies (staff_console/labels.py).
        {"kind": "ticket", "text": Text("Ticket %(number)s: %(service)s (%(reason)s)",
                                        number=t.number, service=Text(t.service),
                                        reason=Text(t.reason.replace("_", " "))),
         "status": str(t.status), "at": t.created_at}
        for t in tickets
    ]


def _last_visit(session: Session, customer_id: int, before_visit_id: int | None) -> dict | None:
    query = select(Visit).where(Visit.customer_id == customer_id)
    if before_visit_id is not None:
        query = query.where(Visit.id != before_visit_id)
    visit = session.scalars(query.order_by(Visit.arrived_at.desc()).limit(1)).first()
    if visit is None:
        return None
    notes = session.scalars(
        select(StaffNote.body).where(StaffNote.visit_id == visit.id).order_by(StaffNote.id)
    ).all()
    return {"id": visit.id, "arrived_at": visit.arrived_at, "purpose": visit.purpose,
            "branch_id": visit.branch_id, "notes": list(notes)}


def _claim_state(session: Session, visit: Visit) -> dict:
    name = session.get(Staff, visit.claimed_by_id).full_name if visit.claimed_by_id else None
    return {"claimed_by_id": visit.claimed_by_id, "claimed_by_name": name,
            "claimed_at": visit.claimed_at, "greeted_at": visit.greeted_at}


def arrival_card(session: Session, visit_id: int) -> dict:
    """Return the photo-free card a relationship manager sees when the customer walks in."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise CustomerError(Text("no visit with id %(id)s", id=visit_id))
    customer = session.get(Customer, visit.customer_id)
    preferences = _preferences(session, customer.id)
    return {
        "visit_id": visit.id,
        "branch_id": visit.branch_id,
        "arrived_at": visit.arrived_at,
        "source": str(visit.source),
        "customer": _identity(customer),
        "preferences": preferences,
        "products": [
            {"kind": str(a.kind), "name": a.name} for a in _accounts(session, customer.id)
        ],
        "last_visit": _last_visit(session, customer.id, visit.id),
        "open_requests": _open_requests(session, customer.id),
        # The insights computed ahead (the card never waits on a model). The point with the
        # offer names its product: the card offers Discussed, Accepted, Declined for it, and
        # `offers` says what was recorded on this visit so far.
        "talking_points": insight_points(stored_insights(session, customer.id)),
        "offers": recorded_offers(session, visit.id),
        **_claim_state(session, visit),
    }


def _recent_transactions(session: Session, accounts: list[Account], since: datetime,
                         insights: dict | None) -> list[dict]:
    """The last transactions of our accounts, each in its account's currency, with the
    category the insight engine gave it (None until it has seen it)."""
    if not accounts:
        return []
    currency_of = {a.id: a.currency for a in accounts}
    rows = session.execute(
        select(LedgerTransaction, Posting.amount_minor, Posting.account_id)
        .join(Posting, Posting.transaction_id == LedgerTransaction.id)
        .where(Posting.account_id.in_(currency_of), LedgerTransaction.created_at >= since)
        .order_by(LedgerTransaction.created_at.desc(), LedgerTransaction.id.desc())
        .limit(25)
    ).all()
    seen = {(t["ref"], t["account"]): t for t in (insights or {}).get("transactions", [])}
    recent = []
    for tx, amount, account in rows:
        known = seen.get((f"ledger:{tx.id}", f"ours:{account}"), {})
        recent.append({"id": tx.id, "ref": f"ledger:{tx.id}", "at": tx.created_at,
                       "category": known.get("category"), "review": known.get("review", False),
                       "description": tx.description, "counterparty": tx.counterparty,
                       "amount_minor": amount, "account_id": account,
                       "currency": currency_of[account]})
    return recent


def customer_360(session: Session, customer_id: int, now: datetime | None = None) -> dict:
    """Return the whole profile: identity, accounts, spending, preferences, notes, visits."""
    now = now or utcnow()
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise CustomerError(Text("no customer with id %(id)s", id=customer_id))
    accounts = _accounts(session, customer_id)
    insights = stored_insights(session, customer_id)
    recent = _recent_transactions(session, accounts, now - timedelta(days=90), insights)
    consent = active_consent(session, customer_id, Modality.FACE)
    visits = session.scalars(
        select(Visit).where(Visit.customer_id == customer_id)
        .order_by(Visit.arrived_at.desc()).limit(10)
    ).all()
    preferences = _preferences(session, customer_id)
    return {
        "customer": {
            **_identity(customer), "email": customer.email, "phone": customer.phone,
            "date_of_birth": customer.date_of_birth, "last_seen_at": customer.last_seen_at,
        },
        "accounts": [
            {"id": a.id, "number": a.number, "kind": str(a.kind), "name": a.name,
             "currency": a.currency, "balance_minor": a.balance_minor}
            for a in accounts
        ],
        # The currency spending_by_category (and the insights' sums) are in.
        "currency": (insights or {}).get("currency") or main_currency(
            [a.currency for a in sorted(accounts, key=lambda a: a.id)]),
        # Last 90 days per category of the one taxonomy (shared.insights.taxonomy), ours
        # and other banks', as computed ahead; own transfers are a row of their own.
        "spending_by_category": (insights or {}).get("categories", {}),
        "recent_transactions": recent,
        "insights": insight_sections(insights),
        "preferences": preferences,
        "notes": _notes(session, customer_id, limit=20),
        "consent": {
            "face": consent is not None,
            "text_version": consent.text_version if consent else None,
            "given_at": consent.given_at if consent else None,
        },
        "voice_consent": _consent_state(active_consent(session, customer_id, Modality.VOICE)),
        "visits": [
            {"id": v.id, "branch_id": v.branch_id, "arrived_at": v.arrived_at,
             "source": str(v.source), "purpose": v.purpose}
            for v in visits
        ],
        "talking_points": insight_points(insights),
        "open_requests": _open_requests(session, customer_id),
    }


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def search_customers(session: Session, query: str, branch_ids: set[int]) -> list[Customer]:
    """Find customers by name, phone, customer or account number among the given branches."""
    text = query.strip()
    if len(text) < 2:
        raise CustomerError(N_("type at least two characters to search"))
    if len(text) > 80:
        raise CustomerError(N_("a search is at most 80 characters"))
    pattern = f"%{text.lower()}%"
    conditions = [
        func.lower(Customer.given_name + " " + Customer.family_name).like(pattern),
        func.lower(Customer.preferred_name + " " + Customer.family_name).like(pattern),
        func.lower(Customer.family_name).like(pattern),
        func.lower(Customer.customer_number) == text.lower(),
        Customer.id.in_(select(Account.customer_id).where(Account.number == text)),
    ]
    digits = _digits(text)
    if len(digits) >= 6:
        conditions.append(func.replace(func.replace(Customer.phone, " ", ""), "+", "")
                          .like(f"%{digits[-9:]}%"))
        conditions.append(Customer.id.in_(
            select(Account.customer_id).where(func.replace(Account.number, "-", "")
                                              .like(f"%{digits}%"))))
    return list(
        session.scalars(
            select(Customer)
            .where(or_(*conditions), Customer.home_branch_id.in_(branch_ids))
            .order_by(Customer.family_name, Customer.given_name, Customer.id)
            .limit(SEARCH_LIMIT)
        )
    )


def add_note(
    session: Session, customer_id: int, staff_id: int, body: str, visit_id: int | None = None
) -> StaffNote:
    """Add a staff note to the customer (optionally tied to a visit), audited."""
    body = body.strip()
    if not body:
        raise CustomerError(N_("a note cannot be empty"))
    if len(body) > MAX_NOTE_CHARS:
        raise CustomerError(Text("a note is at most %(count)s characters", count=MAX_NOTE_CHARS))
    if session.get(Customer, customer_id) is None:
        raise CustomerError(Text("no customer with id %(id)s", id=customer_id))
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        if visit is None or visit.customer_id != customer_id:
            raise CustomerError(N_("that visit is not this customer's"))
    note = StaffNote(customer_id=customer_id, staff_id=staff_id, body=body, visit_id=visit_id)
    session.add(note)
    session.flush()
    audit.record(session, audit.Actor(ActorType.STAFF, staff_id), "customer.note_added",
                 subject_type="customer", subject_id=customer_id, detail={"note_id": note.id})
    return note


def set_preference(
    session: Session, customer_id: int, staff_id: int, key: str, value: str
) -> CustomerPreference | None:
    """Set (or, with an empty value, remove) one editable preference, audited."""
    if key not in EDITABLE_PREFERENCES:
        editable = ", ".join(EDITABLE_PREFERENCES)
        raise CustomerError(Text("unknown preference %(key)s; editable: %(editable)s",
                                 key=repr(key), editable=editable))
    value = value.strip()
    if len(value) > MAX_PREFERENCE_CHARS:
        raise CustomerError(Text("a preference is at most %(count)s characters",
                                 count=MAX_PREFERENCE_CHARS))
    if key == "salary_day" and value and not (value.isdigit() and 1 <= int(value) <= 31):
        raise CustomerError(N_("salary day is a day of the month, 1 to 31"))
    if session.get(Customer, customer_id) is None:
        raise CustomerError(Text("no customer with id %(id)s", id=customer_id))
    row = session.scalar(select(CustomerPreference).where(
        CustomerPreference.customer_id == customer_id, CustomerPreference.key == key))
    old = row.value if row else None
    if not value:
        if row is not None:
            session.delete(row)
        row = None
    elif row is None:
        row = CustomerPreference(customer_id=customer_id, key=key, value=value)
        session.add(row)
    else:
        row.value = value
    session.flush()
    audit.record(session, audit.Actor(ActorType.STAFF, staff_id), "customer.preference_set",
                 subject_type="customer", subject_id=customer_id,
                 detail={"key": key, "old": old, "new": value or None})
    return row
