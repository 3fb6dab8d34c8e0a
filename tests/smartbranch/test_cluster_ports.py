"""Ports for the shape's processes: never the same one handed out twice in a process."""

from __future__ import annotations

import socket

from smartbranch.cluster.ports import free_port, kernel_port


def test_a_port_the_kernel_offers_again_is_not_handed_out_twice():
    first = free_port()
    fallback = kernel_port("127.0.0.1")
    offers = iter([first, first, fallback])  # the kernel may well offer it again
    assert free_port(pick=lambda host: next(offers)) == fallback


def test_a_free_port_can_be_bound():
    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
