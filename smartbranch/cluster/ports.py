"""Free TCP ports for the processes a lab or `cluster up` starts on one machine."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable


def kernel_port(host: str) -> int:
    """A port free on host now (the kernel's choice; free until someone binds it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


_handed_out: set[tuple[str, int]] = set()
_handed_out_lock = threading.Lock()


def free_port(host: str = "127.0.0.1", pick: Callable[[str], int] = kernel_port) -> int:
    """Return a port free on host now and never handed out before by this process.

    A port is only reserved once its process binds it, so the kernel may offer it again
    meanwhile: a lab of ten branches asks for about fifty, and one handed out twice (a
    leaf's monitor on the hub's port) stopped a 10-branch soak at start-up."""
    with _handed_out_lock:
        port = pick(host)
        while (host, port) in _handed_out:
            port = pick(host)
        _handed_out.add((host, port))
        return port
