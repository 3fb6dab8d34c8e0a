"""Fixtures of the biometrics tests."""

from __future__ import annotations

import pytest

from shared.biometrics.cipher import TemplateCipher


@pytest.fixture
def cipher(settings) -> TemplateCipher:
    """The template cipher keyed by the test settings."""
    return TemplateCipher.from_settings(settings)
