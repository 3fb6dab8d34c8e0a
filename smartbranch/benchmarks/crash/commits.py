"""The agent process's side of the lab's pipe: every cash session state it commits, reported
just before and just after the commit, and (in step mode) held there for the lab's word.

Listening on SQLAlchemy's own events keeps the services untouched: a flush records the
cash sessions whose state changed, the connection's commit is the "before" point (all
written, nothing durable), the session's after_commit the "after" point (durable).
"""

from __future__ import annotations

import json
import os
import threading

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from shared.models.money import CashSession

GO = b"g"


class LabPipe:
    """Write one JSON message a line to the lab; in step mode, wait for GO after each point."""

    def __init__(self, report_fd: int, control_fd: int | None = None):
        self.report_fd = report_fd
        self.control_fd = control_fd
        self.points = 0
        self._lock = threading.Lock()

    def send(self, **message) -> None:
        line = (json.dumps(message, default=str) + "\n").encode()
        with self._lock:
            os.write(self.report_fd, line)

    def point(self, when: str, changes: list) -> None:
        """Report a commit point; in step mode block until the lab says go (or kills us)."""
        with self._lock:
            self.points += 1
            line = json.dumps({"t": "point", "n": self.points, "when": when,
                               "changes": changes}) + "\n"
            os.write(self.report_fd, line.encode())
            if self.control_fd is not None and os.read(self.control_fd, 1) != GO:
                os._exit(3)  # the lab went away: stop where we are


class CommitReporter:
    """Report each commit that changes a cash session's state (kind, state, id)."""

    def __init__(self, pipe: LabPipe):
        self.pipe = pipe
        self._pending = threading.local()

    def install(self, engine: Engine) -> None:
        event.listen(Session, "after_flush", self._collect)
        event.listen(Session, "after_commit", self._after)
        event.listen(Session, "after_soft_rollback", self._drop)
        event.listen(engine, "commit", self._before)

    def _changes(self) -> list:
        if not hasattr(self._pending, "changes"):
            self._pending.changes = []
        return self._pending.changes

    def _collect(self, session: Session, _context) -> None:
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, CashSession) and inspect(obj).attrs.state.history.added:
                self._changes().append([str(obj.kind), str(obj.state), obj.id])

    def _before(self, _connection) -> None:
        if self._changes():
            self.pipe.point("before", list(self._changes()))

    def _after(self, _session: Session) -> None:
        changes = self._changes()
        if changes:
            self._pending.changes = []
            self.pipe.point("after", changes)

    def _drop(self, _session: Session, _previous) -> None:
        self._pending.changes = []
