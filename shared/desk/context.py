"""What the teller sees of a ticket's kiosk context: useful facts, never secrets.

The kiosk should never put a PIN or a full card number in a ticket's context; this is the
second line: keys that name secrets are dropped, and any long run of digits (a card or
account number) is masked to its last four digits before it reaches a screen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from shared.i18n.languages import shipped
from shared.i18n.text import N_, Text
from shared.money.format import UnknownCurrency, format_money

# Keys whose values are never shown, whatever they hold.
SECRET_KEY = re.compile(
    r"pin|pan\b|^pan|card_?number|track|cvv|cvc|secret|password|token|key|cryptogram",
    re.IGNORECASE,
)
LONG_DIGITS = re.compile(r"\d(?:[ -]?\d){11,}")
MAX_VALUE = 120


def mask_digits(text: str) -> str:
    """Replace every run of 12 or more digits with bullets and its last four digits."""
    def masked(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return f"•••• {digits[-4:]}"

    return LONG_DIGITS.sub(masked, text)


# The labels of the keys our kiosks write, translatable; any other key is shown as written.
LABELS = {
    "kiosk": N_("Kiosk"), "language": N_("Language"), "step": N_("Step"),
    "asked_for": N_("Asked for"), "card": N_("Card"), "card_last4": N_("Card last4"),
    "problem": N_("Problem"), "amount_minor": N_("Amount"), "limit_minor": N_("Limit"),
    "returned_minor": N_("Returned"), "cash_session_id": N_("Cash session id"),
    "notes": N_("Banknotes"), "kind": N_("Kind"), "ticket_print": N_("Ticket print"),
    "tried": N_("Tried"), "reason": N_("Reason"),
    # A cash fault the dispenser's counters settled (kiosk/flows/cash_out.py): no suspect.
    "settled": N_("Settled by the kiosk's counters"),
    # A step-up (kiosk/flows/risk.py): the cases it opened and the rules that asked for it.
    "fraud_case_ids": N_("Risk cases"), "fraud_rules": N_("Risk rules"),
}

# The words of the values kiosks write under these keys (any other value is shown as written).
VALUE_WORDS = {
    "step": {"card": Text("card"), "card return": Text("card return"), "pin": Text("PIN"),
             "withdrawal": Text("withdrawal"), "withdraw": Text("withdrawal"),
             "deposit": Text("deposit"), "deposit_confirm": Text("deposit confirmation"),
             "idle": Text("start screen"), "menu": Text("menu"), "session": Text("session")},
    "kind": {"withdrawal": Text("withdrawal"), "deposit": Text("deposit")},
    "asked_for": {"a person": Text("a person")},
    "settled": {"retracted": Text("every note back in the kiosk, nothing taken"),
                "released": Text("no note paid out, nothing taken")},
    "screen": {"welcome": Text("welcome page"),
               "out_of_service": Text("kiosk out of service")},
}


def _label(key: str) -> str:
    if key in LABELS:
        return LABELS[key]
    label = key.replace("_minor", "").replace("_", " ").replace(".", " ").strip()
    return label[:1].upper() + label[1:]


def _flatten(context: Mapping, prefix: str = ""):
    for key, value in context.items():
        name = f"{prefix}{key}"
        if SECRET_KEY.search(str(key)):
            continue
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def _transfer_line(hop: Mapping) -> str:
    where = (Text("counter %(counter)s", counter=hop.get("to_counter")) if hop.get("to_counter")
             else hop.get("to_service"))
    line = Text("from %(service)s at counter %(counter)s to %(where)s",
                service=hop.get("from_service"), counter=hop.get("from_counter") or "?",
                where=where)
    return Text("%(line)s (%(note)s)", line=line, note=mask_digits(str(hop["note"]))[:MAX_VALUE]
                ) if hop.get("note") else line


def _amount(minor: int, currency: str) -> str:
    # Never a guessed currency: won shown as pounds misleads, a labelled plain number does not.
    if currency:
        try:
            return format_money(minor, currency)
        except UnknownCurrency:
            return f"{minor} minor units (unknown currency {currency!r})"
    return f"{minor} minor units (currency not recorded)"


def desk_context(context: Mapping | None,
                 fallback_currency: str | None) -> list[tuple[str, str]]:
    """Return (label, value) pairs fit for the teller desk, secrets dropped, numbers masked.

    Labels of known keys and the transfer lines are sentences (`N_`, `Text`) for the reader's
    language; values are shown as the kiosk recorded them.

    Amounts are in the context's own `currency` (kiosks write it); a context without one
    (an older ticket) uses `fallback_currency`, and with neither shows labelled minor units.
    """
    context = dict(context or {})
    transfers = context.pop("transfers", None) or []
    currency = str(context.get("currency") or fallback_currency or "")
    rows: list[tuple[str, str]] = []
    for key, value in _flatten(context):
        if value is None or value == "" or key == "currency":
            continue
        leaf = key.rsplit(".", 1)[-1]
        word = VALUE_WORDS.get(leaf, {}).get(value) if isinstance(value, str) else None
        if word is not None:
            rows.append((_label(key), word))
            continue
        if leaf.endswith("_minor") and isinstance(value, int) and not isinstance(value, bool):
            shown = _amount(value, currency)
        elif leaf == "language" and shipped(str(value)):
            shown = f"{shipped(str(value)).name} ({value})"  # as the customer writes it
        elif isinstance(value, list | tuple):
            shown = ", ".join(str(v) for v in value)
        else:
            shown = str(value)
        rows.append((_label(key), mask_digits(shown)[:MAX_VALUE]))
    for hop in transfers:
        if isinstance(hop, Mapping):
            rows.append((N_("Transferred"), _transfer_line(hop)))
    return rows
