"""What every command gets: the settings, loaded on first use so `--help` always works."""

from __future__ import annotations

import click

from shared.settings import Settings, SettingsError, load_settings


class CliError(click.ClickException):
    """A clear, expected failure: message on stderr, exit code 2, no traceback."""

    exit_code = 2


class CliContext:
    def __init__(self, profile: str | None = None):
        self.profile = profile
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.profile)
            except SettingsError as exc:
                raise CliError(str(exc)) from None
        return self._settings
