"""Names that edges and the centre must agree on: JetStream domains, streams and subjects."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^a-z0-9-]")


def branch_token(branch_code: str) -> str:
    """The branch code as a NATS token: lower case, no dots, spaces or wildcards."""
    token = _UNSAFE.sub("-", branch_code.strip().lower())
    if not token.strip("-"):
        raise ValueError(f"branch code {branch_code!r} has no usable characters")
    return token


def edge_domain(branch_code: str) -> str:
    """The JetStream domain of a branch's leaf node."""
    return f"edge-{branch_token(branch_code)}"


def edge_api_prefix(branch_code: str) -> str:
    """The JetStream API of a branch's leaf, as the hub reaches it across the leaf link."""
    return f"$JS.{edge_domain(branch_code)}.API"


def edge_local_stream(branch_code: str) -> str:
    """The stream on a branch's own leaf that holds its events until the hub sources them."""
    return f"SB_EDGE_{branch_token(branch_code).upper().replace('-', '_')}"


def edge_event_subject(branch_code: str) -> str:
    """The subject a branch's events are stored under (on its own leaf only)."""
    return f"sb.edge.{branch_token(branch_code)}.event"
