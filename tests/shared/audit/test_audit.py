from sqlalchemy import text

from shared import audit
from shared.models.enums import ActorType


def _drop_protection(session):
    # The triggers stop tampering through SQL; drop them inside the test's transaction
    # (DDL is transactional on both databases) to check that the chain still notices.
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DROP TRIGGER audit_log_no_update"))
        session.execute(text("DROP TRIGGER audit_log_no_delete"))
    else:
        session.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))


def test_entries_chain_and_verify(db_session):
    first = audit.record(db_session, audit.SYSTEM, "a.one", detail={"n": 1})
    second = audit.record(
        db_session,
        audit.Actor(ActorType.STAFF, 4),
        "a.two",
        subject_type="customer",
        subject_id=9,
        reason="search",
    )
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1
    assert audit.verify_chain(db_session) == []


def test_an_edited_entry_is_detected(db_session):
    audit.record(db_session, audit.SYSTEM, "a.one")
    entry = audit.record(db_session, audit.SYSTEM, "a.two", reason="original")
    _drop_protection(db_session)
    db_session.execute(
        text("UPDATE audit_log SET reason = 'forged' WHERE id = :id"), {"id": entry.id}
    )
    db_session.expire_all()
    problems = audit.verify_chain(db_session)
    assert any(f"entry {entry.seq} was altered" in p for p in problems)


def test_a_deleted_entry_is_detected(db_session):
    audit.record(db_session, audit.SYSTEM, "a.one")
    middle = audit.record(db_session, audit.SYSTEM, "a.two")
    audit.record(db_session, audit.SYSTEM, "a.three")
    _drop_protection(db_session)
    db_session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": middle.id})
    db_session.expire_all()
    assert audit.verify_chain(db_session)
