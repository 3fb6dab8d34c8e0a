"""`bench insights --quick` at tiny sizes runs every part and prints the issue's JSON keys."""

import json
import os

from click.testing import CliRunner

from shared.insights.categories.model import TrainingParams, train
from smartbranch.benchmarks import insights
from smartbranch.cli import main

TINY = insights.Sizes(category_rows=300, category_stream=1_000, category_training_rows=3_000,
                      recurring=10, backtest=4, demo_backtest=3, offers=300, throughput=20,
                      one_process=10, naive_throughput=10, demo_customers=5, arrivals=5)
ISSUE_KEYS = {"categories_accuracy", "categories_macro_f1", "recurring_precision",
              "recurring_recall", "low_balance_recall", "false_warnings_per_customer_month"}
OUR_KEYS = {"categories_accuracy_strict", "categories_baseline_accuracy",
            "categories_baseline_accuracy_strict", "recurring_baseline_precision",
            "low_balance_baseline_recall", "low_balance_recall_generated", "throughput",
            "arrival_card_p95_ms", "offers", "fairness", "meets_targets"}


def test_quick_run_prints_every_figure_with_its_baseline(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("SMARTBRANCH_") and name != "SMARTBRANCH_INSIGHTS_MODEL_DIR":
            monkeypatch.delenv(name)
    monkeypatch.setenv("SMARTBRANCH_APP_DATA_DIR", str(tmp_path / "var"))
    if not os.environ.get("SMARTBRANCH_INSIGHTS_MODEL_DIR"):  # the suite shares a trained one
        train((), TrainingParams(rows=3_000, calibration_rows=1_000)).save(tmp_path / "models")
        monkeypatch.setenv("SMARTBRANCH_INSIGHTS_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setattr(insights, "QUICK", TINY)

    result = CliRunner().invoke(main, ["--profile", "testing", "bench", "insights", "--quick",
                                       "--json", "--processes", "1"])

    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert ISSUE_KEYS | OUR_KEYS <= set(figures)
    assert figures["quick"] and figures["throughput"]["extrapolated"]
    assert {"customers_per_second", "processes", "minutes_for_100k_customers_6_months",
            "ratio_vs_naive"} <= set(figures["throughput"])
    assert {"p50_ms", "p95_ms", "max_ms", "naive"} <= set(figures["arrival_card"])
    assert {"eligibility_violations", "held_out"} <= set(figures["offers"])
    assert {"comparisons", "flagged"} <= set(figures["fairness"])
    assert set(insights.TARGETS) <= set(figures["meets_targets"])
    assert figures["meets_targets"]["categories_real_files_accuracy"] is None
    lines = insights.summary_lines({**figures, "fairness_lines": ["Fairness: ..."]})
    assert any(line.startswith("arrival card p95") for line in lines)
