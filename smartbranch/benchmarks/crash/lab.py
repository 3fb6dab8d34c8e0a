"""The crash lab: run the real kiosk agent in a process, SIGKILL it from outside, restart it.

Method. One lab process imports everything once and seeds a kiosk and a funded customer
with a card per trial (world.py); the database is a file SQLite database or PostgreSQL.
It forks `workers` worker processes (imports are slow, a fork is cheap), and each worker
runs its share of the trials one after another. A trial is a sequence of process lives
(life.py): each is a fresh fork that builds the devices from their state files and runs
the real KioskAgent; every life but the last is killed with SIGKILL from the worker; the
last runs to its end. Each life checks the invariants of invariants.py after the agent's
own recovery, after the teller's reconciliation, and after the customer's visit.

Where the kills land:
  scripted: for every plan in customer.SCRIPTED (each path of withdrawal and deposit:
    taken, not taken and retracted, retract jam, dispense failed with nothing out,
    dispense jam, shutter (notes rejected, the hold released), partial present, notes'
    position unknown, the dispenser's power lost while stacking; deposit accepted,
    cancelled, store jam, power lost while storing, rollback shutter) a probe life lists
    the cash session commits; then one trial per commit report, the child held there in
    step mode and killed just before the commit (written, not durable) or just after it
    (durable), each point once where plans share it (SHARED_UNTIL); then, after a kill
    just after each state a restart must settle (RESTART_AFTER), one trial per commit
    report of the restarted life (recovery's release, roll back or suspect, the teller's
    reconciliation, the retry): kills during recovery and reconciliation. A customer at
    the kiosk during each outage takes whatever the dispenser shows;
  random: seeded plans (withdrawal or deposit, amounts, notes, cancel, not taken, seeded
    fault rates over every device, a customer grabbing cash during the outage or not)
    with one or two kills each, after a random number of commit reports plus a random
    delay, or at a random time after the fork.
A trial fails if any check finds a broken invariant, a life errs, or the last life does
not finish.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import tempfile
import time
import traceback
import uuid
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

# The PIN pad's cipher is imported on first use: import it here once, not in every fork.
from cryptography.hazmat.decrepit.ciphers import algorithms as _decrepit  # noqa: F401
from cryptography.hazmat.primitives.ciphers import Cipher  # noqa: F401

from shared.db import Database
from smartbranch.benchmarks.crash.commits import GO, LabPipe
from smartbranch.benchmarks.crash.customer import DEPOSIT, SCRIPTED, Plan, with_keys
from smartbranch.benchmarks.crash.life import Life
from smartbranch.benchmarks.crash.world import TrialWorld, seed_worlds

LIFE_TIMEOUT_S = 60.0
RANDOM_AMOUNTS = (2500, 6000, 12_000, 20_000)
RANDOM_NOTES = ((2000, 1000), (5000, 500, 500), DEPOSIT, (2000, 0, 1000))


# -- one life, forked and watched ------------------------------------------------------------
def _child(settings, trial: dict, index: int, report_fd: int, control_fd: int | None) -> None:
    pipe = LabPipe(report_fd, control_fd)
    code = 0
    try:
        Life(settings, TrialWorld(**trial["world"]), Plan(**trial["plan"]),
             Path(trial["state_dir"]), index == 0, pipe).run()
    except BaseException:  # noqa: BLE001 - whatever it was, the lab must hear of it
        pipe.send(t="error", detail=traceback.format_exc()[-4000:])
        code = 1
    os._exit(code)


def _due(kill: dict | None, message: dict) -> bool:
    """Is this step-mode point (the n-th report of a commit, before or after) the one?"""
    return (kill is not None and "point" in kill and message["t"] == "point"
            and message["n"] == kill["point"])


def run_life(settings, trial: dict, index: int, kill: dict | None) -> dict:
    """Fork one life; kill it as `kill` says (None: let it finish); return what it reported."""
    step = kill is not None and "point" in kill
    report_r, report_w = os.pipe()
    control_r, control_w = os.pipe() if step else (None, None)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(report_r)
        if control_w is not None:
            os.close(control_w)
        _child(settings, trial, index, report_w, control_r)
    os.close(report_w)
    if control_r is not None:
        os.close(control_r)
    deadline = started + kill["delay"] if kill and "delay" in kill and not kill.get(
        "after_point") else None
    life = {"killed": False, "points": [], "checks": [], "phase": "start", "done": False,
            "error": None, "visit": None, "recovery": None, "reconciled": 0}
    buffer = b""
    while True:
        now = time.monotonic()
        if now - started > LIFE_TIMEOUT_S:
            life["error"] = f"hung for {LIFE_TIMEOUT_S} s in {life['phase']}"
            os.kill(pid, signal.SIGKILL)
            break
        if deadline is not None and now >= deadline:
            _kill(pid, life)
            deadline = None
        wait = 1.0 if deadline is None else min(1.0, deadline - now)
        readable, _, _ = select.select([report_r], [], [], wait)
        if not readable:
            continue
        chunk = os.read(report_r, 1 << 16)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            message = json.loads(line)
            _note(life, message)
            if life["killed"] or message["t"] != "point":
                continue
            if _due(kill, message):
                _kill(pid, life)
                continue
            if kill and kill.get("after_point") == message["n"]:
                deadline = time.monotonic() + kill["delay"]
            if step:
                try:
                    os.write(control_w, GO)
                except BrokenPipeError:
                    pass  # it died on its own: the reports that follow say why
    os.close(report_r)
    if control_w is not None:
        os.close(control_w)
    os.waitpid(pid, 0)
    if life["done"] and life["killed"]:  # it had finished: the signal cut nothing
        life["killed"] = False
        life.pop("killed_at")
    life["seconds"] = round(time.monotonic() - started, 3)
    return life


def _kill(pid: int, life: dict) -> None:
    os.kill(pid, signal.SIGKILL)
    life["killed"] = True
    life["killed_at"] = _where(life)


def _note(life: dict, message: dict) -> None:
    kind = message["t"]
    if kind == "point":
        life["points"].append([message["when"], message["changes"]])
    elif kind == "phase":
        life["phase"] = message["name"]
    elif kind == "check":
        life["checks"].append(message)
    elif kind == "recovery":
        life["recovery"] = {"suspects": message["suspects"],
                            "by_counters": message["by_counters"]}
    elif kind == "teller":
        life["reconciled"] += message["suspects"]
    elif kind == "visit":
        life["visit"] = message["ended"]
    elif kind == "done":
        life["done"] = True
    elif kind == "error":
        life["error"] = message["detail"]


def _where(life: dict) -> str:
    """Name the kill point: the phase and the last cash session state reported."""
    if not life["points"]:
        return f"{life['phase']}: no cash state yet"
    when, changes = life["points"][-1]
    states = "+".join(f"{kind} {state}" for kind, state, _id in changes)
    return f"{life['phase']}: {when} commit of {states}"


# -- a trial: lives until one finishes -------------------------------------------------------
def run_trial(settings, trial: dict) -> dict:
    started = time.monotonic()
    lives = []
    failures = []
    for index, kill in enumerate([*trial["kills"], None]):
        life = run_life(settings, trial, index, kill)
        lives.append(life)
        for check in life["checks"]:
            failures += [f"life {index} {check['label']}: {p}" for p in check["problems"]]
        if life["error"]:
            failures.append(f"life {index}: {life['error']}")
        elif kill is None and not life["done"]:
            failures.append(f"life {index} did not finish ({life['phase']})")
        elif kill is not None and not life["killed"] and not life["done"]:
            failures.append(f"life {index} died unkilled in {life['phase']}")
    return {"id": trial["id"], "plan": trial["plan"]["name"], "kills_planned": trial["kills"],
            "kills": sum(life["killed"] for life in lives),
            "killed_at": [life.get("killed_at") for life in lives if life["killed"]],
            "points": [len(life["points"]) for life in lives],
            "paths": [life["points"] for life in lives],
            "visits": [life["visit"] for life in lives], "failures": failures,
            "recoveries": [life["recovery"] for life in lives if life["recovery"]],
            "reconciled": sum(life["reconciled"] for life in lives),
            "seconds": round(time.monotonic() - started, 3)}


def _work(settings, trials: list[dict], out: Path) -> None:
    with out.open("w") as handle:
        for trial in trials:
            try:
                result = run_trial(settings, trial)
            except Exception:  # noqa: BLE001 - a broken trial is a failure, not a lost worker
                result = {"id": trial["id"], "plan": trial["plan"]["name"], "kills": 0,
                          "failures": [traceback.format_exc()[-2000:]]}
            handle.write(json.dumps(result) + "\n")
            handle.flush()


def run_trials(settings, specs: list[tuple[Plan, list[dict]]], workers: int,
               scratch: Path) -> list[dict]:
    """Seed a world per (plan, kills), run them on `workers` forked workers; the results."""
    tag = uuid.uuid4().hex[:6]
    database = Database(settings)
    try:
        worlds = seed_worlds(database, settings, len(specs), tag)
    finally:
        database.dispose()  # nothing of the engine may cross a fork
    trials = []
    for n, ((plan, kills), world) in enumerate(zip(specs, worlds, strict=True)):
        state_dir = scratch / f"{tag}-{n}"
        state_dir.mkdir(parents=True)
        trials.append({"id": f"{tag}-{n}", "world": asdict(world), "kills": kills,
                       "plan": asdict(with_keys(plan, f"{tag}-{n}")),
                       "state_dir": str(state_dir)})
    pids, outs = [], []
    for w in range(workers):
        out = scratch / f"{tag}-worker-{w}.jsonl"
        outs.append(out)
        own = _own_database(settings, scratch / f"{tag}-worker-{w}.db")
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _work(own, trials[w::workers], out)
            except BaseException:  # noqa: BLE001
                traceback.print_exc()
                code = 1
            os._exit(code)
        pids.append(pid)
    for pid in pids:
        os.waitpid(pid, 0)
    results = []
    for out in outs:
        if out.exists():
            results += [json.loads(line) for line in out.read_text().splitlines()]
    if len(results) != len(trials):
        results.append({"id": tag, "plan": "lab", "kills": 0,
                        "failures": [f"{len(trials) - len(results)} trials lost"]})
    return results


def _own_database(settings, copy: Path):
    """On SQLite, a worker's own copy of the seeded database; PostgreSQL is shared.

    SQLite has one writer at a time for the whole file (PostgreSQL locks rows); one file
    per worker keeps the workers' trials from waiting on each other.
    """
    url = settings.database.url
    if not url.startswith("sqlite"):
        return settings
    with sqlite3.connect(url.split("///", 1)[1]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return settings.model_copy(update={"database": settings.database.model_copy(
        update={"url": f"sqlite:///{copy}"})})


# -- where the kills land --------------------------------------------------------------------
def _sweep(points: int) -> list[dict]:
    """A kill at each of `points` reports: before and after each commit, in turn."""
    return [{"point": n} for n in range(1, points + 1)]


# The restart sweeps follow a kill just after the commit of each state a restart must
# settle. The agent is held right after that commit, before its device acts on it, so the
# first plan to reach a state stands for all of them.
RESTART_AFTER = (("withdrawal", "authorised"), ("withdrawal", "dispensing"),
                 ("withdrawal", "presented"), ("deposit", "escrowed"),
                 ("deposit", "accepting"))


# Up to the commit of these states no scripted fault has struck (each strikes when the
# dispenser dispenses or the acceptor stores, after that commit), so every plan's device
# has done the same there; past them the plans' paths differ even where commits agree.
SHARED_UNTIL = ("authorised", "dispensing", "escrowed", "accepting")


def _keys(plan: Plan, points: list) -> list[tuple]:
    """Name each report by the path that led there (shared by plans while no fault struck)."""
    keys = []
    for n in range(1, len(points) + 1):
        path = tuple((when, tuple(state for _k, state, _i in changes))
                     for when, changes in points[:n])
        shared = all(state in SHARED_UNTIL for _when, states in path for state in states)
        keys.append(path if shared else (plan.name, path))
    return keys


def scripted(settings, workers: int, scratch: Path) -> list[dict]:
    """Kill at every cash session commit of every scripted path, then of the restart.

    Plans share their first commits (every withdrawal is authorised, then dispensing):
    a point where an earlier plan was in the very same place is not killed again.
    """
    plans = [replace(plan, grab_during_outage=True) for plan in SCRIPTED]
    probes = run_trials(settings, [(plan, []) for plan in plans], workers, scratch)
    by_plan = {r["plan"]: r for r in probes}
    first, seen = [], set()
    for plan in plans:
        for n, key in enumerate(_keys(plan, by_plan[plan.name]["paths"][0]), start=1):
            if key not in seen:
                seen.add(key)
                first.append((plan, [{"point": n}]))
    results = probes + run_trials(settings, first, workers, scratch)
    restarts = []
    for kind, state in RESTART_AFTER:
        opened = [r for r in results if r["kills"] == 1
                  and f"after commit of {kind} {state}" in r["killed_at"][0]]
        if opened:
            plan = next(p for p in plans if p.name == opened[0]["plan"])
            restarts += [(plan, [opened[0]["kills_planned"][0], second])
                         for second in _sweep(opened[0]["points"][1])]
    return results + run_trials(settings, restarts, workers, scratch)


def random_plans(seed: int, count: int, first: int = 0) -> list[tuple[Plan, list[dict]]]:
    """Seeded plans number `first`.. with one or two random kills each (see the module)."""
    specs = []
    for n in range(first, first + count):
        rng = random.Random(f"{seed}:{n}")
        faults = []
        if rng.random() < 0.25:
            faults.append(("cash_dispenser", "wait_for_take", "not_taken", ""))
        withdraw = rng.random() < 0.6
        plan = Plan(
            f"random-{seed}-{n}", "withdraw" if withdraw else "deposit",
            amount_minor=rng.choice(RANDOM_AMOUNTS) if withdraw else 0,
            notes=() if withdraw else rng.choice(RANDOM_NOTES),
            cancel=not withdraw and rng.random() < 0.25, faults=tuple(faults),
            fault_rate=rng.choice((0.0, 0.15, 0.3)), fault_seed=rng.randrange(10**6),
            grab_during_outage=rng.random() < 0.5)
        kills = [_random_kill(rng) for _ in range(1 if rng.random() < 0.7 else 2)]
        specs.append((plan, kills))
    return specs


def _random_kill(rng: random.Random) -> dict:
    """A random time after the fork, or a random delay after a random commit report."""
    point = rng.randint(0, 8)
    if point == 0:
        return {"delay": round(rng.uniform(0.0, 0.35), 4)}
    return {"after_point": point, "delay": round(rng.uniform(0.0, 0.08), 4)}


def summarise(results: list[dict], seconds: float) -> dict:
    """The figures: trials, kills delivered, where they landed, failures."""
    places = Counter(at for r in results for at in r.get("killed_at", []) if at)
    failures = [{"id": r["id"], "plan": r["plan"], "failures": r["failures"][:5]}
                for r in results if r["failures"]]
    recoveries = [done for r in results for done in r.get("recoveries", [])]
    return {"trials": len(results), "kills": sum(r["kills"] for r in results),
            "failures": len(failures), "failed": failures[:20],
            # Each restart's recovery: sessions it could not know the outcome of (suspects
            # for the teller) and those the devices' counters settled.
            "recoveries": len(recoveries),
            "recovery_suspects": sum(done["suspects"] for done in recoveries),
            "recovery_settled_by_counters": sum(done["by_counters"] for done in recoveries),
            # Suspects the teller had to count, from recovery and from the flows' faults.
            "teller_reconciled": sum(r.get("reconciled", 0) for r in results),
            "kill_places": dict(places.most_common()), "seconds": round(seconds, 1)}


def random_kills(settings, points: int, seed: int, workers: int, scratch: Path) -> list[dict]:
    """Run seeded random trials until `points` kills have landed (a kill planned after the
    life has finished does not land), in batches sized from the rate seen so far."""
    results: list[dict] = []
    kills = 0
    while kills < points:
        rate = kills / len(results) if results and kills else 0.6
        batch = max(workers, int((points - kills) / rate) + 1)
        results += run_trials(settings, random_plans(seed, batch, len(results)), workers,
                              scratch)
        kills = sum(r["kills"] for r in results)
    return results


def run(settings, *, scripted_sweep: bool, random_points: int, seed: int, workers: int,
        scratch: Path | None = None) -> dict:
    """Run the lab on the (migrated) database of `settings`; return the summary.

    `random_points`: random kills to land, besides the scripted sweep's.
    """
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="crash-lab-") as tmp:
        where = Path(scratch or tmp)
        results = scripted(settings, workers, where) if scripted_sweep else []
        scripted_kills = sum(r["kills"] for r in results)
        if random_points:
            results += random_kills(settings, random_points, seed, workers, where)
    summary = summarise(results, time.monotonic() - started)
    return summary | {"scripted_kills": scripted_kills,
                      "random_kills": summary["kills"] - scripted_kills, "results": results}
