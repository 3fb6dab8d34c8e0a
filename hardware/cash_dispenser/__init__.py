"""Cash dispenser (CDM): the interface, the note-mix calculation and the simulator."""

from hardware.cash_dispenser import base
from hardware.cash_dispenser.base import *  # noqa: F403 - the interface, listed once in base.__all__
from hardware.cash_dispenser.mix import calculate_mix
from hardware.cash_dispenser.simulator import CashDispenserSimulator

__all__ = [*base.__all__, "CashDispenserSimulator", "calculate_mix"]
