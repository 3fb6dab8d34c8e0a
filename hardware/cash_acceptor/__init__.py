"""Cash acceptor (CIM): the interface and its simulator."""

from hardware.cash_acceptor import base
from hardware.cash_acceptor.base import *  # noqa: F403 - the interface, listed once in base.__all__
from hardware.cash_acceptor.simulator import CashAcceptorSimulator

__all__ = [*base.__all__, "CashAcceptorSimulator"]
