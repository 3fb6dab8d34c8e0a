"""The cluster's process supervisor with real child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from smartbranch.cluster.supervisor import (
    Backoff,
    ChildSpec,
    ChildState,
    Supervisor,
    exit_description,
)

# A child that writes its pid (and its own child's, when asked) and then waits.
SLEEPER = textwrap.dedent("""
    import os, subprocess, sys, time
    pids = [os.getpid()]
    if "--grandchild" in sys.argv:
        pids.append(subprocess.Popen(["sleep", "60"]).pid)
    if "--ignore-term" in sys.argv:
        import signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with open(sys.argv[1], "a") as fh:
        fh.write(" ".join(map(str, pids)) + "\\n")
    time.sleep(60)
""")


def alive(pid: int) -> bool:
    """Say whether a process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def wait_until(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def started_pids(path: Path) -> list[list[int]]:
    if not path.exists():
        return []
    return [[int(p) for p in line.split()] for line in path.read_text().splitlines() if line]


def sleeper(name: str, pids_file: Path, *flags: str) -> ChildSpec:
    return ChildSpec(name, [sys.executable, "-c", SLEEPER, str(pids_file), *flags],
                     log_file=pids_file.with_suffix(".log"))


def running(supervisor: Supervisor) -> threading.Thread:
    thread = threading.Thread(target=supervisor.run, daemon=True)
    thread.start()
    return thread


def test_backoff_doubles_up_to_its_cap():
    backoff = Backoff(first_s=0.5, cap_s=3.0)
    assert [backoff.delay(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_exit_descriptions_name_the_signal():
    assert exit_description(3) == "exit 3"
    assert exit_description(-9) == "killed by SIGKILL"


def test_names_must_be_unique(tmp_path):
    spec = sleeper("a", tmp_path / "a.pids")
    with pytest.raises(ValueError, match="unique"):
        Supervisor([spec, spec])


def test_a_crashed_child_is_restarted_and_the_others_are_left_alone(tmp_path):
    changes = []
    supervisor = Supervisor(
        [sleeper("crashy", tmp_path / "crashy.pids"), sleeper("steady", tmp_path / "steady.pids")],
        backoff=Backoff(first_s=0.2, cap_s=1.0), grace_s=5,
        on_change=lambda status, what: changes.append((status.name, what)))
    thread = running(supervisor)
    try:
        assert wait_until(lambda: started_pids(tmp_path / "crashy.pids")
                          and started_pids(tmp_path / "steady.pids"))
        first = started_pids(tmp_path / "crashy.pids")[0][0]
        steady = started_pids(tmp_path / "steady.pids")[0][0]
        assert supervisor.pid("crashy") == first

        os.kill(first, signal.SIGKILL)

        assert wait_until(lambda: len(started_pids(tmp_path / "crashy.pids")) == 2)
        second = started_pids(tmp_path / "crashy.pids")[1][0]
        assert second != first and alive(second)
        assert supervisor.pid("steady") == steady, "a crash elsewhere must not restart others"
        crashy = next(s for s in supervisor.status() if s.name == "crashy")
        assert (crashy.state, crashy.restarts, crashy.last_exit) == (ChildState.RUNNING, 1, -9)
        assert ("crashy", "killed by SIGKILL; restarting in 0.2 s") in changes
    finally:
        supervisor.stop_event.set()
        thread.join(timeout=15)
    assert not thread.is_alive()


def test_a_child_that_keeps_crashing_waits_longer_each_time(tmp_path):
    failing = ChildSpec("failing", [sys.executable, "-c", "raise SystemExit(4)"])
    waits = []
    supervisor = Supervisor([failing], backoff=Backoff(first_s=0.1, cap_s=0.4),
                            on_change=lambda s, what: waits.append(what))
    thread = running(supervisor)
    try:
        assert wait_until(lambda: sum("restarting" in w for w in waits) >= 4)
    finally:
        supervisor.stop_event.set()
        thread.join(timeout=15)
    restarts = [w for w in waits if "restarting" in w][:4]
    assert restarts == ["exit 4; restarting in 0.1 s", "exit 4; restarting in 0.2 s",
                        "exit 4; restarting in 0.4 s", "exit 4; restarting in 0.4 s"]


def test_a_child_with_a_minimum_wait_is_not_restarted_sooner(tmp_path):
    starts = tmp_path / "starts"
    note_start = f"import time; open({str(starts)!r}, 'a').write(f'{{time.time()}}\\n')"
    failing = ChildSpec("web", [sys.executable, "-c", note_start + "; raise SystemExit(4)"],
                        min_restart_s=0.6)
    waits = []
    supervisor = Supervisor([failing], backoff=Backoff(first_s=0.1, cap_s=0.2),
                            on_change=lambda s, what: waits.append(what))
    thread = running(supervisor)
    try:
        assert wait_until(lambda: starts.exists() and len(starts.read_text().split()) >= 3)
    finally:
        supervisor.stop_event.set()
        thread.join(timeout=15)
    assert [w for w in waits if "restarting" in w][:2] == ["exit 4; restarting in 0.6 s"] * 2
    times = [float(t) for t in starts.read_text().split()]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.6


def test_stop_terms_then_kills_and_leaves_no_process(tmp_path):
    supervisor = Supervisor(
        [sleeper("polite", tmp_path / "polite.pids", "--grandchild"),
         sleeper("stubborn", tmp_path / "stubborn.pids", "--ignore-term")],
        grace_s=1.0)
    thread = running(supervisor)
    assert wait_until(lambda: started_pids(tmp_path / "polite.pids")
                      and started_pids(tmp_path / "stubborn.pids"))
    pids = started_pids(tmp_path / "polite.pids")[0] + started_pids(tmp_path / "stubborn.pids")[0]
    assert len(pids) == 3 and all(alive(pid) for pid in pids)

    began = time.monotonic()
    supervisor.stop_event.set()
    thread.join(timeout=15)

    assert not thread.is_alive()
    assert time.monotonic() - began < 5, "the stubborn child is killed after the grace"
    assert wait_until(lambda: not any(alive(pid) for pid in pids), timeout=5), \
        "a child or a grandchild outlived the supervisor's stop"
    assert {s.state for s in supervisor.status()} == {ChildState.STOPPED}
    assert {s.name: s.last_exit for s in supervisor.status()} == {"polite": -15, "stubborn": -9}


def test_a_one_off_child_that_succeeds_is_not_restarted(tmp_path):
    marker = tmp_path / "ran"
    once = ChildSpec("once", [sys.executable, "-c",
                              f"open({str(marker)!r}, 'a').write('x')"],
                     restart_on_success=False)
    supervisor = Supervisor([once], backoff=Backoff(first_s=0.05))
    thread = running(supervisor)
    try:
        assert wait_until(lambda: supervisor.status()[0].state == ChildState.STOPPED
                          or supervisor.status()[0].last_exit == 0)
        time.sleep(0.5)
        assert marker.read_text() == "x"
    finally:
        supervisor.stop_event.set()
        thread.join(timeout=15)


SUPERVISOR_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from smartbranch.cluster.supervisor import ChildSpec, Supervisor, run_until_signalled
    child = [sys.executable, "-c", sys.argv[1], sys.argv[2]]
    run_until_signalled(Supervisor([ChildSpec("a", child), ChildSpec("b", child)]))
""")


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_children_die_with_their_supervisor_however_it_ends(tmp_path, how):
    pids_file = tmp_path / "children.pids"
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR_SCRIPT, SLEEPER,
                                   str(pids_file)])
    try:
        assert wait_until(lambda: len(started_pids(pids_file)) == 2)
        children = [pids[0] for pids in started_pids(pids_file)]
        assert all(alive(pid) for pid in children)

        supervisor.send_signal(how)
        supervisor.wait(timeout=15)

        assert wait_until(lambda: not any(alive(pid) for pid in children), timeout=5), \
            f"children outlived a supervisor ended by {how.name}"
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()


def test_a_child_with_a_readiness_check_starts_before_the_next(tmp_path):
    flag = tmp_path / "ready"
    # The first child becomes ready after a while; the second records whether it was.
    first = ChildSpec("server", [sys.executable, "-c",
                                 f"import time, pathlib; time.sleep(0.5); "
                                 f"pathlib.Path({str(flag)!r}).touch(); time.sleep(60)"],
                      ready=flag.exists)
    second = ChildSpec("client", [sys.executable, "-c",
                                  f"import pathlib; pathlib.Path({str(tmp_path / 'saw')!r})"
                                  f".write_text(str(pathlib.Path({str(flag)!r}).exists()))"],
                       restart_on_success=False)
    supervisor = Supervisor([first, second], grace_s=2)
    thread = running(supervisor)
    try:
        assert wait_until(lambda: (tmp_path / "saw").exists())
        assert (tmp_path / "saw").read_text() == "True"
    finally:
        supervisor.stop_event.set()
        thread.join(timeout=15)


def test_sigusr1_logs_every_childs_status(tmp_path):
    script = textwrap.dedent("""
        import logging, sys
        from smartbranch.cluster.supervisor import ChildSpec, Supervisor, run_until_signalled
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        child = [sys.executable, "-c", sys.argv[1], sys.argv[2]]
        run_until_signalled(Supervisor([ChildSpec("door", child)]))
    """)
    pids_file = tmp_path / "children.pids"
    supervisor = subprocess.Popen([sys.executable, "-c", script, SLEEPER, str(pids_file)],
                                  stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: started_pids(pids_file))
        child = started_pids(pids_file)[0][0]
        supervisor.send_signal(signal.SIGUSR1)
        time.sleep(0.5)
        supervisor.send_signal(signal.SIGTERM)
        output = supervisor.communicate(timeout=15)[1]
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
    assert f"status door: running, pid {child}, 0 restarts" in output
    assert supervisor.returncode == 0
