"""Sign-in and sign-out write after reading: they must survive another writer meanwhile."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

import shared.staff.accounts as accounts
from shared.events import InProcessBus
from shared.models import AuditEntry, Branch
from shared.models.enums import Role
from tests.factories import make_branch, make_staff
from tests.web_helpers import csrf_token, sign_in


def test_a_sign_in_holds_when_another_writer_commits_while_the_password_is_checked(
        settings, fresh_database, monkeypatch):
    """The door camera and the other tablets write while a password is hashed (slow on
    purpose); on SQLite the sign-in's read transaction could not then write its audit
    entry ("database is locked"), and the user saw an error page."""
    from smartbranch.app import create_app

    with fresh_database.session() as s:
        branch = make_branch(s)
        staff_id = make_staff(s, branch, Role.RELATIONSHIP_MANAGER, username="race.rm").id
        branch_id = branch.id
    app = create_app(settings, database=fresh_database, bus=InProcessBus())
    app.config.update(TESTING=True)
    verify = accounts.verify_password
    writers: list[threading.Thread] = []

    def another_writer() -> None:
        with fresh_database.session() as other:
            other.get(Branch, branch_id).name += "."

    def verify_while_another_writes(*args):
        writers.append(threading.Thread(target=another_writer))
        writers[-1].start()
        writers[-1].join(0.5)  # it commits now, unless the sign-in holds the write lock
        return verify(*args)

    monkeypatch.setattr(accounts, "verify_password", verify_while_another_writes)
    client = app.test_client()
    assert sign_in(client, "race.rm").status_code == 302
    page = client.get("/staff/")
    assert page.status_code == 200
    assert client.post("/staff/sign-out",
                       data={"csrf_token": csrf_token(page.text)}).status_code == 302
    with fresh_database.session() as s:
        signed_in = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "staff.signed_in", AuditEntry.subject_id == staff_id))
        assert signed_in == 1
    for writer in writers:  # each waited for the sign-in's write lock, then wrote
        writer.join(10)
        assert not writer.is_alive()
    with fresh_database.session() as s:
        assert s.get(Branch, branch_id).name.endswith(".")
