"""Ledger postings with full durability: ours on SQLite and PostgreSQL beside a naive baseline.

Method. Each run makes a fresh database (a SQLite file in a temporary folder; a throwaway
PostgreSQL database on the named server, dropped afterwards), migrates it, opens
`--accounts` customer accounts funded from the clearing account, then posts `--transactions`
transfers between random pairs, one after another, each as its own unit of work:
`Database.session()` -> `ledger.post()` (write lock / row locks, idempotency key claimed,
funds checked, two postings, balances) -> COMMIT. The latency of each unit of work is
timed from opening the session to the end of its commit; throughput is transactions over
the wall time of the timed loop (after `--warmup` untimed ones). PostgreSQL is measured
twice: one client, and `--clients` threads each with its own connection (concurrent
commits share WAL flushes there; SQLite serialises writers, so it runs one client).
`disk_sqlite_bare_commits_per_s` is bare sqlite3 one-row commits on the same disk with the
same durability: no ledger can commit faster than that, so read the figures against it.

Durability: SQLite runs in WAL with synchronous=FULL (every commit fsyncs the WAL);
PostgreSQL keeps its defaults (fsync on, synchronous_commit on); both are read back and
printed. The naive baseline, in the same process on the same disk, is the textbook way:
SQLite's default rollback journal (synchronous FULL) and one ORM commit per posting
(transaction row, then each leg: read the account, move the balance, add the posting,
commit) with no locking and no idempotency.

Run: `smartbranch bench ledger` (prints one JSON object). PostgreSQL is measured when
`--postgres-url` (a server URL whose user may CREATE DATABASE) is reachable.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import click
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from smartbranch.benchmarks import settings_for

TARGETS = {"sqlite_tps": 1_000, "sqlite_p99_ms": 10.0, "postgres_tps": 500,
           "postgres_p99_ms": 10.0}
OPENING_MINOR = 2_000_000  # £20,000 each: far more than random transfers move
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _stats(latencies: list[float], wall: float) -> dict:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "transactions": len(latencies),
        "tx_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


def _seed(database, accounts: int) -> list[int]:
    from shared.db.locks import begin_write
    from shared.models import Account
    from shared.models.enums import AccountKind
    from shared.money import ledger

    with database.session() as session:
        begin_write(session)
        clearing = Account(number="INT-CLEARING", kind=AccountKind.INTERNAL,
                           name="clearing", allow_negative=True)
        rows = [Account(number=f"BENCH{i:06d}", kind=AccountKind.CURRENT, name=f"bench {i}")
                for i in range(accounts)]
        session.add_all([clearing, *rows])
        session.flush()
        for row in rows:
            ledger.post(session, [ledger.Leg(clearing.id, -OPENING_MINOR),
                                  ledger.Leg(row.id, OPENING_MINOR)],
                        idempotency_key=f"open-{row.id:06d}", request={"open": row.id},
                        kind="opening_balance")
        return [row.id for row in rows]


def _transfer(database, i: int, source: int, target: int, amount: int) -> float:
    """Post one transfer as its own unit of work; return its latency in seconds."""
    from shared.money import ledger

    t0 = time.perf_counter()
    with database.session() as session:
        ledger.post(session, [ledger.Leg(source, -amount), ledger.Leg(target, amount)],
                    idempotency_key=f"bench-{i:08d}",
                    request={"from": source, "to": target, "amount_minor": amount},
                    kind="transfer")
    return time.perf_counter() - t0


def _run_ours(url: str, transactions: int, accounts: int, warmup: int, seed: int,
              clients: int = 1) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    from shared.db import Database
    from shared.db.migrate import upgrade
    from shared.money import ledger

    database = Database(settings_for(url))
    try:
        upgrade(database.engine)
        ids = _seed(database, accounts)
        rng = random.Random(seed)
        plan = [(i, *rng.sample(ids, 2), rng.randrange(100, 10_000))
                for i in range(warmup + transactions)]
        for step in plan[:warmup]:
            _transfer(database, *step)
        timed = plan[warmup:]
        started = time.perf_counter()
        if clients == 1:
            latencies = [_transfer(database, *step) for step in timed]
        else:
            with ThreadPoolExecutor(clients) as pool:
                latencies = list(pool.map(lambda step: _transfer(database, *step), timed))
        wall = time.perf_counter() - started
        result = {"clients": clients, **_stats(latencies, wall)}
        with database.session() as session:
            result["durability"] = _durability(session)
            result["consistent"] = ledger.find_inconsistencies(session) == []
        return result
    finally:
        database.dispose()


def _disk_ceiling(path: Path, commits: int = 300) -> float:
    """Bare SQLite commits/s (one-row insert, WAL, synchronous=FULL): the disk's limit."""
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE t (x INTEGER)")
        started = time.perf_counter()
        for _ in range(commits):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t VALUES (1)")
            conn.execute("COMMIT")
        return round(commits / (time.perf_counter() - started), 1)
    finally:
        conn.close()


def _durability(session: Session) -> dict:
    if session.get_bind().dialect.name == "sqlite":
        journal = session.execute(text("PRAGMA journal_mode")).scalar()
        synchronous = session.execute(text("PRAGMA synchronous")).scalar()
        return {"journal_mode": journal, "synchronous": {2: "FULL", 3: "EXTRA"}.get(
            synchronous, synchronous)}
    return {"fsync": session.execute(text("SHOW fsync")).scalar(),
            "synchronous_commit": session.execute(text("SHOW synchronous_commit")).scalar()}


def _run_naive(path: Path, transactions: int, accounts: int, seed: int) -> dict:
    """One ORM commit per posting on SQLite's default rollback journal; no locks, no keys."""
    from shared.db.base import Base
    from shared.models import Account, LedgerTransaction, Posting
    from shared.models.enums import AccountKind

    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            rows = [Account(number=f"BENCH{i:06d}", kind=AccountKind.CURRENT,
                            name=f"bench {i}", balance_minor=OPENING_MINOR)
                    for i in range(accounts)]
            session.add_all(rows)
            session.commit()
            ids = [row.id for row in rows]
            durability = _durability(session)
        rng = random.Random(seed)
        latencies: list[float] = []
        started = time.perf_counter()
        for i in range(transactions):
            source, target = rng.sample(ids, 2)
            amount = rng.randrange(100, 10_000)
            t0 = time.perf_counter()
            with Session(engine) as session:
                tx = LedgerTransaction(idempotency_key=f"naive-{i:08d}", kind="transfer",
                                       amount_minor=amount)
                session.add(tx)
                session.commit()
                for account_id, delta in ((source, -amount), (target, amount)):
                    account = session.get(Account, account_id)
                    if account.balance_minor + delta < 0:
                        raise RuntimeError("naive baseline ran out of money")
                    account.balance_minor += delta
                    session.add(Posting(transaction_id=tx.id, account_id=account_id,
                                        amount_minor=delta))
                    session.commit()
            latencies.append(time.perf_counter() - t0)
        result = _stats(latencies, time.perf_counter() - started)
        result["durability"] = durability
        return result
    finally:
        engine.dispose()


def _postgres(admin_url: str, transactions: int, accounts: int, warmup: int, seed: int,
              clients: int = 1):
    admin = create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"sb_bench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server is reported
        admin.dispose()
        return {"skipped": f"PostgreSQL unreachable at {admin_url}: {exc}".splitlines()[0]}
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        return _run_ours(url, transactions, accounts, warmup, seed, clients)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(transactions: int = 3000, naive_transactions: int = 300, accounts: int = 100,
        warmup: int = 100, seed: int = 5, postgres_url: str | None = DEFAULT_POSTGRES_URL,
        workdir: Path | None = None, clients: int = 8) -> dict:
    """Run every measurement and return the report (what the command prints)."""
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        ceiling = _disk_ceiling(Path(folder) / "ceiling.db")
        ours = _run_ours(f"sqlite:///{Path(folder) / 'ours.db'}", transactions, accounts,
                         warmup, seed)
        naive = _run_naive(Path(folder) / "naive.db", naive_transactions, accounts, seed)
    report = {"benchmark": "ledger",
              "method": "transfers, one unit of work each (see smartbranch/benchmarks/ledger.py)",
              "disk_sqlite_bare_commits_per_s": ceiling,
              "ours_sqlite": ours, "naive_sqlite": naive, "targets": TARGETS}
    ratios = {"sqlite_tps_vs_naive": round(ours["tx_per_s"] / naive["tx_per_s"], 2),
              "sqlite_p99_naive_over_ours": round(naive["p99_ms"] / ours["p99_ms"], 2),
              "sqlite_tps_vs_bare_disk_commits": round(ours["tx_per_s"] / ceiling, 2)}
    met = {"sqlite_tps": ours["tx_per_s"] >= TARGETS["sqlite_tps"],
           "sqlite_p99": ours["p99_ms"] < TARGETS["sqlite_p99_ms"]}
    if postgres_url:
        for label, n in (("ours_postgres", 1), (f"ours_postgres_{clients}_clients", clients)):
            if n == 1 or clients > 1:
                report[label] = _postgres(postgres_url, transactions, accounts, warmup, seed, n)
        best = max((v for k, v in report.items() if k.startswith("ours_postgres")
                    and "tx_per_s" in v), key=lambda v: v["tx_per_s"], default=None)
        if best is not None:
            ratios["postgres_tps_vs_naive"] = round(best["tx_per_s"] / naive["tx_per_s"], 2)
            met["postgres_tps"] = best["tx_per_s"] >= TARGETS["postgres_tps"]
            met["postgres_p99"] = best["p99_ms"] < TARGETS["postgres_p99_ms"]
    report["ratios"] = ratios
    report["targets_met"] = met
    return report


@click.command("ledger")
@click.option("--transactions", default=3000, show_default=True, type=click.IntRange(10))
@click.option("--naive-transactions", default=300, show_default=True, type=click.IntRange(10),
              help="The baseline is slow; fewer transactions give the same rate.")
@click.option("--accounts", default=100, show_default=True, type=click.IntRange(2))
@click.option("--warmup", default=100, show_default=True, type=click.IntRange(0))
@click.option("--postgres-url", default=DEFAULT_POSTGRES_URL, show_default=True,
              help="Server to create a throwaway database on; '' to skip PostgreSQL.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the SQLite files (default: the system temporary folder).")
@click.option("--clients", default=8, show_default=True, type=click.IntRange(1, 30),
              help="PostgreSQL is also measured with this many concurrent clients.")
def ledger_command(transactions, naive_transactions, accounts, warmup, postgres_url, workdir,
                   clients):
    """Ledger postings/s and p99 with full durability, ours vs a naive baseline (JSON)."""
    report = run(transactions, naive_transactions, accounts, warmup,
                 postgres_url=postgres_url or None, workdir=workdir, clients=clients)
    click.echo(json.dumps(report, indent=2))
