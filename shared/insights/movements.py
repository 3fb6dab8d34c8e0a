"""One money movement as the customer sees it, from our ledger or fetched from another bank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Movement:
    """Signed minor units as seen from the customer's account: money out is negative.

    `account` names the account ("ours:<id>" or "external:<id>"); `ref` names the
    transaction ("ledger:<id>", "external:<id>", or "" for generated data) so a
    relationship manager's category correction can be kept against it. `kind` is how it
    moved where known (direct_debit, standing_order, card_payment, bank_transfer_in, ...).
    `category` is a shared.insights.taxonomy key once categorised, "" before.
    """

    at: datetime
    amount_minor: int
    currency: str
    description: str
    counterparty: str = ""
    account: str = ""
    kind: str = ""
    category: str = ""
    ref: str = ""
