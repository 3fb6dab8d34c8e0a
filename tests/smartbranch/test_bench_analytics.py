"""`smartbranch bench analytics` runs end to end and prints the figures the issue names as JSON."""

import json

import pytest
from click.testing import CliRunner

from smartbranch.commands.bench import bench

SMALL = ["analytics", "--json", "--branches", "2", "--days", "7", "--repeat", "2",
         "--warmup", "0", "--raw-repeat", "1", "--jobs", "1", "--machine-note", "test"]
TINY = [*SMALL, "--door-crossings", "0", "--push-events", "0"]
FIELDS = {"count_error_pct", "single_branch_90d_ms", "all_branches_365d_ms",
          "raw_single_branch_90d_ms", "raw_all_branches_365d_ms"}


def _report(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def _check(report: dict) -> None:
    assert FIELDS <= set(report)
    assert report["count_error_pct"] is None
    assert report["count_error_note"] == "not measured: --door-crossings 0"
    assert report["page_push_latency_ms"] is None
    assert report["page_push_note"] == "not measured: --push-events 0"
    assert report["sizes"]["facts"] > 1000 and report["sizes"]["monthly_cells"] > 0
    assert report["sizes"]["hourly_cells"] > report["sizes"]["daily_cells"]
    for name in ("single_branch_90d", "all_branches_365d", "raw_single_branch_90d"):
        assert report[f"{name}_ms"] == report[name]["median_ms"] > 0
        assert report[name]["p95_ms"] >= report[name]["median_ms"]
    # Few facts: the raw all-branches baseline runs, and both ways give the same figures.
    assert report["raw_all_branches_365d_ms"] > 0
    assert report["rollups_equal_raw"] == {"single_branch_90d": True, "all_branches_365d": True}
    assert report["ratios"]["raw_over_rollups_single_branch_90d"] > 0
    assert set(report["targets_met"]) == {"single_branch_90d_ms", "all_branches_365d_ms"}
    assert report["machine"]["note"] == "test"


@pytest.mark.db
@pytest.mark.postgres
def test_bench_analytics_on_postgresql(base_settings):
    url = base_settings.database.url
    if not url.startswith("postgresql"):
        pytest.skip("measured in the PostgreSQL run (SMARTBRANCH_DATABASE_URL)")
    report = _report(CliRunner().invoke(bench, [*TINY, "--postgres-url", url]))
    _check(report)
    assert report["server"]["engine"] == "postgresql"
    assert set(report["sizes"]["table_mb"]) >= {"analytics_fact", "analytics_rollup_month"}
    assert report["build"]["index_s"] >= 0  # the indexes were built again and checked


def test_bench_analytics_on_sqlite():
    report = _report(CliRunner().invoke(bench, [*TINY, "--sqlite"]))
    _check(report)
    assert report["server"]["engine"] == "sqlite"


def test_a_large_raw_baseline_is_skipped_with_an_estimate():
    report = _report(CliRunner().invoke(bench, [*TINY, "--sqlite", "--raw-all-max-facts", "10"]))
    assert report["raw_all_branches_365d_ms"] is None
    assert "raw-all-max-facts" in report["raw_all_branches_365d_skipped"]
    assert report["raw_all_branches_365d_estimate_ms"] > 0
    assert report["ratios"]["estimated_raw_over_rollups_all_branches_365d"] > 0
    assert report["count_error_note"] == "not measured: --door-crossings 0"


@pytest.mark.models
@pytest.mark.browser
@pytest.mark.data
def test_the_door_count_and_the_page_push_join_the_report():
    report = _report(CliRunner().invoke(bench, [*SMALL, "--sqlite", "--door-crossings", "6",
                                                "--push-events", "2"]))
    door = report["door_count"]
    assert report["count_error_pct"] == door["count_error_pct"]
    assert door["truth_entries"] > 0 and door["naive_count"] >= door["counted_entries"]
    assert report["page_push_latency_ms"] == report["page_push"]["p95_ms"] > 0
