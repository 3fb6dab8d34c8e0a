"""`smartbranch bench realtime` with tiny numbers: the JSON's shape and complete delivery."""

from __future__ import annotations

import json

from click.testing import CliRunner

from smartbranch.benchmarks.realtime_measure import match_receipts, summarise
from smartbranch.cli import main


def test_tiny_run_delivers_every_event_to_every_tablet():
    result = CliRunner().invoke(main, [
        "bench", "realtime", "--events", "20", "--tablets", "3", "--processes", "2",
        "--paced", "3", "--burst", "20", "--poll-clients", "2", "--poll-events", "2",
        "--no-face-load", "--deflate", "--server-compression",
        "--bursts", "2",
    ])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    idle = report["latency"]["idle"]
    assert (idle["clients"], idle["events"], idle["count"], idle["missing"]) == (1, 20, 20, 0)
    assert report["fanout"]["tablets_offer_deflate"] is True
    assert report["fanout"]["server_websocket_compression"] is True
    assert report["fanout"]["tablets_deflating"] == 3
    burst = report["fanout"]["burst"]
    assert burst["expected"] == burst["delivered"] == 120 and burst["rounds"] == 2
    assert len(burst["p99_ms_per_round"]) == 2
    assert burst["complete"] and burst["duplicates"] == 0
    assert report["fanout"]["paced"]["count"] == 9
    poll = report["baseline_polling"]
    assert poll["count"] == 4 and poll["missing"] == 0
    assert poll["socket_same_arrivals"]["count"] == 2
    assert set(report["ratios"]) >= {"poll_p50_over_socket_p50", "poll_p99_over_socket_p99"}
    assert set(report["meets"]) == {"p50_under_load", "p99_under_load", "burst_complete",
                                    "burst_p99"}


def test_receipts_are_matched_once_and_misses_counted():
    published = {"a": 10.0, "b": 11.0}
    reports = [{"receipts": [[("a", 10.002), ("a", 10.5), ("x", 12.0)], [("b", 11.004)]]}]
    matched = match_receipts(published, reports)
    assert matched["clients"] == 2 and matched["duplicates"] == 1 and matched["missing"] == 2
    figures = summarise(matched["latencies"])
    assert figures["count"] == 2 and figures["max_ms"] == 4.0
