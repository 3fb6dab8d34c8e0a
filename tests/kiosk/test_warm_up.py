"""A kiosk agent process loads what a tenure needs before it waits on the lease."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO_ROOT

CHECK = """
import sys
from shared.settings import load_settings
from kiosk.warm_up import warm_up
backend = "cryptography.hazmat.bindings._rust"
assert backend not in sys.modules, "loaded before the warm-up: the test shows nothing"
warm_up(load_settings())
assert backend in sys.modules
from babel import localedata
assert {"zh_Hans_CN", "ko_KR", "fa_IR"} <= set(localedata._cache), sorted(localedata._cache)
print("warm")
"""


def test_the_pin_cipher_and_the_languages_are_loaded_before_the_first_customer():
    """A standby used to load them on its first PIN after a takeover: a 15 MB step in the
    soak's memory figure and time taken from that customer."""
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "warm", done.stderr[-2000:]
