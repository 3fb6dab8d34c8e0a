"""Fraud monitoring: planted fraud found and genuine customers bothered, against fixed limits.

Method. A fresh SQLite database (migrated) gets `--branches` branches with two kiosks and
three relationship managers each, and `--customers` customers with a card. Weeks of
history (`--days`) are planned by shared.demo.fraud_history: every customer's genuine
kiosk sessions, visits, profile look-ups and card changes (after `--warmup-days` of the
same, unscored, so the rules know each customer's usual payees and amounts as they would
in a bank), and `--per-scenario` planted cases of each of six fraud scenarios in the
scored days (a few made subtler than the rules look for). The
history is replayed in time order through the real engine (`shared.fraud.observe`, every
rule, its SQL, case merging) exactly as the kiosk and the console call it.

Scores. A planted case is detected when one of its own acts hits a rule (a case opened or
joined, a step-up or an alert). A false alert is a genuine session (a kiosk session, a
profile look-up, a wallet binding) with a hit, per 1,000 genuine sessions.

Baseline: the fixed limits alone, judged on the same history: a withdrawal over the kiosk
limit, more than `DAILY_CASH_MINOR` of cash on one card in a day, a transfer over the
ledger's single-transaction limit, and a card retained at the third wrong PIN in a row.

Run: `smartbranch bench fraud --json` (one JSON object).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from smartbranch.benchmarks import settings_for

TARGETS = {"detection_rate": 0.90, "false_alerts_per_1000_sessions": 5.0}
DAILY_CASH_MINOR = 100_000  # a usual fixed daily cash limit per card (£1,000)
MAX_PIN_TRIES = 3


def _population(database, branches: int, customers: int, seed: int, limit_minor: int):
    from shared.db.locks import begin_write
    from shared.demo.fraud_history import Holder, Population
    from shared.models import Account, Branch, Card, Customer, Device, Staff
    from shared.models.enums import AccountKind, DeviceKind, PrivacyMode, Role

    rng = random.Random(seed)
    with database.session() as session:
        begin_write(session)
        kiosks, staff, holders = {}, {}, []
        for b in range(branches):
            branch = Branch(code=f"FB-{b:02d}", name=f"Bench branch {b}",
                            privacy_mode=PrivacyMode.AMBIENT)
            session.add(branch)
            session.flush()
            devices = [Device(branch_id=branch.id, code=f"FB-{b:02d}-K{k}", name=f"Kiosk {k}",
                              kind=DeviceKind.KIOSK) for k in (1, 2)]
            people = [Staff(branch_id=branch.id, username=f"fb{b}rm{i}", full_name=f"RM {i}",
                            role=Role.RELATIONSHIP_MANAGER, password_hash="-")
                      for i in range(3)]
            session.add_all(devices + people)
            session.flush()
            kiosks[branch.id] = tuple(d.id for d in devices)
            staff[branch.id] = tuple(p.id for p in people)
        branch_ids = sorted(kiosks)
        for n in range(customers):
            branch_id = branch_ids[n % len(branch_ids)]
            customer = Customer(customer_number=f"FB{n:08d}", given_name=f"Given{n}",
                                family_name=f"Family{n}", home_branch_id=branch_id)
            session.add(customer)
            session.flush()
            account = Account(number=f"FBA{n:08d}", customer_id=customer.id, name="Current",
                              kind=AccountKind.CURRENT)
            session.add(account)
            session.flush()
            card = Card(pan_hash=f"{rng.getrandbits(256):064x}", pan_last4=f"{n % 10000:04d}",
                        expires_on=datetime(2030, 12, 31).date(), customer_id=customer.id,
                        account_id=account.id, pin_verification_value="0" * 64)
            session.add(card)
            session.flush()
            holders.append(Holder(customer.id, branch_id, card.id))
        session.commit()
    return Population(kiosks, staff, tuple(holders), limit_minor)


def _baseline_hits(steps, limit_minor: int, max_transaction_minor: int) -> set[int]:
    """Indexes of the steps the fixed limits alone would stop or flag."""
    from shared.models import SignalKind

    hits: set[int] = set()
    cash_today: dict[tuple[int, object], int] = defaultdict(int)
    wrong_in_a_row: dict[int, int] = defaultdict(int)
    for i, step in enumerate(steps):
        act = step.observation
        if act is None:
            continue
        if act.kind is SignalKind.WITHDRAWAL:
            key = (act.card_id, act.at.date())
            cash_today[key] += act.amount_minor
            if act.amount_minor > limit_minor or cash_today[key] > DAILY_CASH_MINOR:
                hits.add(i)
        elif act.kind is SignalKind.TRANSFER and act.amount_minor > max_transaction_minor:
            hits.add(i)
        elif act.kind is SignalKind.PIN_WRONG:
            wrong_in_a_row[act.card_id] += 1
            if wrong_in_a_row[act.card_id] >= MAX_PIN_TRIES:
                hits.add(i)
        elif act.kind is SignalKind.PIN_OK:
            wrong_in_a_row[act.card_id] = 0
    return hits


def _score(steps, hit_indexes: set[int], planted, scored_from: datetime) -> dict:
    from shared.models import SignalKind

    hit_indexes = {i for i in hit_indexes if steps[i].at >= scored_from}
    monitored = {step.session for step in steps if step.planted is None
                 and step.observation is not None and step.at >= scored_from
                 and step.observation.kind is not SignalKind.CARD_ISSUED}
    alerted = {steps[i].session for i in hit_indexes if steps[i].planted is None}
    found = {steps[i].planted for i in hit_indexes if steps[i].planted is not None}
    by_scenario: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in planted:
        by_scenario[case.scenario][1] += 1
        by_scenario[case.scenario][0] += case.index in found
    return {
        "planted": len(planted),
        "detected": len(found),
        "detection_rate": round(len(found) / len(planted), 4) if planted else None,
        "genuine_sessions": len(monitored),
        "false_alerts": len(alerted),
        "false_alerts_per_1000_sessions": round(1000 * len(alerted) / max(1, len(monitored)), 2),
        "per_scenario": {name: f"{hit}/{total}" for name, (hit, total) in
                         sorted(by_scenario.items())},
    }


def run(days: int, customers: int, branches: int, per_scenario: int, seed: int,
        warmup_days: int = 180, workdir: Path | None = None) -> dict:
    from shared.db import Database
    from shared.db.migrate import upgrade
    from shared.demo.fraud_history import in_order, plan_genuine, plan_planted, replay

    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        url = f"sqlite:///{Path(folder) / 'fraud.db'}"
        settings = settings_for(url)
        database = Database(settings)
        try:
            upgrade(database.engine)
            limit = settings.kiosk.max_withdrawal_minor
            population = _population(database, branches, customers, seed, limit)
            scored_from = (datetime.now(UTC) - timedelta(days=days + 1)).replace(
                hour=0, minute=0, second=0, microsecond=0)
            start = scored_from - timedelta(days=warmup_days)
            planted_steps, planted = plan_planted(population, scored_from, days, seed,
                                                  per_scenario)
            steps = in_order(plan_genuine(population, start, warmup_days + days, seed),
                             planted_steps)
            index_of = {id(step): i for i, step in enumerate(steps)}
            started = time.perf_counter()
            hit_indexes: set[int] = set()
            rules: Counter[str] = Counter()
            with database.session() as session:
                for step, verdict in replay(session, steps, settings):
                    if verdict.rules:
                        hit_indexes.add(index_of[id(step)])
                        if step.at >= scored_from:
                            rules.update(verdict.rules)
                session.commit()
            seconds = time.perf_counter() - started
        finally:
            database.engine.dispose()
    acts = sum(step.observation is not None for step in steps)
    baseline = _score(steps, _baseline_hits(steps, limit, settings.ledger.max_transaction_minor),
                      planted, scored_from)
    result = {"days": days, "warmup_days": warmup_days, "customers": customers,
              "branches": branches, "seed": seed, "acts": acts,
              "replay_seconds": round(seconds, 2), "acts_per_s": round(acts / seconds, 1),
              **_score(steps, hit_indexes, planted, scored_from),
              "hits_by_rule": dict(sorted(rules.items())),
              "baseline_fixed_limits": baseline, "targets": TARGETS}
    result["detection_ratio_vs_baseline"] = (
        round(result["detection_rate"] / baseline["detection_rate"], 2)
        if baseline["detection_rate"] else None)
    result["meets_targets"] = (
        result["detection_rate"] >= TARGETS["detection_rate"]
        and result["false_alerts_per_1000_sessions"]
        <= TARGETS["false_alerts_per_1000_sessions"])
    return result


@click.command("fraud")
@click.option("--days", default=28, show_default=True, type=click.IntRange(3, 366))
@click.option("--customers", default=1200, show_default=True, type=click.IntRange(20))
@click.option("--branches", default=4, show_default=True, type=click.IntRange(1, 50))
@click.option("--per-scenario", default=20, show_default=True, type=click.IntRange(1),
              help="Planted cases of each of the six fraud scenarios.")
@click.option("--warmup-days", default=180, show_default=True, type=click.IntRange(0, 400),
              help="Genuine history before the scored days (the rules' memory), not scored.")
@click.option("--seed", default=20261206, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print only the JSON object.")
def fraud_command(days: int, customers: int, branches: int, per_scenario: int,
                  warmup_days: int, seed: int, as_json: bool) -> None:
    """Replay weeks of kiosk and look-up history with planted fraud through the risk rules."""
    if not as_json:
        click.echo(f"replaying {days} days of {customers} customers with "
                   f"{6 * per_scenario} planted cases...", err=True)
    click.echo(json.dumps(run(days, customers, branches, per_scenario, seed, warmup_days),
                          indent=2))
