"""Staff administration: create, deactivate, change role and branch, reset a password, sign out.

An admin's act is audited with the admin as actor. Whatever takes access away (deactivation,
a new role or branch, a new password, a forced sign-out) ends the person's sessions and
sockets in every server process at once (`end_sessions`). An admin cannot lock themselves
out: they may not deactivate or demote their own account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import audit
from shared.events import EventBus
from shared.i18n.text import N_, Text
from shared.models import Branch, Staff
from shared.models.enums import ActorType, Role
from shared.staff.accounts import end_sessions
from shared.staff.passwords import hash_password

USERNAME = re.compile(r"[a-z][a-z0-9._-]{2,63}")
MIN_PASSWORD = 12


class StaffAdminError(ValueError):
    """An administration request refused; the message (a `Text`) says why."""


@dataclass(frozen=True)
class StaffRow:
    """One staff member as the administration page lists them."""

    id: int
    username: str
    full_name: str
    role: Role
    branch_id: int
    branch_code: str
    active: bool
    locked_until: datetime | None
    last_signin_at: datetime | None


def list_staff(session: Session) -> list[StaffRow]:
    rows = session.execute(
        select(Staff, Branch.code).join(Branch, Branch.id == Staff.branch_id)
        .order_by(Branch.code, Staff.username)
    ).all()
    return [StaffRow(s.id, s.username, s.full_name, s.role, s.branch_id, code, s.active,
                     s.locked_until, s.last_signin_at) for s, code in rows]


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StaffAdminError(Text("a password has at least %(count)s characters",
                                   count=MIN_PASSWORD))


def _branch(session: Session, branch_id: int) -> Branch:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise StaffAdminError(Text("no branch with id %(id)s", id=branch_id))
    return branch


def _staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise StaffAdminError(Text("no staff member with id %(id)s", id=staff_id))
    return staff


def create_staff(session: Session, admin_id: int, *, username: str, full_name: str,
                 role: Role, branch_id: int, password: str) -> Staff:
    """Create an active account; the admin hands the first password over in person."""
    username = username.strip().lower()
    if not USERNAME.fullmatch(username):
        raise StaffAdminError(N_("a username is 3 to 64 lowercase letters, digits, dots, "
                                 "dashes or underscores, starting with a letter"))
    if not full_name.strip():
        raise StaffAdminError(N_("give the staff member's full name"))
    _check_password(password)
    _branch(session, branch_id)
    taken = session.scalar(select(func.count(Staff.id))
                           .where(func.lower(Staff.username) == username))
    if taken:
        raise StaffAdminError(Text("the username %(username)s is taken", username=username))
    staff = Staff(username=username, full_name=full_name.strip()[:120], role=Role(role),
                  branch_id=branch_id, password_hash=hash_password(password))
    session.add(staff)
    session.flush()
    audit.record(session, audit.Actor(ActorType.STAFF, admin_id), "staff.created",
                 subject_type="staff", subject_id=staff.id,
                 detail={"username": username, "role": str(staff.role), "branch_id": branch_id})
    return staff


def set_active(session: Session, bus: EventBus, admin_id: int, staff_id: int,
               active: bool, reason: str = "") -> Staff:
    """Deactivate (ending every session at once) or reactivate an account."""
    staff = _staff(session, staff_id)
    if staff_id == admin_id and not active:
        raise StaffAdminError(N_("you cannot deactivate your own account"))
    if staff.active == active:
        return staff
    staff.active = active
    admin = audit.Actor(ActorType.STAFF, admin_id)
    audit.record(session, admin, "staff.activated" if active else "staff.deactivated",
                 subject_type="staff", subject_id=staff_id, reason=reason.strip()[:240])
    if not active:
        end_sessions(session, bus, staff_id, by=admin, action="staff.sessions_ended")
    return staff


def change_role(session: Session, bus: EventBus, admin_id: int, staff_id: int, *,
                role: Role, branch_id: int) -> Staff:
    """Move someone to another role or branch; their sessions end, so the change holds now."""
    staff = _staff(session, staff_id)
    role = Role(role)
    if staff_id == admin_id and role != Role.ADMIN:
        raise StaffAdminError(N_("you cannot take the admin role from your own account"))
    _branch(session, branch_id)
    if (staff.role, staff.branch_id) == (role, branch_id):
        return staff
    before = {"role": str(staff.role), "branch_id": staff.branch_id}
    staff.role, staff.branch_id = role, branch_id
    admin = audit.Actor(ActorType.STAFF, admin_id)
    audit.record(session, admin, "staff.role_changed", subject_type="staff",
                 subject_id=staff_id,
                 detail={"before": before, "after": {"role": str(role), "branch_id": branch_id}})
    end_sessions(session, bus, staff_id, by=admin, action="staff.sessions_ended")
    return staff


def reset_password(session: Session, bus: EventBus, admin_id: int, staff_id: int,
                   password: str) -> Staff:
    """Set a new password, lift a lockout, and end the sessions the old one opened."""
    staff = _staff(session, staff_id)
    _check_password(password)
    staff.password_hash = hash_password(password)
    staff.failed_signins, staff.locked_until = 0, None
    admin = audit.Actor(ActorType.STAFF, admin_id)
    audit.record(session, admin, "staff.password_reset", subject_type="staff",
                 subject_id=staff_id)
    end_sessions(session, bus, staff_id, by=admin, action="staff.sessions_ended")
    return staff


def sign_out_everywhere(session: Session, bus: EventBus, admin_id: int, staff_id: int) -> Staff:
    """End every session and socket of this staff member now (a lost tablet)."""
    staff = _staff(session, staff_id)
    end_sessions(session, bus, staff_id, by=audit.Actor(ActorType.STAFF, admin_id),
                 action="staff.signed_out_by_admin")
    return staff
