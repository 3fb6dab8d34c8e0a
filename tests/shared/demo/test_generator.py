"""The demo loader: reproducible, balanced to the penny, within limits and the time window."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.db import Database
from shared.db.base import Base
from shared.demo import DEMO_SIGNINS, load_demo_data, signins_for
from shared.demo.spending import months_before
from shared.models import (
    Account,
    Area,
    BiometricTemplate,
    Branch,
    Consent,
    Customer,
    CustomerPreference,
    Device,
    LedgerTransaction,
    Posting,
    Staff,
    StaffNote,
    Visit,
)
from shared.models.analytics import AnalyticsFact, RollupDay
from shared.models.enums import AccountKind, PrivacyMode, Role
from shared.staff.passwords import verify_password

NOW = datetime(2026, 3, 18, 11, 45, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(migrated_engine, settings):
    """Load the testing-profile demo once for the module, rolled back at the end.

    Every test here only reads it, so no other connection writes while it is open.
    """
    with migrated_engine.connect() as connection:
        outer = connection.begin()
        session = Database(settings, engine=migrated_engine, bind=connection).session_factory()
        summary = load_demo_data(session, settings.demo, now=NOW)
        yield session, summary
        session.close()
        outer.rollback()


def _mapping(session: Session, statement) -> dict:
    """Run a two-column select and return it as a dict of first column to second."""
    return {key: value for key, value in session.execute(statement)}


def _count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_summary_matches_the_settings_and_the_database(demo, settings):
    session, summary = demo

    assert summary.loaded
    assert summary.branches == settings.demo.branches == _count(session, Branch)
    assert summary.customers == settings.demo.customers == _count(session, Customer)
    assert summary.staff == len(signins_for(settings.demo.branches)) == _count(session, Staff)
    assert summary.accounts == _count(session, Account)
    assert summary.transactions == _count(session, LedgerTransaction) > 0
    assert summary.seconds > 0


def test_branches_devices_and_no_biometrics(demo):
    session, _ = demo
    branches = session.scalars(select(Branch).order_by(Branch.id)).all()

    assert [(b.code, b.name) for b in branches[:2]] == [
        ("LDN-01", "Strand, London"), ("MAN-01", "Deansgate, Manchester"),
    ]
    assert [b.privacy_mode for b in branches[:2]] == [PrivacyMode.AMBIENT, PrivacyMode.OPT_IN]
    codes = set(session.scalars(select(Device.code)))
    for branch in branches:
        assert {f"{branch.code}-K1", f"{branch.code}-K2", f"{branch.code}-DOOR"} <= codes
    # Consent must be real: the demo never invents it, nor any template.
    assert _count(session, Consent) == 0
    assert _count(session, BiometricTemplate) == 0


def test_every_transaction_has_two_postings_that_sum_to_zero(demo):
    session, _ = demo
    legs = session.execute(
        select(Posting.transaction_id, func.count(), func.sum(Posting.amount_minor))
        .group_by(Posting.transaction_id)
    ).all()

    assert len(legs) == _count(session, LedgerTransaction)
    assert all(count == 2 and total == 0 for _, count, total in legs)
    amounts = _mapping(session, select(LedgerTransaction.id, LedgerTransaction.amount_minor))
    maxima = _mapping(session, select(Posting.transaction_id, func.max(Posting.amount_minor))
                      .group_by(Posting.transaction_id))
    assert all(amount > 0 and maxima[tid] == amount for tid, amount in amounts.items())


def test_every_balance_equals_the_sum_of_its_postings(demo):
    session, _ = demo
    sums = _mapping(session, select(Posting.account_id, func.sum(Posting.amount_minor))
                    .group_by(Posting.account_id))
    for account in session.scalars(select(Account)):
        assert account.balance_minor == sums.get(account.id, 0), account.number


def test_customer_accounts_stay_within_their_limits(demo):
    session, _ = demo
    accounts = session.scalars(select(Account).where(Account.customer_id.is_not(None))).all()

    for account in accounts:
        assert not account.allow_negative
        assert account.balance_minor >= -account.overdraft_limit_minor, account.number
    current = [a for a in accounts if a.kind == AccountKind.CURRENT]
    assert len(current) == _count(session, Customer)
    # Running balances too: replay each current account's postings in time order.
    postings = session.execute(
        select(Posting.account_id, Posting.amount_minor)
        .join(LedgerTransaction)
        .join(Account, Account.id == Posting.account_id)
        .where(Account.kind == AccountKind.CURRENT)
        .order_by(LedgerTransaction.created_at, LedgerTransaction.id)
    )
    running: dict[int, int] = defaultdict(int)
    limits = {a.id: a.overdraft_limit_minor for a in current}
    for account_id, amount in postings:
        running[account_id] += amount
        assert running[account_id] >= -limits[account_id]


def test_timestamps_are_aware_and_inside_the_window(demo, settings):
    session, _ = demo
    start = months_before(NOW, settings.demo.months)
    stamps = [
        *session.scalars(select(LedgerTransaction.created_at)),
        *session.scalars(select(Posting.posted_at)),
        *session.scalars(select(Visit.arrived_at)),
        *session.scalars(select(Visit.left_at)),
        *session.scalars(select(StaffNote.created_at)),
    ]
    assert stamps
    assert all(t.tzinfo is not None and start <= t <= NOW for t in stamps)
    assert min(session.scalars(select(Customer.created_at))).tzinfo is not None


def test_the_ledger_looks_like_real_life(demo):
    session, _ = demo
    categories = set(session.scalars(select(LedgerTransaction.category).distinct()))
    assert {"income", "housing", "groceries", "coffee", "bills", "cash"} <= categories
    salaried = session.scalar(
        select(func.count(func.distinct(Posting.account_id)))
        .join(LedgerTransaction)
        .where(LedgerTransaction.category == "income", Posting.amount_minor > 0)
    )
    assert salaried == _count(session, Customer)  # two months: everyone was paid
    keys = set(session.scalars(select(CustomerPreference.key).distinct()))
    assert {"drink", "contact_channel", "marketing", "salary_day"} <= keys
    marketing = _mapping(session, select(CustomerPreference.customer_id, CustomerPreference.value)
                         .where(CustomerPreference.key == "marketing"))
    assert len(marketing) == _count(session, Customer)  # everyone said yes or no
    assert set(marketing.values()) <= {"yes", "no"}
    assert _count(session, Visit) > 0 and _count(session, StaffNote) > 0
    internal = session.scalars(
        select(Account).where(Account.kind == AccountKind.INTERNAL)
    ).all()
    assert internal and all(a.allow_negative and a.customer_id is None for a in internal)


def test_each_branch_gets_its_history_up_to_now(demo, settings):
    session, summary = demo
    per_branch = _mapping(session, select(Branch.code, func.count(AnalyticsFact.id))
                          .join(AnalyticsFact, AnalyticsFact.branch_id == Branch.id)
                          .group_by(Branch.code))
    assert set(per_branch) == {"LDN-01", "MAN-01"} and min(per_branch.values()) > 1000
    assert summary.history_facts == sum(per_branch.values()) == _count(session, AnalyticsFact)
    first = session.scalar(select(func.min(AnalyticsFact.at)))
    assert NOW - timedelta(days=settings.demo.history_days + 1) < first
    assert session.scalar(select(func.max(AnalyticsFact.at))) < NOW
    assert session.scalar(select(func.count()).where(AnalyticsFact.customer_id.is_not(None))) == 0
    assert _count(session, RollupDay) > 0


def test_a_second_load_changes_nothing(demo, settings):
    session, first = demo
    before = {m.__name__: _count(session, m) for m in (Branch, Staff, Customer, Posting)}

    again = load_demo_data(session, settings.demo, now=NOW)

    assert not again.loaded
    assert (again.branches, again.staff, again.customers, again.accounts,
            again.transactions) == (first.branches, first.staff, first.customers,
                                    first.accounts, first.transactions)
    assert before == {m.__name__: _count(session, m) for m in (Branch, Staff, Customer, Posting)}


def test_every_catalogue_branch_is_in_one_area_with_one_area_manager():
    from shared.demo.catalog import AREA_CATALOG, BRANCH_CATALOG

    codes = [code for area in AREA_CATALOG for code in area.branch_codes]
    assert sorted(codes) == sorted(b.code for b in BRANCH_CATALOG)  # each exactly once
    managers = [s for s in DEMO_SIGNINS if s.role == Role.AREA_MANAGER]
    assert [(s.username, s.branch_code) for s in managers] == [
        (a.manager_username, a.branch_codes[0]) for a in AREA_CATALOG]


def test_loaded_branches_sit_in_their_areas(demo, settings):
    session, _ = demo
    rows = session.execute(select(Branch.code, Area.code).join(Area, Area.id == Branch.area_id)
                           .order_by(Branch.id)).all()
    assert len(rows) == settings.demo.branches == _count(session, Branch)
    assert rows[:2] == [("LDN-01", "CORE"), ("MAN-01", "CORE")]
    assert _count(session, Area) == len({area for _, area in rows})  # no empty area


def test_demo_signins_verify_against_their_hashes(demo, settings):
    session, _ = demo
    signins = signins_for(settings.demo.branches)
    assert {s.role for s in signins} == {r.value for r in Role}
    assert signins[0] in DEMO_SIGNINS
    checked: set[tuple[str, str]] = set()
    for signin in signins:
        staff = session.scalar(select(Staff).where(Staff.username == signin.username))
        assert staff is not None and staff.role == signin.role
        assert session.get(Branch, staff.branch_id).code == signin.branch_code
        pair = (staff.password_hash, signin.password)
        if pair not in checked:  # argon2 is slow on purpose; shared hashes verify once
            assert verify_password(*pair)
            checked.add(pair)
    assert not verify_password(pair[0], pair[1] + "x")


def _snapshot(session: Session) -> dict[str, list]:
    """Every demo row with ids replaced by natural keys (ids and salted hashes left out)."""

    def names(model, column):
        return _mapping(session, select(model.id, column))

    keys = {
        "branch_id": names(Branch, Branch.code),
        "home_branch_id": names(Branch, Branch.code),
        "customer_id": names(Customer, Customer.customer_number),
        "account_id": names(Account, Account.number),
        "device_id": names(Device, Device.code),
        "staff_id": names(Staff, Staff.username),
        "claimed_by_id": names(Staff, Staff.username),
        "visit_id": names(Visit, Visit.arrived_at),
    }

    def rows(model) -> dict[int, dict]:
        out = {}
        for row in session.execute(select(model.__table__)).mappings():
            values = {k: v for k, v in row.items() if k not in ("id", "password_hash")}
            for column, mapping in keys.items():
                if values.get(column) is not None:
                    values[column] = mapping[values[column]]
            out[row["id"]] = values
        return out

    transactions = rows(LedgerTransaction)
    for posting in rows(Posting).values():
        legs = transactions[posting.pop("transaction_id")].setdefault("postings", [])
        legs.append(posting)
    snapshot = {
        model.__tablename__: sorted(map(repr, rows(model).values()))
        for model in (Branch, Staff, Device, Customer, CustomerPreference, Account, Visit,
                      StaffNote, AnalyticsFact, RollupDay)
    }
    snapshot["transactions"] = sorted(
        repr({**t, "postings": sorted(map(repr, t["postings"]))}) for t in transactions.values()
    )
    return snapshot


def test_the_same_seed_gives_identical_data(demo, settings, tmp_path):
    session, _ = demo
    other_settings = settings.model_copy(update={"database": settings.database.model_copy(
        update={"url": f"sqlite:///{tmp_path / 'second.db'}"})})
    other = Database(other_settings)
    Base.metadata.create_all(other.engine)
    try:
        with other.session() as other_session:
            load_demo_data(other_session, settings.demo, now=NOW)
            theirs = _snapshot(other_session)
    finally:
        other.dispose()

    ours = _snapshot(session)
    assert ours.keys() == theirs.keys()
    for table in ours:
        assert ours[table] == theirs[table], table


def test_months_before_clamps_to_the_end_of_shorter_months():
    assert months_before(datetime(2026, 3, 31, 9, tzinfo=UTC), 1) == datetime(
        2026, 2, 28, 9, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 2).date() == date(2025, 11, 15)
    assert months_before(datetime(2026, 8, 1, tzinfo=UTC), 6).date() == date(2026, 2, 1)


def test_a_naive_now_is_refused(db_session, settings):
    with pytest.raises(ValueError, match="timezone-aware"):
        load_demo_data(db_session, settings.demo, now=datetime(2026, 3, 18, 11, 45))


def test_ordinary_inserts_after_a_load_get_fresh_ids(demo):
    session, _ = demo
    with session.begin_nested() as savepoint:
        branch = Branch(code="TST-01", name="Test branch")
        session.add(branch)
        session.flush()
        transaction = LedgerTransaction(kind="transfer", amount_minor=1)
        session.add(transaction)
        session.flush()
        assert branch.id > 0 and transaction.id > 0
        savepoint.rollback()
