"""Which pages may open a Socket.IO connection: the server's own, and the listed origins.

python-engineio checks the handshake's Origin header. Its default (no list) allows only the
server's own origin; a list given to it *replaces* that default, so the server's own pages
would be refused. We hand it this check instead, which keeps the own origin and adds the list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def own_origins(environ: dict) -> set[str]:
    """The origins this request was addressed to: scheme://Host, and the proxy's when forwarded."""
    host = environ.get("HTTP_HOST")
    if not host:
        return set()
    scheme = environ.get("wsgi.url_scheme", "http")
    own = {f"{scheme}://{host}"}
    if "HTTP_X_FORWARDED_PROTO" in environ or "HTTP_X_FORWARDED_HOST" in environ:
        forwarded_scheme = environ.get("HTTP_X_FORWARDED_PROTO", scheme).split(",")[0].strip()
        forwarded_host = environ.get("HTTP_X_FORWARDED_HOST", host).split(",")[0].strip()
        own.add(f"{forwarded_scheme}://{forwarded_host}")
    return own


def origin_check(listed: Iterable[str]) -> Callable[[str | None, dict], bool]:
    """The check for engineio's cors_allowed_origins: own origin or one of `listed`."""
    allowed = frozenset(listed)

    def allowed_origin(origin: str | None, environ: dict) -> bool:
        return origin is not None and (origin in allowed or origin in own_origins(environ))

    return allowed_origin
