"""Receipt printer (PTR): the interface and its simulator."""

from hardware.receipt_printer import base
from hardware.receipt_printer.base import *  # noqa: F403 - the interface, listed once in base.__all__
from hardware.receipt_printer.simulator import ReceiptPrinterSimulator

__all__ = [*base.__all__, "ReceiptPrinterSimulator"]
