"""Build one kiosk's device set from settings.kiosk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hardware.card_reader import CardReader, CardReaderSimulator
from hardware.cash import CassetteConfig
from hardware.cash_acceptor import CashAcceptor, CashAcceptorSimulator
from hardware.cash_dispenser import CashDispenser, CashDispenserSimulator
from hardware.faults import FaultPlan
from hardware.microphone.base import Microphone
from hardware.microphone.simulator import MicrophoneSimulator
from hardware.pin_pad import PinPad, PinPadSimulator
from hardware.receipt_printer import ReceiptPrinter, ReceiptPrinterSimulator
from hardware.state_file import DeviceStateFile
from hardware.xfs import ResetResult, Status
from shared.money.card_keys import CardKeys


class UnknownDriver(ValueError):
    """settings.kiosk.driver names no driver we have."""


@dataclass
class KioskDevices:
    """The five XFS devices of one kiosk, its microphone, and the simulators' fault plans."""

    kiosk_code: str
    card_reader: CardReader
    pin_pad: PinPad
    cash_dispenser: CashDispenser
    cash_acceptor: CashAcceptor
    receipt_printer: ReceiptPrinter
    # One plan per device name (empty for real drivers): inject() faults on command.
    faults: dict[str, FaultPlan] = field(default_factory=dict)
    # Not an XFS device (no status/reset): None when settings.kiosk.microphone is "none".
    microphone: Microphone | None = None

    def devices(self) -> dict[str, object]:
        """Return the devices by name: card_reader, pin_pad, cash_dispenser, ..."""
        return {
            "card_reader": self.card_reader,
            "pin_pad": self.pin_pad,
            "cash_dispenser": self.cash_dispenser,
            "cash_acceptor": self.cash_acceptor,
            "receipt_printer": self.receipt_printer,
        }

    def statuses(self) -> dict[str, Status]:
        return {name: device.status() for name, device in self.devices().items()}

    def reset_all(self) -> dict[str, ResetResult]:
        """Reset every device (after a restart or a fault): the recovery each one did."""
        return {name: device.reset() for name, device in self.devices().items()}


def _cassettes(layout) -> tuple[CassetteConfig, ...]:
    return tuple(
        CassetteConfig(c.unit_id, c.denomination_minor, c.count, c.capacity, c.low_threshold)
        for c in layout
    )


def create_microphone(settings, kiosk_code: str) -> Microphone | None:
    """Build the kiosk's microphone: a real-time simulator by default (fed WAV files)."""
    kind = settings.kiosk.microphone
    if kind == "none":
        return None
    if kind == "sounddevice":
        from hardware.microphone.sounddevice_microphone import SoundDeviceMicrophone

        return SoundDeviceMicrophone(settings.voice.microphone_device or None)
    seed = sum(f"{settings.kiosk.seed}:{kiosk_code}".encode())
    return MicrophoneSimulator(seed=seed, realtime=True)


def create_kiosk_devices(
    settings, kiosk_code: str, *, auto_take: bool = False, keys: CardKeys | None = None,
    state_dir: Path | None = None,
) -> KioskDevices:
    """Build `kiosk_code`'s devices from settings.kiosk (each kiosk gets its own fault seed).

    `auto_take` makes the simulated customer take cards, cash and returned notes at once
    (for tests and unattended demos). With `state_dir`, the cash dispenser and acceptor
    keep their notes in files there and come back with them when built again, as real
    cash devices do after the process dies.
    """
    kiosk = settings.kiosk
    if kiosk.driver != "simulator":
        raise UnknownDriver(f"unknown kiosk device driver {kiosk.driver!r}")
    keys = keys or CardKeys.from_settings(settings)
    faults = {
        name: FaultPlan(seed=f"{kiosk.seed}:{kiosk_code}:{name}", rate=kiosk.fault_rate)
        for name in ("card_reader", "pin_pad", "cash_dispenser", "cash_acceptor",
                     "receipt_printer")
    }

    def state_file(name: str) -> DeviceStateFile | None:
        if state_dir is None:
            return None
        return DeviceStateFile(Path(state_dir) / f"{kiosk_code}.{name}.json")

    return KioskDevices(
        kiosk_code=kiosk_code,
        card_reader=CardReaderSimulator(faults["card_reader"], auto_take=auto_take),
        pin_pad=PinPadSimulator(keys.pin_key, faults["pin_pad"]),
        cash_dispenser=CashDispenserSimulator(
            _cassettes(kiosk.cassettes), faults["cash_dispenser"],
            max_dispense_items=kiosk.max_dispense_notes, currency=kiosk.currency,
            auto_take=auto_take, state_file=state_file("cash_dispenser"),
        ),
        cash_acceptor=CashAcceptorSimulator(
            _cassettes(kiosk.deposit_cassettes), faults["cash_acceptor"],
            max_escrow_items=kiosk.max_deposit_notes, currency=kiosk.currency,
            auto_take=auto_take, state_file=state_file("cash_acceptor"),
        ),
        receipt_printer=ReceiptPrinterSimulator(faults["receipt_printer"],
                                                paper_lines=kiosk.receipt_paper_lines),
        faults=faults,
        microphone=create_microphone(settings, kiosk_code),
    )
