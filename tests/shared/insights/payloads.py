"""Stored insights made by hand, for tests of what shows them (the card, the API, pages)."""

from shared.db.base import utcnow
from shared.i18n.text import Text
from shared.insights.offers.catalogue import PRODUCTS
from shared.insights.text_codec import encode_text
from shared.money.format import COMPACT, Amount


def offer_insights(product: str) -> dict:
    """Insights whose only point is an offer of `product`, with a reason and what they lack."""
    return {
        "computed_at": utcnow().isoformat(), "currency": "GBP",
        "offer": {"product": product, "product_words": PRODUCTS[product].words, "score": 0.5,
                  "reasons": [encode_text(Text("rent %(amount)s a month for a year",
                                               amount=Amount(120_000, "GBP", COMPACT))),
                              encode_text(Text(PRODUCTS[product].lacking))]},
    }
