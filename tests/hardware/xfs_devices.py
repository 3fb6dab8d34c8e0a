"""Device factories for the XFS-style device tests: every implementation, several setups."""

from __future__ import annotations

from hardware.card_reader import CardData, CardReaderSimulator
from hardware.cash import CassetteConfig
from hardware.cash_acceptor import CashAcceptorSimulator
from hardware.cash_dispenser import CashDispenserSimulator
from hardware.faults import FaultPlan
from hardware.pin_pad import PinPadSimulator
from hardware.receipt_printer import ReceiptPrinterSimulator

PIN_KEY = bytes(range(16))
CARD = CardData(pan="4929000001000009", expiry="3012")

STANDARD_CASSETTES = (
    CassetteConfig("CST1", 5000, 40),
    CassetteConfig("CST2", 2000, 500),
    CassetteConfig("CST3", 1000, 600),
    CassetteConfig("CST4", 500, 400),
)
# Two cassettes of one denomination and an awkward pair: mixes must still be exact.
ODD_CASSETTES = (
    CassetteConfig("A", 2000, 30),
    CassetteConfig("B", 2000, 25),
    CassetteConfig("C", 5000, 3),
)
DEPOSIT_CASSETTES = (
    CassetteConfig("DEP20", 2000, 0, capacity=300),
    CassetteConfig("DEP10", 1000, 0, capacity=300),
)


def _quiet_plan(seed: int) -> FaultPlan:
    return FaultPlan(seed=seed, rate=0.0)


# Each factory builds a fresh device; ids name the configuration.
DEVICE_FACTORIES = {
    "card_reader/plain": lambda: CardReaderSimulator(),
    "card_reader/auto_take": lambda: CardReaderSimulator(_quiet_plan(1), retain_capacity=2,
                                                         auto_take=True),
    "pin_pad/plain": lambda: PinPadSimulator(PIN_KEY),
    "pin_pad/seeded": lambda: PinPadSimulator(bytes(range(32)), _quiet_plan(2)),
    "cash_dispenser/standard": lambda: CashDispenserSimulator(STANDARD_CASSETTES),
    "cash_dispenser/odd_auto": lambda: CashDispenserSimulator(
        ODD_CASSETTES, _quiet_plan(3), max_dispense_items=10, auto_take=True),
    "cash_acceptor/plain": lambda: CashAcceptorSimulator(DEPOSIT_CASSETTES),
    "cash_acceptor/small_auto": lambda: CashAcceptorSimulator(
        DEPOSIT_CASSETTES, _quiet_plan(4), max_escrow_items=5, auto_take=True),
    "receipt_printer/plain": lambda: ReceiptPrinterSimulator(),
    "receipt_printer/short_roll": lambda: ReceiptPrinterSimulator(_quiet_plan(5),
                                                                  paper_lines=30, low_lines=10),
}


def factories_for(kind: str):
    """Return pytest params of every factory of one device kind."""
    import pytest

    return [pytest.param(f, id=name) for name, f in sorted(DEVICE_FACTORIES.items())
            if name.startswith(kind + "/")]
