"""Fixtures of the command-line tests."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    """A CLI runner whose settings ignore the caller's SMARTBRANCH_* and use a fresh data dir."""
    for name in list(os.environ):
        if name.startswith("SMARTBRANCH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SMARTBRANCH_APP_DATA_DIR", str(tmp_path / "var"))
    return CliRunner()
