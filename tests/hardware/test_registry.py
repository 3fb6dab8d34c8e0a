"""Building a kiosk's devices from settings."""

from __future__ import annotations

import pytest

from hardware.cash_acceptor import CashInStartRequest
from hardware.cash_dispenser import DenominateRequest, DispenseRequest
from hardware.pin_pad import PinBlockRequest, PinEntryRequest
from hardware.registry import create_kiosk_devices
from hardware.xfs import DeviceState
from shared.money.card_keys import CardKeys
from shared.money.pin_block import pin_verification_value, verify_pin_block
from shared.settings import SettingsError, load_settings

PAN = "4929000001000009"


def _settings(**kiosk):
    return load_settings("testing", environ={}, overrides={"kiosk": kiosk} if kiosk else None)


def test_devices_follow_the_configured_cassettes_and_limits():
    settings = _settings(
        cassettes=[{"unit_id": "X20", "denomination_minor": 2000, "count": 3}],
        max_dispense_notes=2,
    )
    devices = create_kiosk_devices(settings, "LDN-01-K1")
    units = devices.cash_dispenser.cash_units()
    assert [(u.unit_id, u.count) for u in units if u.denomination_minor] == [("X20", 3)]
    assert devices.cash_dispenser.denominate(DenominateRequest(4000)).mix[2000] == 2
    assert not devices.cash_dispenser.denominate(DenominateRequest(6000)).ok
    assert all(s.device is DeviceState.ONLINE for s in devices.statuses().values())


def test_the_default_load_is_the_demo_kiosk_float():
    devices = create_kiosk_devices(_settings(), "K1")
    total = sum(u.count * u.denomination_minor for u in devices.cash_dispenser.cash_units())
    assert total == 2_000_000


def test_the_pin_pad_enciphers_under_the_configured_key():
    settings = _settings()
    devices = create_kiosk_devices(settings, "K1")
    devices.pin_pad.type_pin("9012")
    devices.pin_pad.pin_entry(PinEntryRequest())
    block = devices.pin_pad.get_pin_block(PinBlockRequest(pan=PAN)).pin_block
    keys = CardKeys.from_settings(settings)
    pvv = pin_verification_value(PAN, "9012", keys.pin_verification_key)
    assert verify_pin_block(block, PAN, keys.pin_key, keys.pin_verification_key, pvv)


def test_each_kiosk_has_its_own_reproducible_fault_schedule():
    settings = _settings(fault_rate=0.5)

    def faults(code):
        devices = create_kiosk_devices(settings, code, auto_take=True)
        for _ in range(20):
            devices.cash_dispenser.reset()
            try:
                devices.cash_dispenser.dispense(DispenseRequest(2000))
            except Exception:
                pass
        return devices.faults["cash_dispenser"].history

    assert faults("K1") == faults("K1")
    assert faults("K1") != faults("K2")


def test_bad_device_settings_are_refused():
    with pytest.raises(SettingsError, match="kiosk.driver"):
        _settings(driver="serial")
    with pytest.raises(SettingsError, match="denomination_minor"):
        _settings(cassettes=[{"unit_id": "A", "denomination_minor": 0, "count": 1}])
    with pytest.raises(SettingsError, match="unknown setting"):
        _settings(cassette_layout="x")


def test_keys_left_empty_are_generated_once_into_the_data_dir(tmp_path):
    settings = load_settings("default", environ={}, overrides={"app": {"data_dir": tmp_path}})
    first = CardKeys.from_settings(settings)
    assert (tmp_path / "card_keys.json").stat().st_mode & 0o777 == 0o600
    assert CardKeys.from_settings(settings) == first
    assert "hidden" in repr(first)


def test_a_state_dir_keeps_the_cash_devices_notes_across_a_rebuild(tmp_path):
    settings = _settings(microphone="none")
    devices = create_kiosk_devices(settings, "K1", state_dir=tmp_path)
    devices.cash_dispenser.dispense(DispenseRequest(6000))
    devices.cash_acceptor.cash_in_start(CashInStartRequest(10))
    devices.cash_acceptor.insert_notes([2000])
    again = create_kiosk_devices(settings, "K1", state_dir=tmp_path)
    assert again.cash_dispenser.inventory() == devices.cash_dispenser.inventory()
    assert again.cash_acceptor.inventory() == devices.cash_acceptor.inventory()
    assert again.cash_dispenser.status().stacker_items > 0
    other = create_kiosk_devices(settings, "K2", state_dir=tmp_path)  # a kiosk's own files
    assert other.cash_dispenser.status().stacker_items == 0
