"""`bench fraud` replays planted fraud through the real rules and scores it against limits."""

import json

from click.testing import CliRunner

from smartbranch.benchmarks.fraud import fraud_command


def test_bench_fraud_finds_planted_cases_the_fixed_limits_miss(tmp_path):
    result = CliRunner().invoke(fraud_command, [
        "--json", "--days", "10", "--warmup-days", "40", "--customers", "240",
        "--branches", "2", "--per-scenario", "4", "--seed", "7"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["planted"] == 24 and figures["genuine_sessions"] > 300
    assert set(figures["per_scenario"]) == {
        "card_testing", "drained_account", "structuring", "new_payee_scam",
        "wallet_after_replacement", "staff_snooping"}
    baseline = figures["baseline_fixed_limits"]
    assert figures["detection_rate"] >= 0.8 > baseline["detection_rate"]
    assert figures["false_alerts_per_1000_sessions"] <= 15
    assert set(figures["hits_by_rule"]) <= {
        "velocity", "unusual_amount", "just_under_limit", "new_wallet_after_reissue",
        "wrong_pins_across_cards", "profile_viewed_without_visit"}
