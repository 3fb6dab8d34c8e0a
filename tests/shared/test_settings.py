import json

import pytest

from shared.settings import Settings, SettingsError, load_settings


def test_defaults_load_with_sqlite_under_data_dir():
    settings = load_settings(environ={})
    assert settings.profile == "default"
    assert settings.database.url == "sqlite:///var/smartbranch.db"
    assert settings.is_sqlite
    assert settings.events.backend == "memory"


def test_profile_is_laid_over_defaults():
    settings = load_settings("testing", environ={})
    assert settings.demo.customers == 40
    assert settings.server.port == 5000  # untouched keys keep their defaults


def test_environment_overrides_name_the_section_and_key():
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    settings = load_settings(
        environ={
            "SMARTBRANCH_DATABASE_URL": url,
            "SMARTBRANCH_SERVER_PORT": "5055",
            "SMARTBRANCH_BIOMETRICS_FACE_THRESHOLD": "0.42",
            "SMARTBRANCH_SERVER_ALLOWED_ORIGINS": '["https://a.example"]',
        }
    )
    assert settings.database.url == url
    assert settings.server.port == 5055
    assert settings.biometrics.face.threshold == pytest.approx(0.42)
    assert settings.server.allowed_origins == ("https://a.example",)
    assert not settings.is_sqlite


def test_unknown_environment_variable_is_an_error_naming_it():
    with pytest.raises(SettingsError, match="SMARTBRANCH_DATABASE_URLL"):
        load_settings(environ={"SMARTBRANCH_DATABASE_URLL": "sqlite://"})


def test_bad_value_names_key_and_variable():
    with pytest.raises(SettingsError) as info:
        load_settings(environ={"SMARTBRANCH_SERVER_PORT": "eighty"})
    assert "server.port" in str(info.value)
    assert "SMARTBRANCH_SERVER_PORT" in str(info.value)


def test_out_of_range_value_is_refused():
    with pytest.raises(SettingsError, match="server.port"):
        load_settings(environ={"SMARTBRANCH_SERVER_PORT": "70000"})


def test_unknown_key_in_a_file_is_an_error_naming_it(tmp_path):
    extra = tmp_path / "site.toml"
    extra.write_text("[server]\nprot = 8000\n")
    with pytest.raises(SettingsError, match=r"unknown setting: server\.prot"):
        load_settings(environ={"SMARTBRANCH_CONFIG": str(extra)})


def test_broken_toml_is_reported_with_its_path(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[server\n")
    with pytest.raises(SettingsError, match="broken.toml"):
        load_settings(environ={"SMARTBRANCH_CONFIG": str(broken)})


def test_missing_profile_is_reported():
    with pytest.raises(SettingsError, match="nosuchprofile.toml"):
        load_settings("nosuchprofile", environ={})


def test_settings_are_frozen():
    settings = load_settings(environ={})
    with pytest.raises(ValueError):
        settings.server.port = 1
    assert isinstance(settings, Settings)


def test_test_harness_variables_are_not_settings():
    settings = load_settings(environ={"SMARTBRANCH_TEST_ARTIFACTS": "/tmp/x"})
    assert settings.profile == "default"


@pytest.mark.parametrize("origin", ["*", "https://a.example/path", "a.example", "https://*.example"])
def test_a_wildcard_or_a_malformed_origin_is_refused(origin):
    with pytest.raises(SettingsError, match="server.allowed_origins"):
        load_settings(environ={"SMARTBRANCH_SERVER_ALLOWED_ORIGINS": json.dumps([origin])})
