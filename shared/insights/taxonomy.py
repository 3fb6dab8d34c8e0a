"""The one taxonomy every transaction is sorted into, ours and fetched (docs/INSIGHTS.md).

Income is money in that the customer earned or was given; spending is money out that left
them; an own transfer (between their own accounts, including paying their own card) is
neither, and neither is saving or investing (money that stays theirs).
"""

from __future__ import annotations

from typing import Final

# key -> what it holds (the documented meaning; the words shown to staff are translated).
CATEGORIES: Final[dict[str, str]] = {
    "salary": "pay from an employer",
    "other_income": "interest, refunds, benefits, pension",
    "housing": "rent, mortgage",
    "bills_utilities": "energy, water, phone, internet, council tax",
    "insurance": "insurance premiums",
    "groceries": "supermarkets and food shops",
    "eating_out": "restaurants, takeaway, bars",
    "coffee": "coffee shops",
    "transport": "fuel, parking, fares, taxis",
    "shopping": "shops, online retail, clothes, home",
    "subscriptions": "streaming, music, software, gym",
    "entertainment": "cinema, events, gambling, travel",
    "health_personal_care": "pharmacy, dentist, optician, hair and beauty",
    "cash": "cash withdrawals and deposits",
    "own_transfer": "between the customer's own accounts, including paying their own card",
    "savings_investments": "saving and investing",
    "repayments": "loan repayments",
    "fees": "bank fees and charges",
    "other": "anything else",
}
KEYS: Final[tuple[str, ...]] = tuple(CATEGORIES)
INCOME: Final[frozenset[str]] = frozenset({"salary", "other_income"})
# Neither income nor spending: the money stays the customer's.
NEUTRAL: Final[frozenset[str]] = frozenset({"own_transfer", "savings_investments"})


def is_income(category: str, amount_minor: int) -> bool:
    """Money in that counts as income (a refund into a spending category does not)."""
    return amount_minor > 0 and category in INCOME


def is_spending(category: str, amount_minor: int) -> bool:
    """Money out that left the customer (own transfers and saving never count)."""
    return amount_minor < 0 and category not in NEUTRAL and category not in INCOME
