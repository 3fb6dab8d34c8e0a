"""The processes' logging: tracebacks are written in full and leave no cache behind."""

from __future__ import annotations

import io
import linecache
import logging

from shared.process_logging import TracebackFormatter


def _fail() -> None:
    raise RuntimeError("the database went away")  # this line shows in the traceback


def test_a_logged_traceback_shows_its_lines_and_keeps_none_of_them():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(TracebackFormatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.process_logging")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            _fail()
        except RuntimeError:
            logger.exception("a request failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert written.startswith("ERROR a request failed\nTraceback")
    assert 'raise RuntimeError("the database went away")' in written
    assert __file__ not in linecache.cache
