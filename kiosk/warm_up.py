"""What a kiosk agent process loads before it drives, so a standby's takeover costs nothing.

A standby waits on the lease for hours; before this it loaded these on the first customer
after a takeover: `cryptography`'s OpenSSL backend for the PIN block (a 15 MB shared
library, the 15 MB step the cluster soak saw in standbys that took over) and the locale
data and catalogue of each language the kiosk speaks (about 2 MB).
"""

from __future__ import annotations

from shared.i18n.languages import LANGUAGES
from shared.i18n.text import localise
from shared.money.format import format_money
from shared.money.pin_block import load_cipher_backend
from shared.settings import Settings


def warm_up(settings: Settings) -> None:
    """Load the PIN cipher's backend and every shipped language's money format and words."""
    load_cipher_backend()
    for language in LANGUAGES.values():
        format_money(0, settings.kiosk.currency, language.locale)
        localise("Please take your card.", language.code)
