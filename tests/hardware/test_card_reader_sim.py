"""Card reader: read, eject, retain, events and faults, over every setup."""

from __future__ import annotations

import pytest
from xfs_devices import CARD, factories_for

from hardware.card_reader import (
    CardData,
    CardReaderError,
    EjectRequest,
    MediaPosition,
    ReadCardRequest,
    RetainRequest,
)
from hardware.faults import Fault
from hardware.xfs import CompletionCode, DeviceState, InvalidRequest, PowerLoss


@pytest.fixture(params=factories_for("card_reader"))
def reader(request):
    return request.param()


def test_no_card_times_out(reader):
    result = reader.read_card(ReadCardRequest(timeout_s=0.01))
    assert result.completion is CompletionCode.TIMEOUT
    assert result.error_code == CardReaderError.NO_MEDIA and result.card is None


def test_read_then_eject_and_take(reader):
    events = []
    reader.add_listener(events.append)
    assert reader.insert_card(CARD)
    assert not reader.insert_card(CARD), "a second card does not fit"
    result = reader.read_card(ReadCardRequest())
    assert result.ok and result.card == CARD
    assert reader.status().media is MediaPosition.PRESENT
    ejected = reader.eject(EjectRequest(take_timeout_s=0.0))
    if not reader.auto_take:
        assert ejected.completion is CompletionCode.TIMEOUT
        assert reader.status().media is MediaPosition.ENTERING
        assert reader.take_card() == CARD
    else:
        assert ejected.ok and ejected.taken
    assert reader.status().media is MediaPosition.NOT_PRESENT
    assert [e.name for e in events] == ["card.inserted", "card.taken"]


def test_a_card_left_at_the_throat_can_be_retained(reader):
    reader.insert_card(CARD)
    reader.faults.inject("eject", Fault.NOT_TAKEN)
    assert reader.eject(EjectRequest()).completion is CompletionCode.TIMEOUT
    retained = reader.retain(RetainRequest(reason="not taken"))
    assert retained.ok and retained.retained_count == 1
    assert reader.retained_cards == (CARD,)
    assert reader.status().retained_count == 1


def test_jam_on_read_needs_reset_which_retains_the_card(reader):
    reader.insert_card(CARD)
    reader.faults.inject("read_card", Fault.JAM)
    result = reader.read_card(ReadCardRequest())
    assert result.completion is CompletionCode.HARDWARE_ERROR
    assert result.error_code == CardReaderError.MEDIA_JAM
    assert reader.status().device is DeviceState.HARDWARE_ERROR
    assert reader.eject(EjectRequest()).completion is CompletionCode.DEVICE_NOT_READY
    assert "retained" in reader.reset().recovered
    assert reader.retained_cards == (CARD,)


def test_power_loss_keeps_the_card_inside_and_reset_ejects_it(reader):
    reader.insert_card(CARD)
    reader.faults.inject("read_card", Fault.POWER_LOSS, "accept")
    with pytest.raises(PowerLoss):
        reader.read_card(ReadCardRequest())
    assert reader.card_location() == "inside"
    assert "ejected" in reader.reset().recovered
    assert reader.card_location() == "throat"


def test_retain_bin_full_is_reported():
    from hardware.card_reader import CardReaderSimulator

    reader = CardReaderSimulator(retain_capacity=1)
    for expected in (CompletionCode.SUCCESS, CompletionCode.HARDWARE_ERROR):
        reader.insert_card(CARD)
        assert reader.retain(RetainRequest()).completion is expected
    assert reader.retain(RetainRequest()).error_code != ""  # retainBinFull or noMedia


def test_card_data_hides_the_pan_and_checks_its_input():
    assert "4929000001000009" not in repr(CARD) + str(CARD)
    assert "0009" in repr(CARD)
    with pytest.raises(InvalidRequest):
        CardData(pan="12ab", expiry="3012")
    with pytest.raises(InvalidRequest):
        CardData(pan="4929000001000009", expiry="3013")
