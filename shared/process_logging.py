"""Logging for SmartBranch's long-running processes: one format on stderr, and tracebacks
that leave no source lines behind in memory."""

from __future__ import annotations

import linecache
import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class TracebackFormatter(logging.Formatter):
    """A formatter that forgets the source lines a traceback read.

    Formatting a traceback fills `linecache` with every line of every file it passes
    through, kept for the life of the process: in a web process of the cluster soak, the
    20 requests that failed while PostgreSQL restarted left 2.7 MB of library source
    behind. A traceback is rare; reading its files again next time costs little.
    """

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        try:
            return super().formatException(ei)
        finally:
            linecache.clearcache()


def configure_logging(level: int = logging.INFO, fmt: str = FORMAT) -> None:
    """Log at `level` and above to stderr through a TracebackFormatter (once per process:
    like logging.basicConfig, nothing changes when the root logger has handlers already)."""
    handler = logging.StreamHandler()
    handler.setFormatter(TracebackFormatter(fmt))
    logging.basicConfig(level=level, handlers=[handler])
