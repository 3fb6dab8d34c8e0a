import json
from functools import partial

from sqlalchemy import select, text

from shared import audit
from shared.audit import trail
from shared.models import AuditEntry
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


def _rewrite(session, entry_id: int, **values):
    sets = ", ".join(f"{name} = :{name}" for name in values)
    session.execute(text(f"UPDATE audit_log SET {sets} WHERE id = :id"), {"id": entry_id, **values})


def _chain(session, n: int):
    return [audit.record(session, audit.SYSTEM, f"a.{i}", detail={"i": i}) for i in range(n)]


def _rehash_without_the_key(session, entries, hashing):
    """What someone with write access but not the key can do: recompute every link."""
    prev = entries[0].prev_hash
    for entry in entries:
        session.refresh(entry)
        new = hashing(prev, entry.seq, entry.at, trail._fields(entry))
        _rewrite(session, entry.id, prev_hash=prev, hash=new)
        prev = new
    session.expire_all()


def test_a_reorder_is_detected(db_session):
    first, second, _third = _chain(db_session, 3)
    _drop_protection(db_session)
    # Swap the two entries' places (through a free seq: seq is unique).
    _rewrite(db_session, first.id, seq=-1)
    _rewrite(db_session, second.id, seq=first.seq)
    _rewrite(db_session, first.id, seq=second.seq)
    db_session.expire_all()
    problems = audit.verify_chain(db_session)
    assert any("does not follow its predecessor" in p or "was altered" in p for p in problems)


def test_a_consistent_rewrite_without_the_key_is_detected(db_session):
    entries = _chain(db_session, 4)
    _drop_protection(db_session)
    _rewrite(db_session, entries[1].id, reason="forged")
    # Recomputed with plain SHA-256 (the chain's old scheme) from the edit onwards ...
    _rehash_without_the_key(db_session, entries[1:], trail._legacy_hash)
    problems = audit.verify_chain(db_session)
    assert any(f"entry {entries[1].seq} was altered" in p for p in problems)
    # ... or with a key of one's own.
    _rehash_without_the_key(db_session, entries[1:], partial(trail._entry_hash, b"guess"))
    assert any(f"entry {entries[1].seq} was altered" in p
               for p in audit.verify_chain(db_session))


def test_a_cut_tail_is_detected_by_the_checkpoints(db_session, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    last = _chain(db_session, 3)[-1]
    last_id, last_seq = last.id, last.seq
    assert audit.write_checkpoint(db_session, path).seq == last_seq
    assert audit.write_checkpoint(db_session, path) is None  # nothing new
    assert audit.verify_log(db_session, path)[0] == []
    _drop_protection(db_session)
    db_session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": last_id})
    db_session.expire_all()
    assert audit.verify_chain(db_session) == []  # the chain alone cannot see a cut tail
    problems, _summary = audit.verify_log(db_session, path)
    assert any(f"entry {last_seq}" in p and "tail was cut" in p for p in problems)


def test_a_whole_chain_rewritten_without_the_key_fails_its_checkpoint(db_session, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    entries = _chain(db_session, 3)
    audit.write_checkpoint(db_session, path)
    everything = db_session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    _drop_protection(db_session)
    _rewrite(db_session, entries[0].id, reason="forged")
    _rehash_without_the_key(db_session, everything, trail._legacy_hash)  # all "unkeyed"
    assert audit.verify_chain(db_session) == []  # reads as a chain from before the key ...
    problems, _summary = audit.verify_log(db_session, path)
    assert any("no longer matches its checkpoint" in p for p in problems)  # ... but is not


def test_an_edited_checkpoint_file_is_detected(db_session, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    _chain(db_session, 2)
    point = audit.write_checkpoint(db_session, path)
    line = json.loads(path.read_text())
    path.write_text(json.dumps({**line, "seq": point.seq - 1}) + "\n")
    problems, _summary = audit.verify_log(db_session, path)
    assert any("not signed by our key" in p for p in problems)


def test_appenders_at_once_never_chain_onto_the_same_entry(fresh_database):
    """Kiosks and tablets append at once, each after reading other things: every entry gets
    its own place in the chain (PostgreSQL: the advisory lock; SQLite: the write lock the
    head's FOR UPDATE read takes), and none fails."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from shared.models import Branch

    start = threading.Barrier(4)

    def append(n: int) -> None:
        for i in range(5):
            with fresh_database.session() as session:
                session.scalars(select(Branch).limit(1)).all()  # a read first
                if i == 0:
                    start.wait(10)
                audit.record(session, audit.SYSTEM, "a.concurrent", detail={"n": n, "i": i})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(append, range(4)))  # re-raises any appender's error
    with fresh_database.session() as session:
        assert session.scalar(select(text("count(*)")).select_from(AuditEntry).where(
            AuditEntry.action == "a.concurrent")) == 20
        assert audit.verify_chain(session) == []
