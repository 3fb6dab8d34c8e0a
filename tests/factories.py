"""Small builders for test data (fresh objects each call, no shared state)."""

from __future__ import annotations

import itertools

from sqlalchemy.orm import Session

from shared.models import Branch, Customer, Device, Staff
from shared.models.enums import DeviceKind, PrivacyMode, Role
from shared.staff.passwords import hash_password

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"
# Hashing is deliberately slow; hash the one test password once per process.
_HASH: list[str] = []


def password_hash() -> str:
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    return _HASH[0]


def make_branch(session: Session, code: str | None = None, **kw) -> Branch:
    n = next(_counter)
    branch = Branch(
        code=code or f"TST-{n:02d}",
        name=kw.pop("name", f"Test branch {n}"),
        privacy_mode=kw.pop("privacy_mode", PrivacyMode.AMBIENT),
        **kw,
    )
    session.add(branch)
    session.flush()
    return branch


def make_staff(
    session: Session,
    branch: Branch,
    role: Role = Role.RELATIONSHIP_MANAGER,
    username: str | None = None,
) -> Staff:
    n = next(_counter)
    staff = Staff(
        branch_id=branch.id,
        username=username or f"user{n}",
        full_name=f"Staff {n}",
        role=role,
        password_hash=password_hash(),
    )
    session.add(staff)
    session.flush()
    return staff


def make_kiosk(session: Session, branch: Branch, code: str | None = None) -> Device:
    n = next(_counter)
    device = Device(
        branch_id=branch.id,
        code=code or f"{branch.code}-K{n}",
        kind=DeviceKind.KIOSK,
        name=f"Kiosk {n}",
    )
    session.add(device)
    session.flush()
    return device


def make_customer(session: Session, branch: Branch, **kw) -> Customer:
    n = next(_counter)
    customer = Customer(
        customer_number=kw.pop("customer_number", f"C{n:08d}"),
        given_name=kw.pop("given_name", f"Given{n}"),
        family_name=kw.pop("family_name", f"Family{n}"),
        home_branch_id=branch.id,
        **kw,
    )
    session.add(customer)
    session.flush()
    return customer
