"""The products a relationship manager may offer, and what holding each one means.

The keys mortgage, savings and travel_card are the ones the first talking points suggested:
offers recorded under them stay valid. A product
is held when the customer has an open account that is it, here or at another bank (an
account-information consent shows us those): we never offer what they already have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from shared.i18n.text import N_


@dataclass(frozen=True)
class Product:
    """One product: its key, whether it is credit, and its words (translated where shown)."""

    key: str
    credit: bool  # lending: the credit rules of shared.insights.offers.eligibility apply
    words: str  # the product as the card names it
    lacking: str  # what the customer lacks, as a reason on the card ("no mortgage")


MORTGAGE, SAVINGS, TRAVEL_CARD = "mortgage", "savings", "travel_card"
PERSONAL_LOAN, ISA, OVERDRAFT = "personal_loan", "isa", "overdraft"

# In the order a naive suggester would walk them (the benchmark's baseline does).
CATALOGUE: tuple[Product, ...] = (
    Product(MORTGAGE, True, N_("mortgage"), N_("no mortgage")),
    Product(SAVINGS, False, N_("savings account"), N_("no savings account")),
    Product(TRAVEL_CARD, True, N_("fee-free travel credit card"), N_("no credit card")),
    Product(PERSONAL_LOAN, True, N_("personal loan"), N_("no personal loan")),
    Product(ISA, False, N_("cash ISA"), N_("no ISA")),
    Product(OVERDRAFT, True, N_("arranged overdraft"), N_("no arranged overdraft")),
)
PRODUCTS: dict[str, Product] = {p.key: p for p in CATALOGUE}
KEYS: tuple[str, ...] = tuple(PRODUCTS)

# Account kinds (ours: shared.models.enums.AccountKind; another bank's: its Open Banking
# AccountSubType in lower case) and the product an open account of that kind is.
_KIND_IS = {"mortgage": MORTGAGE, "credit_card": TRAVEL_CARD, "creditcard": TRAVEL_CARD,
            "chargecard": TRAVEL_CARD, "loan": PERSONAL_LOAN, "savings": SAVINGS}
_CURRENT_KINDS = {"current", "currentaccount"}
# A savings account whose name says ISA is an ISA (neither we nor Open Banking have a kind).
_ISA_NAME = re.compile(r"\bISA\b")


class HeldAccount(Protocol):
    """What holding needs of an account (shared.insights.sources.AccountView has it)."""

    kind: str
    name: str
    limit_minor: int  # how far under zero it may go: an overdraft, a card's limit


def product_of(kind: str, name: str = "", limit_minor: int = 0) -> str | None:
    """The product an open account is, or None (a current account without an overdraft)."""
    kind = str(kind).lower()
    if kind == "savings" and _ISA_NAME.search(name):
        return ISA
    if kind in _CURRENT_KINDS:
        return OVERDRAFT if limit_minor > 0 else None
    return _KIND_IS.get(kind)


def held_products(accounts: Iterable[HeldAccount]) -> frozenset[str]:
    """The product keys the customer holds, from their open accounts (ours and elsewhere)."""
    held = (product_of(a.kind, a.name, a.limit_minor) for a in accounts)
    return frozenset(p for p in held if p is not None)
