"""`smartbranch ingest`: listed, documented, and clear when the hub is unreachable."""

from __future__ import annotations

from smartbranch.cli import main


def test_ingest_is_a_command_with_help(runner):
    result = runner.invoke(main, ["ingest", "--help"])
    assert result.exit_code == 0
    assert "--branch" in result.output and "once each" in result.output
    assert "ingest" in runner.invoke(main, ["--help"]).output


def test_ingest_says_when_the_hub_is_unreachable(runner, monkeypatch):
    from smartbranch.cluster.nats_servers import free_port

    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    monkeypatch.setenv("SMARTBRANCH_CLUSTER_NATS_URL", f"nats://127.0.0.1:{free_port()}")
    result = runner.invoke(main, ["ingest", "--branch", "LDN-01", "--connect-timeout", "0.5"])
    assert result.exit_code == 2
    assert "cannot reach the hub's NATS" in result.output
