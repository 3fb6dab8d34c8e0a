"""A small process supervisor: named children, restarted with capped backoff, stopped together.

`smartbranch edge` runs a branch's device processes under one, `smartbranch cluster up` the
whole shape. Children die with the supervisor even when it is killed outright: each asks
the kernel for SIGKILL when its parent goes (PR_SET_PDEATHSIG, through util-linux's
`setpriv`), and each runs in a process group of its own so a stop reaches its own children
(gunicorn's worker, for one).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

log = logging.getLogger(__name__)

# How often the supervisor looks at its children: a crash is noticed within this.
POLL_S = 0.1


@dataclass(frozen=True)
class ChildSpec:
    """One child command: its name, argv, environment (None: ours) and log file."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str] | None = None
    log_file: Path | None = None
    # A child that may end by itself (a one-off job) is not restarted when it exits 0.
    restart_on_success: bool = True
    # Asked after the first start until true (or ready_timeout_s passes) before the next
    # child starts: a server the later children connect to (NATS before the edges).
    ready: Callable[[], bool] | None = field(default=None, compare=False)
    ready_timeout_s: float = 15.0
    # The shortest wait before a restart, whatever the backoff says: a web process must stay
    # down until the proxy has seen it down, or requests queue on its half-started successor.
    min_restart_s: float = 0.0


class ChildState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    BACKOFF = "backoff"
    STOPPED = "stopped"


@dataclass(frozen=True)
class ChildStatus:
    """What a child is doing now, for a status report."""

    name: str
    state: ChildState
    pid: int | None
    restarts: int
    last_exit: int | None


@dataclass(frozen=True)
class Backoff:
    """Restart delays: first, doubled each crash up to a cap, reset after a stable run."""

    first_s: float = 0.5
    cap_s: float = 30.0
    stable_after_s: float = 30.0

    def delay(self, crashes: int) -> float:
        """Return the wait before restart number `crashes` (1 for the first)."""
        return min(self.cap_s, self.first_s * 2 ** max(0, crashes - 1))


@dataclass
class _Child:
    spec: ChildSpec
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float = 0.0
    crashes: int = 0
    restarts: int = 0
    last_exit: int | None = None
    launched: bool = False
    done: bool = False
    log_handle: object | None = field(default=None, repr=False)


def exit_description(code: int) -> str:
    """Say how a child ended: 'exit 3' or 'killed by SIGKILL'."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit {code}"


class Supervisor:
    """Start named children, restart those that exit, stop them all on request."""

    def __init__(self, specs: Sequence[ChildSpec] = (), *, backoff: Backoff | None = None,
                 grace_s: float = 10.0,
                 on_change: Callable[[ChildStatus, str], None] | None = None):
        names = [spec.name for spec in specs]
        if len(set(names)) != len(names):
            raise ValueError(f"child names must be unique: {names}")
        self._children = {spec.name: _Child(spec) for spec in specs}
        self.backoff = backoff or Backoff()
        self.grace_s = grace_s
        self.stop_event = threading.Event()
        # Set (by SIGUSR1 under run_until_signalled) to log every child's status once.
        self.report_event = threading.Event()
        self._on_change = on_change
        self._lock = threading.Lock()
        self._deathsig = _deathsig_prefix()

    def status(self) -> list[ChildStatus]:
        """Return every child's state, pid, restart count and last exit code."""
        with self._lock:
            return [self._status(child) for child in self._children.values()]

    def pid(self, name: str) -> int | None:
        """Return the running child's pid, or None."""
        with self._lock:
            process = self._children[name].process
            return process.pid if process is not None and process.poll() is None else None

    def log_status(self) -> None:
        """Log one line per child: state, pid, restarts and last exit."""
        for status in self.status():
            last = ("" if status.last_exit is None
                    else f", last {exit_description(status.last_exit)}")
            log.info("status %s: %s, pid %s, %d restarts%s", status.name, status.state,
                     status.pid, status.restarts, last)

    def run(self) -> None:
        """Start every child and keep them running until stop_event is set, then stop them.

        Run it in the thread that should own the children: the kernel kills them when the
        thread that started them ends.
        """
        try:
            for child in self._children.values():
                if self.stop_event.is_set():
                    break
                child.launched = True
                self._start(child)
                self._await_ready(child)
            while not self.stop_event.wait(POLL_S):
                self._tend(time.monotonic())
                if self.report_event.is_set():
                    self.report_event.clear()
                    self.log_status()
        finally:
            self._stop_all()

    def _tend(self, now: float) -> None:
        for child in self._children.values():
            if child.done or not child.launched:
                continue
            if child.process is None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self._start(child)
                continue
            code = child.process.poll()
            if code is None:
                continue
            pid = child.process.pid
            self._reap(child, code)
            if code == 0 and not child.spec.restart_on_success:
                child.done = True
                self._report(child, "finished", pid)
                continue
            ran_for = now - child.started_at
            child.crashes = 1 if ran_for >= self.backoff.stable_after_s else child.crashes + 1
            wait = max(self.backoff.delay(child.crashes), child.spec.min_restart_s)
            child.restart_at = now + wait
            self._report(child, f"{exit_description(code)}; restarting in {wait:.1f} s", pid)

    def _await_ready(self, child: _Child) -> None:
        ready = child.spec.ready
        if ready is None:
            return
        deadline = time.monotonic() + child.spec.ready_timeout_s
        while not ready():
            if time.monotonic() >= deadline:
                self._report(child, f"not ready after {child.spec.ready_timeout_s:.0f} s; "
                                    "starting the others anyway")
                return
            if self.stop_event.wait(POLL_S):
                return
            self._tend(time.monotonic())
        self._report(child, "ready")

    def _start(self, child: _Child) -> None:
        spec = child.spec
        if spec.log_file is not None:
            spec.log_file.parent.mkdir(parents=True, exist_ok=True)
            child.log_handle = spec.log_file.open("ab")
            output = child.log_handle
        else:
            output = None
        try:
            process = subprocess.Popen(
                [*self._deathsig, *spec.argv],
                env=dict(spec.env) if spec.env is not None else None, stdin=subprocess.DEVNULL,
                stdout=output, stderr=subprocess.STDOUT if output else None,
                # Its own group: a stop reaches the child's children; Ctrl-C on the terminal
                # reaches only us, so we choose the order things stop in.
                process_group=0,
            )
        except OSError as exc:
            self._close_log(child)
            child.crashes += 1
            wait = self.backoff.delay(child.crashes)
            child.restart_at = time.monotonic() + wait
            self._report(child, f"cannot start ({exc}); retrying in {wait:.1f} s")
            return
        with self._lock:
            child.process = process
        child.started_at = time.monotonic()
        self._report(child, "started")

    def _reap(self, child: _Child, code: int) -> None:
        with self._lock:
            child.process = None
            child.last_exit = code
        self._close_log(child)

    def _stop_all(self) -> None:
        running = [c for c in self._children.values() if c.process is not None]
        for child in running:
            _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + self.grace_s
        for child in running:
            pid = child.process.pid
            try:
                code = child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child.process, signal.SIGKILL)
                code = child.process.wait()
            # The group may hold children that outlived their leader; none may leak.
            _signal_group(child.process, signal.SIGKILL)
            self._reap(child, code)
            self._report(child, f"stopped ({exit_description(code)})", pid)
        for child in self._children.values():
            child.done = True

    def _close_log(self, child: _Child) -> None:
        if child.log_handle is not None:
            child.log_handle.close()
            child.log_handle = None

    def _status(self, child: _Child) -> ChildStatus:
        if child.done:
            state = ChildState.STOPPED
        elif child.process is not None:
            state = ChildState.RUNNING
        elif not child.launched:
            state = ChildState.PENDING
        else:
            state = ChildState.BACKOFF
        pid = child.process.pid if child.process is not None else None
        return ChildStatus(child.spec.name, state, pid, child.restarts, child.last_exit)

    def _report(self, child: _Child, what: str, pid: int | None = None) -> None:
        status = self._status(child)
        log.info("%s (pid %s): %s", child.spec.name, pid or status.pid, what)
        if self._on_change is not None:
            self._on_change(status, what)


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass  # the group is gone already


def _deathsig_prefix() -> list[str]:
    """Return the argv prefix that makes a child die with us, or [] without setpriv."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        log.warning("setpriv (util-linux) not found: children outlive a killed supervisor")
        return []
    return [setpriv, "--pdeathsig", "KILL", "--"]


def run_until_signalled(supervisor: Supervisor) -> None:
    """Run the supervisor in this (the main) thread until SIGTERM or SIGINT, then stop all.

    SIGUSR1 logs every child's status (`kill -USR1 <pid>`).
    """

    def request_stop(signum, frame) -> None:
        supervisor.stop_event.set()

    def request_report(signum, frame) -> None:
        supervisor.report_event.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    previous[signal.SIGUSR1] = signal.signal(signal.SIGUSR1, request_report)
    try:
        supervisor.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
