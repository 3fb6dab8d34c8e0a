"""`smartbranch insights eval-categories FILE.csv --json` and `insights train`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from shared.insights.categories.model import CategoryModel
from shared.models.insights import CategoryCorrection
from smartbranch.cli import main
from tests.factories import make_branch, make_customer, make_staff

REALISTIC = Path(__file__).parent / "data" / "realistic_narratives.csv"


@pytest.fixture
def runner(tmp_path, monkeypatch, saved_model_dir) -> CliRunner:
    """Settings from the testing profile, a fresh data dir, and the session's small model."""
    for name in list(os.environ):
        if name.startswith("SMARTBRANCH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SMARTBRANCH_APP_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("SMARTBRANCH_INSIGHTS_MODEL_DIR", str(saved_model_dir))
    return CliRunner()


def _run(runner, *args):
    return runner.invoke(main, ["--profile", "testing", "insights", *args])


def test_eval_categories_prints_the_figures_and_the_baseline_as_json(runner):
    result = _run(runner, "eval-categories", str(REALISTIC), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert {"rows", "accuracy", "macro_f1", "recall", "baseline"} <= set(figures)
    assert figures["rows"] == 167
    assert set(figures["recall"]) == set(figures["baseline"]["recall"])
    assert {"rows", "accuracy", "macro_f1", "recall"} <= set(figures["baseline"])
    assert figures["accuracy"] > figures["baseline"]["accuracy"]


def test_eval_categories_prints_a_table_without_json(runner):
    result = _run(runner, "eval-categories", str(REALISTIC))
    assert result.exit_code == 0, result.output
    assert "167 rows: accuracy" in result.output and "baseline" in result.output


def test_a_bad_file_is_refused_with_its_rows(runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("description,amount,category\nTESCO,-1.00,food\n")
    result = _run(runner, "eval-categories", str(bad), "--json")
    assert result.exit_code == 2
    assert "row 2: unknown category 'food'" in result.output


def test_train_without_the_database_saves_a_model(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTBRANCH_INSIGHTS_MODEL_DIR", str(tmp_path / "models"))
    result = _run(runner, "train", "--no-corrections", "--rows", "3000")
    assert result.exit_code == 0, result.output
    assert "trained on 3000 generated rows and 0 correction(s)" in result.output
    assert (tmp_path / "models" / "categories-v1.npz").exists()


def test_train_asks_for_a_migrated_database(runner):
    result = _run(runner, "train", "--rows", "3000")
    assert result.exit_code == 2
    assert "smartbranch db upgrade" in result.output


def test_train_learns_the_staff_corrections_in_the_database(runner, tmp_path, monkeypatch):
    database = tmp_path / "corrections.db"
    monkeypatch.setenv("SMARTBRANCH_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("SMARTBRANCH_INSIGHTS_MODEL_DIR", str(tmp_path / "models"))
    upgraded = runner.invoke(main, ["--profile", "testing", "db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    engine = create_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        branch = make_branch(session)
        customer, staff = make_customer(session, branch), make_staff(session, branch)
        session.add(CategoryCorrection(ref="external:77", customer_id=customer.id,
                                       description="QUILLON TRADING 5521", amount_minor=-4_500,
                                       category="insurance", staff_id=staff.id))
        session.commit()
    engine.dispose()
    result = _run(runner, "train", "--rows", "4000")
    assert result.exit_code == 0, result.output
    assert "and 1 correction(s)" in result.output
    model = CategoryModel.load(tmp_path / "models")
    assert model.predict(["QUILLON TRADING 5521"], [-4_500])[0].category == "insurance"
