"""The soak's branch on a host of its own: a network namespace whose link can be pulled."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time

import pytest

from smartbranch.benchmarks.cluster.netns import EdgeNamespace
from tests.conftest import IN_CI

PROBE = ("import socket, sys\n"
         "try:\n"
         "    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1.5)\n"
         "    print(s.recv(5).decode())\n"
         "except OSError:\n"
         "    print('unreachable')\n")


@pytest.fixture
def namespace():
    why_not = EdgeNamespace.available()
    if why_not:
        if IN_CI:
            pytest.fail(f"CI=true and {why_not}", pytrace=False)
        pytest.skip(why_not)
    ns = EdgeNamespace("t" + str(threading.get_ident() % 10000), 253).create()
    yield ns
    ns.delete()


def test_a_cut_link_stops_everything_and_a_healed_one_carries_again(namespace):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((namespace.host_ip, 0))  # a centre's service, where the branch reaches it
    server.listen(8)
    port = server.getsockname()[1]

    def answer() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.sendall(b"hello")
            conn.close()

    threading.Thread(target=answer, daemon=True).start()

    def from_the_branch() -> str:
        done = subprocess.run([*namespace.prefix(), sys.executable, "-c", PROBE,
                               namespace.host_ip, str(port)], capture_output=True, text=True)
        return done.stdout.strip() or done.stderr.strip()

    try:
        assert from_the_branch() == "hello"
        namespace.cut()
        assert from_the_branch() == "unreachable"
        namespace.heal()
        assert from_the_branch() == "hello"
    finally:
        server.close()


def test_delete_leaves_nothing_and_may_be_repeated(namespace):
    namespace.delete()
    namespace.delete()
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert namespace.name not in listed.split()


def test_a_nats_client_gives_up_a_silent_link_and_redials_when_it_returns(namespace, tmp_path):
    """A client across a pulled cable notices by its pings and is back soon after the heal.

    nats-py's defaults (pings every 2 minutes) left the soak's door feed on a dead socket
    for minutes after its branch's link returned.
    """
    from shared.cluster.nats_client import NatsClient
    from smartbranch.cluster.nats_servers import free_port, nats_server_binary

    port = free_port()
    server = subprocess.Popen([*namespace.prefix(), nats_server_binary(), "-a",
                               namespace.branch_ip, "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = NatsClient(f"nats://{namespace.branch_ip}:{port}", name="silent-link-test")
    try:
        assert client.wait_connected(10.0)
        namespace.cut()
        gone = time.monotonic()
        while client.connected:
            assert time.monotonic() - gone < 30, "still 'connected' over a dead link"
            time.sleep(0.2)
        namespace.heal()
        assert client.wait_connected(10.0), "not back within 10 s of the link"
    finally:
        client.close()
        server.terminate()
        server.wait(10)
