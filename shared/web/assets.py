"""Browser code the kiosk and the staff console share, and the locale their pages format in.

`money.js` (amounts, the browser's twin of shared.money.format) and `http.js` (JSON over
fetch and the one error shape) are served once, at /static/shared/, for both apps.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from shared.web.i18n import current_language

bp = Blueprint("shared_assets", __name__, static_folder="static", static_url_path="/static/shared",
               template_folder="templates")


def page_locale() -> str:
    """Return the Babel locale the page formats money in: its language's (en_GB by default)."""
    return current_language().locale


def browser_locale(locale: str) -> str:
    """Return Babel's locale id as the browser's BCP 47 tag: en_GB -> en-GB."""
    return locale.replace("_", "-")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # Templates put it on the page (data-locale) for money.js; Babel formats the same locale.
    app.context_processor(lambda: {"browser_locale": browser_locale(page_locale())})
