"""`smartbranch analytics rebuild|check` on the demo's history (SQLite, or PostgreSQL if named)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text

from smartbranch.cli import main

pytestmark = pytest.mark.db


@pytest.fixture
def demo_database(runner, monkeypatch, fresh_database_url):
    """The testing profile's demo (with its days of history) in the module's own database."""
    monkeypatch.setenv("SMARTBRANCH_DATABASE_URL", fresh_database_url)
    for args in (["db", "upgrade"], ["demo", "load"]):
        result = runner.invoke(main, ["--profile", "testing", *args])
        assert result.exit_code == 0, result.output
    return fresh_database_url


def _run(runner, *args):
    return runner.invoke(main, ["--profile", "testing", "analytics", *args])


def test_rebuild_is_repeatable_and_check_finds_a_tampered_cell(runner, demo_database):
    checked = _run(runner, "check")
    assert checked.exit_code == 0, checked.output
    assert "rollups of 2 branch(es) equal a recomputation" in checked.output

    first, again = _run(runner, "rebuild"), _run(runner, "rebuild")
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    summary = re.search(r"(\d+) hourly cells from (\d+) facts in", first.output)
    assert summary and int(summary[1]) > 0 and int(summary[2]) > 0
    assert summary[0].split(" in")[0] in again.output  # the same cells from the same facts
    assert "LDN-01:" in first.output and "MAN-01:" in first.output

    engine = create_engine(demo_database)
    with engine.begin() as conn:
        conn.execute(text("UPDATE analytics_rollup_hour SET count = count + 1 WHERE id = "
                          "(SELECT min(id) FROM analytics_rollup_hour)"))
    engine.dispose()
    tampered = _run(runner, "check")
    assert tampered.exit_code == 2
    assert "1 rollup cell(s) differ from the facts" in tampered.output

    fixed = _run(runner, "rebuild", "--branch", "LDN-01", "--branch", "MAN-01")
    assert fixed.exit_code == 0, fixed.output
    assert _run(runner, "check", "--branch", "MAN-01").exit_code == 0
    assert _run(runner, "check").exit_code == 0


def test_an_unknown_branch_is_refused(runner, demo_database):
    result = _run(runner, "rebuild", "--branch", "NOPE-01")
    assert result.exit_code == 2
    assert "no branch with code NOPE-01" in result.output
