"""Tellers pressing "call next" at the same moment never get the same ticket (real commits)."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from shared.db.locks import begin_write
from shared.events import InProcessBus
from shared.models import AuditEntry, QueueTicket
from shared.models.enums import Role, TicketStatus
from shared.queue import tickets as queue
from tests.factories import make_branch, make_staff

TICKETS = 24
TELLERS = 6


def test_parallel_call_next_never_double_assigns(fresh_database):
    bus = InProcessBus()
    with fresh_database.session() as session:
        begin_write(session)
        branch = make_branch(session)
        tellers = [make_staff(session, branch, Role.TELLER).id for _ in range(TELLERS)]
        for n in range(TICKETS):
            queue.issue_ticket(session, bus, branch.id, "cash" if n % 2 else "accounts", "x")
        branch_id = branch.id
    # Rounds: all tellers press "call next" together, then close what they got.
    start = threading.Barrier(TELLERS)
    called: list[tuple[int, str]] = []
    lock = threading.Lock()

    def teller(index: int) -> None:
        counter = f"{index + 1}"
        for _round in range(TICKETS // TELLERS):
            start.wait(timeout=60)
            try:
                with fresh_database.session() as session:
                    ticket = queue.call_next(session, bus, branch_id, counter, tellers[index])
                    ticket_id = ticket.id
                with lock:
                    called.append((ticket_id, counter))
                with fresh_database.session() as session:
                    queue.close(session, bus, branch_id, ticket_id, tellers[index], "resolved")
            except Exception:
                start.abort()  # fail fast instead of leaving the others at the barrier
                raise

    with ThreadPoolExecutor(TELLERS) as pool:
        list(pool.map(teller, range(TELLERS)))

    ids = [ticket_id for ticket_id, _ in called]
    assert len(ids) == TICKETS and len(set(ids)) == TICKETS
    assert sorted(counter for _, counter in called) == sorted(
        str(n + 1) for n in range(TELLERS) for _ in range(TICKETS // TELLERS))
    with fresh_database.session() as session:
        rows = dict(session.execute(
            select(QueueTicket.id, QueueTicket.counter).where(QueueTicket.branch_id == branch_id)
        ).all())
        assert rows == dict(called)
        assert session.scalar(select(func.count(QueueTicket.id)).where(
            QueueTicket.branch_id == branch_id, QueueTicket.status != TicketStatus.DONE)) == 0
        calls = session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "ticket.called", AuditEntry.subject_id.in_(ids)))
        assert calls == TICKETS
