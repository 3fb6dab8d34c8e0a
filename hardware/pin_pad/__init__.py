"""PIN pad (EPP): the interface and its simulator."""

from hardware.pin_pad import base
from hardware.pin_pad.base import *  # noqa: F403 - the interface, listed once in base.__all__
from hardware.pin_pad.simulator import PinPadSimulator

__all__ = [*base.__all__, "PinPadSimulator"]
