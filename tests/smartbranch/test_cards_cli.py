"""`smartbranch cards`: demo cards on a fresh SQLite database."""

from __future__ import annotations

import pytest

from shared.demo import demo_card_for
from smartbranch.cli import main


@pytest.fixture
def runner(runner, monkeypatch):
    """The CLI runner (see conftest.py) with a tiny demo."""
    monkeypatch.setenv("SMARTBRANCH_DEMO_CUSTOMERS", "3")
    monkeypatch.setenv("SMARTBRANCH_DEMO_MONTHS", "1")
    monkeypatch.setenv("SMARTBRANCH_DEMO_BRANCHES", "1")
    return runner


def test_cards_help(runner):
    for args in (["cards"], ["cards", "demo"], ["cards", "load-demo"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_cards_need_a_migrated_database(runner):
    result = runner.invoke(main, ["cards", "load-demo"])
    assert result.exit_code == 2 and "smartbranch db upgrade" in result.output


def test_demo_load_issues_the_demo_cards_once_and_lists_them(runner, tmp_path):
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(main, ["demo", "load"]).exit_code == 0
    again = runner.invoke(main, ["cards", "load-demo"])
    assert again.exit_code == 0 and "0 demo cards issued" in again.output
    listed = runner.invoke(main, ["cards", "demo", "--first", "2"]).output
    card = demo_card_for("SB000002")
    assert card.pan in listed and f"PIN {card.pin}" in listed
    assert (tmp_path / "var" / "card_keys.json").exists()
