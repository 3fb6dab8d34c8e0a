"""What the simulator control page can do to a kiosk's simulated devices (the customer's hands).

Insert a demo card, press PIN pad keys, take cash, insert notes, take the card, inject
faults, read statuses and cassette counts. Real drivers have none of this: refused.
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass

from hardware.card_reader import CardData, CardReaderSimulator
from hardware.cash import UNRECOGNISED, Notes
from hardware.faults import Fault
from kiosk.agent import KioskAgent
from shared.demo.cards import demo_card_for

# Which operations of each device can be given a fault (names as the simulators draw them).
OPERATIONS = {
    "card_reader": ("read_card", "eject", "retain"),
    "pin_pad": ("pin_entry",),
    "cash_dispenser": ("dispense", "present", "wait_for_take", "retract"),
    "cash_acceptor": ("cash_in", "cash_in_end", "cash_in_rollback"),
    "receipt_printer": ("print_receipt",),
}
FAULTS = tuple(str(f) for f in Fault)


class NotASimulator(ValueError):
    """The kiosk has real devices: the simulator page cannot act for the customer."""


def _plain(value):
    if is_dataclass(value):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _simulators(agent: KioskAgent):
    if not isinstance(agent.devices.card_reader, CardReaderSimulator):
        raise NotASimulator("this kiosk's devices are not simulated")
    return agent.devices


def describe(agent: KioskAgent) -> dict:
    """Statuses, cassette and bin counts, and the fault catalogue."""
    devices = agent.devices
    statuses = {name: _plain(status) for name, status in devices.statuses().items()}
    return {
        "kiosk": agent.kiosk.code,
        "statuses": statuses,
        "card_location": getattr(devices.card_reader, "card_location", lambda: "unknown")(),
        "cash_units": [_plain(u) for u in devices.cash_dispenser.cash_units()],
        "acceptor_units": [_plain(u) for u in devices.cash_acceptor.cash_units()],
        "operations": {k: list(v) for k, v in OPERATIONS.items()},
        "faults": list(FAULTS),
    }


def insert_demo_card(agent: KioskAgent, customer_number: str) -> bool:
    card = demo_card_for(customer_number)  # ValueError for a non-demo number
    return _simulators(agent).card_reader.insert_card(CardData(card.pan, card.expiry))


def take_card(agent: KioskAgent) -> bool:
    return _simulators(agent).card_reader.take_card() is not None


def press_key(agent: KioskAgent, key: str) -> None:
    _simulators(agent).pin_pad.press(key)


def take_cash(agent: KioskAgent) -> int:
    return _simulators(agent).cash_dispenser.take_cash().total_minor


def insert_notes(agent: KioskAgent, notes: dict[int, int], unrecognised: int = 0) -> bool:
    bundle = Notes(notes) + Notes({UNRECOGNISED: unrecognised}) if unrecognised else Notes(notes)
    return _simulators(agent).cash_acceptor.insert_notes(bundle)


def take_returned_notes(agent: KioskAgent) -> int:
    return _simulators(agent).cash_acceptor.take_returned().total_minor


def inject_fault(agent: KioskAgent, device: str, operation: str, fault: str,
                 step: str = "") -> None:
    if operation not in OPERATIONS.get(device, ()):
        raise ValueError(f"{device} has no operation {operation!r}")
    _simulators(agent).faults[device].inject(operation, Fault(fault), step)
