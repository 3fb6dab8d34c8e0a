"""`smartbranch bench ledger` runs end to end and prints one JSON object with ratios."""

import json

from click.testing import CliRunner

from smartbranch.commands.bench import bench


def test_bench_ledger_prints_figures_and_ratios(tmp_path):
    result = CliRunner().invoke(bench, [
        "ledger", "--transactions", "40", "--naive-transactions", "10", "--accounts", "5",
        "--warmup", "5", "--postgres-url", "", "--workdir", str(tmp_path),
    ])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    ours, naive = report["ours_sqlite"], report["naive_sqlite"]
    assert ours["transactions"] == 40 and naive["transactions"] == 10
    assert ours["consistent"] is True
    assert ours["durability"] == {"journal_mode": "wal", "synchronous": "FULL"}
    assert naive["durability"]["journal_mode"] == "delete"
    assert report["ratios"]["sqlite_tps_vs_naive"] == round(
        ours["tx_per_s"] / naive["tx_per_s"], 2)
    assert set(report["targets_met"]) == {"sqlite_tps", "sqlite_p99"}
