"""The one error of our NATS plumbing that callers handle."""


class NatsUnavailable(RuntimeError):
    """NATS could not carry the request: not connected, no responders, or no answer in time."""
