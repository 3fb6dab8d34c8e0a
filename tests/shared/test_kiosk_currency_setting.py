"""The kiosk's currency is an ISO 4217 code: its screens format amounts with its exponent."""

import pytest

from shared.settings import SettingsError, load_settings


@pytest.mark.parametrize("code", ["GBP", "KRW", "EUR"])
def test_an_iso_4217_code_is_taken(code):
    assert load_settings(environ={"SMARTBRANCH_KIOSK_CURRENCY": code}).kiosk.currency == code


@pytest.mark.parametrize("code", ["XXQ", "gbp", "POUNDS", "£", ""])
def test_anything_else_is_refused_naming_the_setting(code):
    with pytest.raises(SettingsError, match="kiosk.currency"):
        load_settings(environ={"SMARTBRANCH_KIOSK_CURRENCY": code})
