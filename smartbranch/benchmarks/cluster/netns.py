"""A branch edge on a host of its own: a Linux network namespace joined by a veth pair.

The edge's processes (its NATS leaf, kiosk agents, door camera) run inside the namespace
and reach the centre's services (the hub's leafnode port, PostgreSQL, Redis) at the host
end of the pair; taking that end down cuts every link of the branch at once, as a pulled
cable does: no connection is closed, packets just stop, until it comes back up.
Needs root (CAP_NET_ADMIN) and iproute2's `ip`; available() says whether this machine can.
"""

from __future__ import annotations

import os
import shutil
import subprocess

PREFIX_LENGTH = 30


class NamespaceError(RuntimeError):
    """A namespace or its link could not be set up."""


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise NamespaceError(f"ip {' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done


class EdgeNamespace:
    """One branch's namespace `sb-<tag>`: host end 10.231.<n>.1, branch end 10.231.<n>.2."""

    def __init__(self, tag: str, subnet: int):
        if not 0 <= subnet <= 255:
            raise ValueError("subnet is the third octet, 0 to 255")
        self.name = f"sb-{tag}"[:15]
        self.host_link = f"sbh{tag}"[:15]
        self.branch_link = f"sbb{tag}"[:15]
        self.host_ip = f"10.231.{subnet}.1"
        self.branch_ip = f"10.231.{subnet}.2"
        self.subnet = f"10.231.{subnet}.0/{PREFIX_LENGTH}"
        self.created = False

    @staticmethod
    def available() -> str | None:
        """None when this machine can make namespaces, else why not."""
        if os.geteuid() != 0:
            return "network namespaces need root"
        if shutil.which("ip") is None:
            return "iproute2's ip is not installed"
        probe = EdgeNamespace(f"p{os.getpid() % 100000}", 254)
        try:
            probe.create()
        except NamespaceError as exc:
            return f"cannot create a network namespace here: {exc}"
        finally:
            probe.delete()
        return None

    def create(self) -> EdgeNamespace:
        """Make the namespace and its link, both ends up, loopback up inside."""
        self.delete()  # a namespace left by a killed run of the same tag
        self.created = True
        _ip("netns", "add", self.name)
        _ip("link", "add", self.host_link, "type", "veth", "peer", "name", self.branch_link)
        _ip("link", "set", self.branch_link, "netns", self.name)
        _ip("addr", "add", f"{self.host_ip}/{PREFIX_LENGTH}", "dev", self.host_link)
        _ip("link", "set", self.host_link, "up")
        self.inside("ip", "addr", "add", f"{self.branch_ip}/{PREFIX_LENGTH}", "dev",
                    self.branch_link)
        self.inside("ip", "link", "set", self.branch_link, "up")
        self.inside("ip", "link", "set", "lo", "up")
        return self

    def inside(self, *argv: str) -> None:
        """Run a command inside the namespace to completion."""
        done = subprocess.run(self.prefix() + list(argv), capture_output=True, text=True)
        if done.returncode != 0:
            raise NamespaceError(f"in {self.name}: {' '.join(argv)}: {done.stderr.strip()}")

    def prefix(self) -> list[str]:
        """The argv prefix that runs a program inside the namespace."""
        return ["ip", "netns", "exec", self.name]

    def cut(self) -> None:
        """Take the link down at the host end: the branch is cut off from everything."""
        _ip("link", "set", self.host_link, "down")

    def heal(self) -> None:
        _ip("link", "set", self.host_link, "up")

    def delete(self) -> None:
        """Remove the namespace and its link (the pair goes with either end); idempotent."""
        _ip("link", "del", self.host_link, check=False)
        _ip("netns", "del", self.name, check=False)
        self.created = False
