"""Card reader (IDC): the interface and its simulator."""

from hardware.card_reader import base
from hardware.card_reader.base import *  # noqa: F403 - the interface, listed once in base.__all__
from hardware.card_reader.simulator import CardReaderSimulator

__all__ = [*base.__all__, "CardReaderSimulator"]
