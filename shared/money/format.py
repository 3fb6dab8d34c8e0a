"""Integer minor units as people read them: -123456 in GBP is -£1,234.56."""

from __future__ import annotations

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def format_money(minor: int, currency: str = "GBP") -> str:
    """Format an amount in minor units with its currency's symbol (or code) and a sign."""
    symbol = SYMBOLS.get(currency, currency + " ")
    sign = "-" if minor < 0 else ""
    return f"{sign}{symbol}{abs(minor) // 100:,}.{abs(minor) % 100:02d}"
