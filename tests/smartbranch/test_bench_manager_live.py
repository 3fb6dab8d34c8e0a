"""The dashboard's push latency, with two events: the figures the benchmark reports."""

from pathlib import Path

import pytest

from smartbranch.benchmarks.manager_live import CHROMIUM, _percentile, measure_push_latency


def test_nearest_rank_percentiles():
    values = [float(v) for v in range(1, 21)]
    assert (_percentile(values, 0.5), _percentile(values, 0.95)) == (10.0, 19.0)
    assert _percentile([7.0], 0.95) == 7.0


@pytest.mark.browser
def test_a_door_and_a_kiosk_event_reach_the_page():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    report = measure_push_latency(events=2)
    assert (report["events"], report["door_events"], report["kiosk_events"]) == (2, 1, 1)
    assert 0 < report["p50_ms"] <= report["p95_ms"] <= report["max_ms"] < 15_000
    assert report["target_p95_ms"] == 5000.0 and "Chromium" in report["browser"]
