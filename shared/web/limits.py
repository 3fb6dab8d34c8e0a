"""Rate limits on the endpoints anyone in a branch can reach (`limits`, Flask-Limiter's engine).

Counted per client address in a moving window: in memory by default, in Redis when the event
bus is Redis (the server the other processes share), so a limit holds across processes. Each
app has its own counters. A request over its limit gets 429 with Retry-After before anything
it sent is read or stored.
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, request
from flask_smorest import abort
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from shared.settings import Settings

_LIMITER = "smartbranch.rate_limiter"


def init_app(app: Flask, settings: Settings) -> None:
    redis = settings.events.backend == "redis"
    storage = storage_from_string(settings.events.redis_url if redis else "memory://")
    app.extensions[_LIMITER] = MovingWindowRateLimiter(storage)


def _wait(name: str, limit: str, count: bool) -> int | None:
    """Seconds this address must wait under `limit`, or None; counting this request if told."""
    limiter: MovingWindowRateLimiter = current_app.extensions[_LIMITER]
    address = request.remote_addr or "unknown"
    check = limiter.hit if count else limiter.test
    for item in parse_many(limit):
        if not check(item, name, address):
            reset_at, _left = limiter.get_window_stats(item, name, address)
            return max(1, math.ceil(reset_at - time.time()))
    return None


def over_limit(name: str, limit: str) -> int | None:
    """Count this request against `limit` ("20 per minute;200 per hour") for its address;
    None while within it, else the seconds until a request is counted again."""
    return _wait(name, limit, count=True)


def wait_before(name: str, limit: str) -> int | None:
    """Seconds this address must wait before `limit` counts it again; None if it may go on.

    Looks without counting: for limits on failures, counted by `count_failure`.
    """
    return _wait(name, limit, count=False)


def count_failure(name: str, limit: str) -> None:
    """Count one failure of this address against `limit` (see `wait_before`)."""
    limiter: MovingWindowRateLimiter = current_app.extensions[_LIMITER]
    for item in parse_many(limit):
        limiter.hit(item, name, request.remote_addr or "unknown")


def within_limit(name: str, limit: str) -> None:
    """For an API: abort with 429 and Retry-After when this request is over `limit`."""
    wait = over_limit(name, limit)
    if wait is not None:
        abort(429, message=f"too many requests ({limit}); try again in {wait} s",
              headers={"Retry-After": str(wait)})
