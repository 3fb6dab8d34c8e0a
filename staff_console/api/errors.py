"""How the staff API answers a service's refusal: an HTTP error with the refusal's message."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from flask_smorest import abort

from shared.web.i18n import said


@contextmanager
def abort_on(
    error: type[Exception],
    statuses: Mapping[str, int] | None = None,
    *,
    code_in_errors: bool = False,
) -> Iterator[None]:
    """Abort when the block raises `error`: the status its code maps to, else 422.

    With `code_in_errors` the answer's `errors` carries the refusal's code, for scripts
    that tell refusals apart.
    """
    try:
        yield
    except error as exc:
        code = getattr(exc, "code", None)
        details = {"errors": {"code": code}} if code_in_errors else {}
        abort((statuses or {}).get(code, 422), message=said(exc), **details)
