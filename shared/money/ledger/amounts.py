"""Amounts and legs: signed movements in integer minor units, and the limits they must keep."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shared.i18n.text import N_, Text
from shared.money.ledger.errors import InvalidRequest
from shared.settings import Settings


@dataclass(frozen=True)
class Leg:
    """One signed movement on one account (negative debits, positive credits)."""

    account_id: int
    amount_minor: int


@dataclass(frozen=True)
class Limits:
    """Amount limits in minor units (see [ledger] in config/default.toml)."""

    max_transaction_minor: int = 2_500_000
    max_withdrawal_minor: int = 50_000
    max_deposit_minor: int = 500_000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        s = settings.ledger
        return cls(s.max_transaction_minor, s.max_withdrawal_minor, s.max_deposit_minor)


DEFAULT_LIMITS = Limits()


def validate_amount(amount_minor: int, limit_minor: int, what: str = "amount") -> int:
    """Return the amount if it is a positive integer within the limit; refuse it otherwise."""
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int):
        raise InvalidRequest(f"{what} must be an integer number of minor units")
    if amount_minor <= 0:
        raise InvalidRequest(Text("%(what)s must be positive", what=Text(what)))
    if amount_minor > limit_minor:
        raise InvalidRequest(Text("%(what)s %(amount)s is over the limit of %(limit)s",
                                  what=Text(what), amount=amount_minor, limit=limit_minor))
    return amount_minor


def validate_legs(legs: Iterable[Leg], limits: Limits = DEFAULT_LIMITS) -> tuple[Leg, ...]:
    """Return the legs if they balance and each is a non-zero integer within the limit."""
    legs = tuple(legs)
    if len(legs) < 2:
        raise InvalidRequest("a transaction needs at least two postings")
    for leg in legs:
        amount = leg.amount_minor
        if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
            raise InvalidRequest("each posting must be a non-zero integer of minor units")
        validate_amount(abs(amount), limits.max_transaction_minor, N_("posting amount"))
    if sum(leg.amount_minor for leg in legs) != 0:
        raise InvalidRequest("postings must sum to zero")
    return legs
