"""Helpers for driving the web app through its real forms (CSRF included)."""

from __future__ import annotations

import re

from tests.factories import PASSWORD

_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def sign_in(client, username: str, password: str = PASSWORD):
    page = client.get("/staff/sign-in")
    return client.post(
        "/staff/sign-in",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.text)},
    )
