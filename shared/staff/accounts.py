"""Staff sign-in with lockout, and the session version that ends old sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import audit
from shared.db.base import utcnow
from shared.events import Event, EventBus, StaffSignedOut
from shared.events.after_commit import publish_after_commit
from shared.i18n.text import N_, Text
from shared.models import Branch, Staff
from shared.models.enums import ActorType, Role
from shared.settings import AuthSettings
from shared.staff.passwords import hash_password, needs_rehash, verify_password


class SignInError(Exception):
    """Sign-in refused; the message is safe to show (it never says which part was wrong).

    It is a marked sentence (`N_`, or `Text` with its parameters): English as a string, and
    the page that shows it says it in its own language (`shared.i18n.text.localise`).
    """


# Every refusal reads the same, whether the username exists, the password is wrong or the
# account is locked: a message that differed would tell a guesser which usernames exist.
REFUSED = N_("Unknown username or wrong password. After %(attempts)s failed attempts an "
             "account is locked for %(minutes)s minutes.")


def _refused(auth: AuthSettings) -> SignInError:
    return SignInError(Text(REFUSED, attempts=auth.max_failed_signins,
                            minutes=auth.lockout_minutes))



@dataclass(frozen=True)
class StaffIdentity:
    """What a request needs to know about the signed-in staff member."""

    id: int
    username: str
    full_name: str
    role: Role
    branch_id: int
    branch_code: str
    branch_name: str
    session_version: int
    area_id: int | None = None  # the area of their branch (an area manager's branches)
    branch_timezone: str = "UTC"  # the zone their pages show times in


def identity_of(staff: Staff) -> StaffIdentity:
    return StaffIdentity(
        id=staff.id,
        username=staff.username,
        full_name=staff.full_name,
        role=staff.role,
        branch_id=staff.branch_id,
        branch_code=staff.branch.code,
        branch_name=staff.branch.name,
        session_version=staff.session_version,
        area_id=staff.branch.area_id,
        branch_timezone=staff.branch.timezone,
    )


def sign_in(
    session: Session, username: str, password: str, auth: AuthSettings, now: datetime | None = None
) -> StaffIdentity:
    """Check the password; count failures and lock the account after too many."""
    now = now or utcnow()
    # Locked until the attempt commits: guesses sent in parallel would otherwise each read
    # the same failure count and write it back one higher, dodging the lockout.
    staff = session.scalar(select(Staff).where(func.lower(Staff.username) == username.lower())
                           .with_for_update())
    if staff is None or not staff.active:
        verify_password(None, password)  # spend the same time as for a real account
        raise _refused(auth)
    actor = audit.Actor(ActorType.STAFF, staff.id)
    if staff.locked_until is not None and staff.locked_until > now:
        audit.record(
            session, actor, "staff.signin_refused_locked", subject_type="staff", subject_id=staff.id
        )
        raise _refused(auth)
    if not verify_password(staff.password_hash, password):
        staff.failed_signins += 1
        detail = {"failed_signins": staff.failed_signins}
        if staff.failed_signins >= auth.max_failed_signins:
            staff.locked_until = now + timedelta(minutes=auth.lockout_minutes)
            staff.failed_signins = 0
            audit.record(
                session,
                actor,
                "staff.locked",
                subject_type="staff",
                subject_id=staff.id,
                detail=detail,
            )
            raise _refused(auth)
        audit.record(
            session,
            actor,
            "staff.signin_failed",
            subject_type="staff",
            subject_id=staff.id,
            detail=detail,
        )
        raise _refused(auth)
    staff.failed_signins = 0
    staff.locked_until = None
    staff.last_signin_at = now
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    audit.record(session, actor, "staff.signed_in", subject_type="staff", subject_id=staff.id)
    session.flush()
    return identity_of(staff)


def load_identity(session: Session, staff_id: int, session_version: int) -> StaffIdentity | None:
    """Return the identity if the staff member is active and the session is still current."""
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active or staff.session_version != session_version:
        return None
    return identity_of(staff)


def end_sessions(session: Session, bus: EventBus, staff_id: int,
                 by: audit.Actor | None = None, action: str = "staff.signed_out") -> None:
    """Invalidate every session of this staff member (sign-out; an admin's change).

    Once the new session version is committed, every server process closes the staff
    member's sockets (`staff.signed_out`): an old cookie stops working everywhere at once.
    `by` is who did it (the staff member themselves unless given).
    """
    staff = session.get(Staff, staff_id)
    if staff is not None:
        staff.session_version += 1
        audit.record(
            session,
            by or audit.Actor(ActorType.STAFF, staff_id),
            action,
            subject_type="staff",
            subject_id=staff_id,
        )
        session.flush()
        publish_after_commit(session, bus, Event(staff.branch_id, StaffSignedOut(staff_id)))


def branch_by_code(session: Session, code: str) -> Branch | None:
    return session.scalar(select(Branch).where(Branch.code == code))
