import pytest

from smartbranch.cli import main


def test_help_lists_the_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("serve", "db", "demo", "config", "audit"):
        assert name in result.output


def _command_paths(group, prefix=()):
    for name, command in group.commands.items():
        yield [*prefix, name]
        if hasattr(command, "commands"):
            yield from _command_paths(command, (*prefix, name))


@pytest.mark.parametrize("args", list(_command_paths(main)), ids=" ".join)
def test_every_command_has_help(runner, args):
    result = runner.invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_serve_help_names_host_and_port(runner):
    output = runner.invoke(main, ["serve", "--help"]).output
    assert "--host" in output and "--port" in output


def test_a_bad_setting_fails_clearly(runner, monkeypatch):
    monkeypatch.setenv("SMARTBRANCH_SERVER_PORT", "not-a-port")
    result = runner.invoke(main, ["config", "show"])
    assert result.exit_code == 2
    assert "server.port" in result.output and "SMARTBRANCH_SERVER_PORT" in result.output


def test_an_unknown_setting_fails_clearly(runner, monkeypatch):
    monkeypatch.setenv("SMARTBRANCH_SERVER_PROT", "1")
    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 2
    assert "unknown setting in environment: SMARTBRANCH_SERVER_PROT" in result.output


def test_db_upgrade_on_empty_then_migrated_database(runner):
    first = runner.invoke(main, ["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "migrated from empty to" in first.output
    second = runner.invoke(main, ["db", "upgrade"])
    assert second.exit_code == 0, second.output
    assert "already at revision" in second.output


def test_commands_that_need_a_schema_say_so(runner):
    result = runner.invoke(main, ["audit", "verify"])
    assert result.exit_code == 2
    assert "smartbranch db upgrade" in result.output


def test_audit_checkpoint_then_verify_and_a_cut_tail(runner, tmp_path):
    from shared import audit
    from shared.db import Database
    from shared.settings import load_settings

    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    database = Database(load_settings())
    with database.session() as session:
        for action in ("a.one", "a.two"):
            audit.record(session, audit.SYSTEM, action)
    written = runner.invoke(main, ["audit", "checkpoint"])
    assert written.exit_code == 0 and "checkpoint of entry 2 written" in written.output
    intact = runner.invoke(main, ["audit", "verify"])
    assert intact.exit_code == 0 and "audit log intact: 2 entries, 1 checkpoints" in intact.output
    with database.engine.begin() as conn:  # someone with the database file cuts the tail
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 2")
    database.dispose()
    cut = runner.invoke(main, ["audit", "verify"])
    assert cut.exit_code == 2 and "its tail was cut" in cut.output


@pytest.mark.parametrize("variable", ["SMARTBRANCH_BIOMETRICS_TEMPLATE_KEY",
                                      "SMARTBRANCH_APP_SECRET_KEY",
                                      "SMARTBRANCH_KIOSK_PIN_VERIFICATION_KEY",
                                      "SMARTBRANCH_KIOSK_PAN_KEY",
                                      "SMARTBRANCH_AUDIT_KEY"])
def test_config_show_masks_secrets(runner, monkeypatch, variable):
    monkeypatch.setenv(variable, "k" * 40)
    result = runner.invoke(main, ["config", "show"])
    assert result.exit_code == 0, result.output
    assert "k" * 40 not in result.output and "********" in result.output
