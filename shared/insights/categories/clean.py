"""Narrative cleaning: what is left of a bank's description once its noise is taken out.

Dates, times, card-number fragments, store numbers, references and currency-conversion
tails say nothing about a category and differ on every line, so they go. The ways banks
mark how money moved (VIS, POS, `)))`, DD, D/D, SO, BGC, FPI, CPT, Kartenzahlung,
Lastschrift, PRLV SEPA...) are kept but spelled one way each (`zcard`, `zdebit`, `zorder`,
`zcredit`, `zatm`), so a direct debit looks the same from every bank.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|maerz|mai|okt|dez)")
# Noise, in the order it is removed (a date before the digits it is made of).
_NOISE: Final = tuple(re.compile(p) for p in (
    r"\bincl(?:uding|\.)?\b.*?\bfee\b",  # "INCL NON-STERLING TRANS FEE" after a purchase
    r"\b(?:usd|eur|aud|cad|sgd|jpy|chf|gbp|nzd|hkd|inr|sek|nok|pln|aed)\s*\d[\d.,]*"
    r"(?:\s*@\s*[\d.]+)?",
    r"\d[\d.,]*\s*(?:usd|eur|aud|cad|sgd|jpy|chf|gbp|nzd|hkd|inr|sek|nok|pln|aed)\b",
    r"\b(?:conv(?:ersion)?|fx|exchange)\s+rate\s*[\d.]+",
    r"@\s*[\d.]+",
    r"\b\d{4}-\d{2}-\d{2}(?:t\d{2}:\d{2}(?::\d{2})?)?",
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b",
    r"\b(?:on\s+)?\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?\b",
    r"\b(?:on\s+)?\d{1,2}\s*" + _MONTH + r"\b(?:\s*\d{2,4}\b)?",
    r"\b" + _MONTH + r"\s*\d{1,2}\b",
    r"\b" + _MONTH + r"\s+\d{4}\b",
    r"\bvalue date:?",
    r"(?:\bx{1,}|\*+|\.{2,}|#)\d{3,}",
    r"\bperiod\b(?:\s+to\b)?",
))
# How the money moved, one spelling each; first match wins, so longer phrases come first.
_MARKERS: Final = tuple((re.compile(p), token) for p, token in (
    (r"^\s*\){2,}", " zcard "),
    (r"\b(?:debit card purchase|visa debit purchase|card payment to|card purchase|"
     r"purchase authori[sz]ed(?: on)?|pos purchase|pos debit|contactless payment|"
     r"card transaction|interac purchase|paiement cb|pagamento pos|visa purchase|"
     r"card payment|debit card|kartenzahlung(?: girocard)?|checkcard|eftpos purchase|eftpos|"
     r"contactless|point of sale - interac retail purchase|paiement par carte|compra tarj|"
     r"pago movil en|debit purchase -visa|girocard)\b", " zcard "),
    (r"^\s*(?:vis|pos|deb|cb|compra|tarjeta|visa|bea)\b", " zcard "),
    (r"\b(?:direct debit payment to|direct debit|sepa-lastschrift|basislastschrift|"
     r"lastschrift|prlv sepa|prlv|incasso|domiciliacion|directdebit|ach debit|"
     r"pre-authorized debit|preauthorized debit|addebito diretto|bpay)\b|^\s*pad\b", " zdebit "),
    (r"(?:^|\s)(?:dd|d/d|ddr|dd-)(?=\s|$|-)", " zdebit "),
    (r"\b(?:standing order|dauerauftrag|ordre permanent)\b|^\s*so\b", " zorder "),
    (r"\b(?:bank giro credit|faster payment received from|direct credit|gutschrift|"
     r"vir sepa recu|ach credit|inward payment)\b|^\s*(?:bgc|fpi|cr|bacs)\b", " zcredit "),
    (r"\b(?:faster payment to|vir sepa emis|outward payment)\b|^\s*fpo\b", " zpayout "),
    (r"\b(?:cash machine withdrawal at|cash machine|atm withdrawal|atm w/d|cash wdl|"
     r"cashpoint|geldautomat|geldautomaat|bargeldauszahlung|retrait dab|wdl atm|"
     r"non-bank atm|reintegro cajero|prelievo bancomat|withdrwl)\b|^\s*(?:lnk|cpt|ga|gea)\b",
     " zatm "),
))
_DROP: Final = re.compile(r"[^a-z0-9& ]+")
_APOSTROPHE: Final = re.compile(r"['`\u2019]")
_SPACES: Final = re.compile(r"\s+")
_TRANSITION: Final = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


def _ascii(text: str) -> str:
    if text.isascii():
        return text
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _keep(token: str) -> bool:
    """Words stay; numbers and codes go (a store number, a reference, `2h4zl61g5`).

    A word with a short number joined on stays (bet365, o2, 7eleven, trading212): one
    letters-to-digits change and few digits is a name, more is a code.
    """
    if token.isalpha() or token == "&":
        return True
    digits = sum(c.isdigit() for c in token)
    if digits == len(token):
        return False
    return digits <= 4 and len(_TRANSITION.findall(token)) <= 1


def clean(description: str) -> str:
    """Return the words of a bank narrative that can say what it was for, lower case."""
    text = _APOSTROPHE.sub("", _ascii(description).lower())
    for pattern in _NOISE:
        text = pattern.sub(" ", text)
    text = _SPACES.sub(" ", text)  # banks pad fields with spaces; the markers want one
    for pattern, token in _MARKERS:
        text = pattern.sub(token, text, count=1)
    text = _DROP.sub(" ", text.replace("www.", " "))
    return " ".join(t for t in text.split() if _keep(t))
