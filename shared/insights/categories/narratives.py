"""How banks print a transaction: narrative templates by channel, and the noise they add.

A template is a format string over a `Scene`'s fields ({m} is the merchant, payee or payer
as printed). The styles follow real statements: UK high-street banks (prefixes such as
VIS, DD, SO, BGC, FPI/FPO, CPT, `)))` for contactless, "CARD PAYMENT TO X ON 12/03"),
app banks (the clean merchant name alone), US banks (PURCHASE AUTHORIZED ON, CHECKCARD,
PPD ID), German (Kartenzahlung, Lastschrift, the `//City/DE` card-terminal form), French
(CB, PRLV SEPA), Dutch, Canadian (Interac), Australian (Card xx1234 Value Date) and
payment facilitators (PAYPAL *, SQ *, SumUp, Toast). Every fourth template of a channel is
held out of the training split so the benchmark can measure unseen styles.
"""

from __future__ import annotations

import random
import string
from datetime import date, timedelta
from typing import Final

MONTHS: Final = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                 "DEC")
MONTH_NAMES: Final = ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
                      "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER")

CARD: Final = (
    "CARD PAYMENT TO {m} ON {ddmm}",
    "{m} ON {dd_mon} CPM",
    "POS {last4} {m} {city} {cc}",
    "{m}  {CITY}  {cc3}",
    "VIS {m} {city}",
    "))) {m} {city}",
    "DEB {m}",
    "{m} {store} {city}",
    "PURCHASE AUTHORIZED ON {mmdd} {m} {city} {st} S{auth} CARD {last4}",
    "CHECKCARD {mmdd} {m} {city} {st} {num23}",
    "DEBIT CARD PURCHASE - {m} {city} {st}",
    "{m}//{city}/{cc} {ts} KFN 1 VJ {yymm}",
    "Kartenzahlung {m} {city}",
    "{m} {store} {CITY} {st} {cc3} Card xx{last4} Value Date: {ddmmyyyy}",
    "EFTPOS {m} {city}",
    "Interac purchase - {last4} {m}",
    "CB {m} {ddmm} {CITY}",
    "{m} {store} {CITY} {cc3}",
    "{m}",
    "SQ *{m} {city} {st}",
    "TST* {m} {city}",
    "PAYPAL *{m} {phone} {cc}",
    "SumUp *{m} {city}",
    "{m} {city} {cc} {fx}",
    "CONTACTLESS {m} {city}",
    "{m} APPLE PAY {ddmm}",
    "CARD {last4} {m} {city}",
    "{ddmm} {m} {city}",
    "POS PURCHASE {m} {ddmmyy}",
    "{m} #{store} {city} {st}",
    "{m} {city} {st} {mmdd}",
    "Visa Debit Purchase {m} {city}",
    "{m} Card Purchase {ddmmyy}",
    "CARD TRANSACTION {m} {dd_mon}",
    "{m}*{ref}",
    "Debit Card {m} {city}",
    "Compra {m} {city}",
    "PAIEMENT CB {ddmm} {m} {CITY}",
    "BEA NR:{ref} {dmy_dot} {m},PAS{store}",
    "Contactless Payment {m}",
    "Visa Purchase {m}",
    "{m} {city} {fx}",
    "IZ *{m} {city}",
    "CRV*{m}",
    "Google Pay {m} {city}",
    "{m} {ddmon}",
    "VISA {m} {city} {cc}",
    "POS DEBIT {m} {store} {CITY}",
    "Card Payment {m} {dd_mon}",
    "ZTL*{m} {city}",
    "{m} ONLINE",
    "WWW.{m}.COM",
    "{m} {phone}",
    "{dmy_dot} {m} {city}",
    "Pagamento POS {m} {city}",
    "Tarjeta {m} {city}",
    "Purchase {m} {city} {st}",
    "{m} NR {store} {city}",
    "CARTE X{last4} {ddmm} {m}",
    "iDEAL {m} {ref}",
    "COMPRA TARJ. {m} {city}",
    "PAGO MOVIL EN {m} {CITY}",
    "Point of Sale - Interac RETAIL PURCHASE {num6} {m}",
    "GIROCARD {m} {city}",
    "POS W/D {m} {ddmm}",
    "EFTPOS PURCHASE {m} {city} {cc3}",
    "DEBIT PURCHASE -VISA {m} {city} {st}",
    "{m} {city} {st} {phone}",
    "PAIEMENT PAR CARTE {m} {ddmm}",
    "Apple Pay {m}",
)
DEBIT: Final = (
    "DD {m}",
    "DIRECT DEBIT PAYMENT TO {m} REF {ref}",
    "{m} DIRECT DEBIT",
    "D/D {m}",
    "{m} DDR {ref}",
    "Direct Debit {num6} {m}",
    "{m} PPD ID: {num10}",
    "{m} WEB PMT",
    "{m} AUTOPAY",
    "Lastschrift {m} {ref}",
    "SEPA-Lastschrift {m} Mandat {ref}",
    "PRLV SEPA {m}",
    "Incasso {m} {ref}",
    "{m} ref {ref}",
    "{m}",
    "DDR {m}",
    "BP {m}",
    "BILL PAYMENT TO {m} REF {ref}",
    "Recibo {m} {ref}",
    "{m} {acc} DD",
    "ACH DEBIT {m} {num10}",
    "Basislastschrift {m}",
    "DIRECTDEBIT {m} {ref}",
    "{m} BILL PAYMENT",
    "Direct debit to {m}",
    "{m} {mon_yyyy}",
    "{m} PAYMENT {ref}",
    "Domiciliacion {m}",
    "DD-{m}",
    "{m} INSTALMENT {ref}",
    "Payment to {m}",
    "{m} ACH PMT {num10}",
    "BPAY {m} {num6}",
    "PAD {m}",
    "Pre-authorized Debit {m}",
    "MB-BILL PAYMENT {m}",
    "ADDEBITO DIRETTO {m}",
    "Misc Payment {m}",
    "{m} PREAUTHORIZED DEBIT",
    "Bill Payment {m} {num10}",
)
ORDER: Final = (
    "SO {m} {ref}",
    "STANDING ORDER {m}",
    "FPO {m} {ref}",
    "FASTER PAYMENT TO {m} REF {ref}",
    "TFR {m}",
    "To {m}",
    "BILL PAYMENT TO {m} REF {ref}",
    "{m} {ref} FP {ddmmyy}",
    "ONLINE TRANSFER TO {m} REF #{ref}",
    "Dauerauftrag {m} {ref}",
    "Ueberweisung an {m}",
    "VIR SEPA EMIS {m}",
    "Transfer to {m}",
    "Payment to {m}",
    "Zelle payment to {m} {ref}",
    "Internet Transfer {m}",
    "BP {m} {ref}",
    "e-Transfer sent {m}",
    "OUTWARD PAYMENT {m}",
    "{m} {ref}",
    "Osko payment to {m}",
    "VIREMENT {m}",
    "Sent to {m}",
    "{m}",
    "MOBILE PAYMENT TO {m}",
    "FP OUT {m} {ref}",
    "SEPA Ueberweisung {m}",
    "Overboeking {m}",
    "INTERAC ETRNSFR SENT {m}",
    "TRANSFERENCIA A FAVOR DE {m}",
    "BONIFICO A FAVORE DI {m}",
    "Fast Transfer To {m}",
    "PayID payment to {m}",
    "TRANSFER TO OTHER BANK NETBANK {m}",
    "Betaalverzoek {m}",
)
CREDIT: Final = (
    "BGC {m} {ref}",
    "BANK GIRO CREDIT REF {m}",
    "FPI {m} {ref}",
    "FASTER PAYMENT RECEIVED FROM {m}",
    "CR {m}",
    "{m}",
    "Payment from {m}",
    "From {m}",
    "{m} PPD ID: {num10}",
    "ACH CREDIT {m}",
    "Direct Credit {num6} {m}",
    "Gutschrift {m}",
    "VIR SEPA RECU {m}",
    "Credit {m}",
    "e-Transfer received {m}",
    "Deposit {m}",
    "{m} ON {dd_mon} BGC",
    "INWARD PAYMENT {m}",
    "Transfer from {m}",
    "BACS {m}",
    "{m} DIR DEP",
    "Ueberweisung von {m}",
    "Overboeking van {m}",
    "FP IN {m} {ref}",
    "{m} {ref}",
    "Received from {m}",
    "Deposit ACH {m}",
    "Osko from {m}",
    "INTERAC ETRNSFR RECEIVED {m}",
    "TRANSFERENCIA DE {m}",
    "BONIFICO DA {m}",
    "Fast Transfer From {m}",
    "Deposit from {m}",
    "VIR {m}",
)
ATM: Final = (
    "ATM WITHDRAWAL {m} {city}",
    "CASH WDL {m} {ddmm}",
    "LNK {m} {city}",
    "CPT {m}",
    "CASH {m} {mondd} ATM {store}",
    "CASH MACHINE WITHDRAWAL AT {m} ON {dd_mon}",
    "Cash withdrawal at {m}",
    "ATM W/D {m} {city}",
    "Bargeldauszahlung {m} {city}",
    "GA {m} {ts}",
    "RETRAIT DAB {ddmm} {CITY}",
    "Wdl ATM {m} {city}",
    "ATM WITHDRAWAL {num6} {mmdd} {store} MAIN ST {CITY} {st}",
    "{m} ATM {city}",
    "CASH {m} {dd_mon}",
    "NON-BANK ATM {m} {city}",
    "Cash at {m} {city}",
    "ATM DEBIT {m} {CITY}",
    "Geldautomaat {m} {city}",
    "CASHPOINT {m}",
    "ATM {m} {ddmmyy}",
    "Cash Withdrawal {m} {city} {cc}",
    "WITHDRAWAL ATM {m}",
    "Bargeld {m}",
    "{m} ATM {mmdd} #{store} WITHDRWL {CITY} {st}",
    "GEA NR:{ref} {dmy_dot} {m} {city}",
    "REINTEGRO CAJERO {m} {city}",
    "PRELIEVO BANCOMAT {m} {city}",
    "ATM WITHDRAWAL AUTHORIZED ON {mmdd} {m} {city} {st}",
    "RETRAIT DAB {m} {ddmm}",
)
DEPOSIT: Final = (
    "CASH DEPOSIT {m}",
    "CASH PAID IN {m}",
    "PAID IN AT {m} BRANCH",
    "COUNTER CREDIT {m}",
    "CASH IN AT POST OFFICE",
    "Bareinzahlung {m}",
    "ATM CASH DEPOSIT {m} {city}",
    "Cash deposit at {m}",
    "DEPOSIT {m} BRANCH {store}",
    "CASH CREDIT {m} {dd_mon}",
    "Cash deposit {ddmmyy}",
    "CASH PAYING IN {m}",
)
# Entries a bank prints about itself (fees, interest, moves between a customer's accounts):
# the phrase is the whole narrative, decorated a little.
BANK: Final = (
    "{m}",
    "{m} {dd_mon}",
    "{ddmm} {m}",
    "{m} {mon_yyyy}",
    "{m} REF {ref}",
    "{m} {acc}",
    "{m} {ddmmyy}",
    "{m} PERIOD {dd_mon} TO {dd_mon2}",
)
REFUND: Final = (
    "REFUND {m}",
    "{m} REFUND",
    "RFD {m}",
    "{m} RFND {ddmm}",
    "REVERSAL {m}",
    "CREDIT {m}",
    "{m} CR",
    "{m}",
    "Refund from {m}",
    "{m} ONLINE REFUND",
    "Rueckerstattung {m}",
    "Gutschrift {m}",
    "REMBOURSEMENT {m}",
    "VIS {m} REFUND",
    "PURCHASE RETURN {m} {city} {st}",
    "{m} {city} CREDIT",
    "Card refund {m}",
    "RETURN {m} {ddmm}",
)
CHANNELS: Final[dict[str, tuple[str, ...]]] = {
    "card": CARD, "debit": DEBIT, "order": ORDER, "credit": CREDIT, "atm": ATM,
    "deposit": DEPOSIT, "bank": BANK, "refund": REFUND,
}

LEGAL_SUFFIXES: Final = (" LTD", " LIMITED", " PLC", " INC", " LLC", " GMBH", " UK", " UK LTD",
                         " CO", " CORP", " PTY LTD", " SARL", " BV", " SA")


def held_out_template(index: int) -> bool:
    """Whether a channel's template at this index belongs to the held-out split."""
    return index % 4 == 3


class Scene(dict):
    """The printable facts of one transaction; missing fields are drawn on first use.

    A dict so `str.format_map` can fill a template; each field is drawn from `rng` only when a
    template asks for it, so unused noise costs nothing.
    """

    def __init__(self, rng: random.Random, name: str, city: str, country: str, state: str,
                 currency: str, country3: str, day: date, amount_minor: int):
        super().__init__(m=name, city=city, CITY=city.upper(), cc=country, cc3=country3,
                         st=state, cur=currency)
        self.rng, self.day, self.amount_minor = rng, day, amount_minor

    def __missing__(self, key: str) -> str:
        value = self._draw(key)
        self[key] = value
        return value

    def _digits(self, count: int) -> str:
        return "".join(self.rng.choice(string.digits) for _ in range(count))

    def _draw(self, key: str) -> str:  # noqa: C901 - one branch per placeholder, flat
        rng, day = self.rng, self.day
        later = day + timedelta(days=rng.randint(1, 40))
        if key == "ddmm":
            return f"{day:%d/%m}"
        if key == "mmdd":
            return f"{day:%m/%d}"
        if key == "dd_mon":
            return f"{day.day:02d} {MONTHS[day.month - 1]}"
        if key == "dd_mon2":
            return f"{later.day:02d} {MONTHS[later.month - 1]}"
        if key == "mondd":
            return f"{MONTHS[day.month - 1]}{day.day:02d}"
        if key == "ddmon":
            return f"{day.day:02d}{MONTHS[day.month - 1]}{day:%y}"
        if key == "ddmmyy":
            return f"{day:%d/%m/%y}"
        if key == "ddmmyyyy":
            return f"{day:%d/%m/%Y}"
        if key == "dmy_dot":
            return f"{day:%d.%m.%Y}"
        if key == "yymm":
            return f"{day:%y%m}"
        if key == "ts":
            return f"{day:%Y-%m-%d}T{rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}:00"
        if key == "mon":
            return MONTHS[day.month - 1]
        if key == "mm_yyyy":
            return f"{day:%m/%Y}"
        if key == "mon_yyyy":
            return f"{MONTH_NAMES[day.month - 1]} {day.year}"
        if key == "last4":
            return self._digits(4)
        if key == "store":
            return self._digits(rng.randint(2, 5))
        if key == "ref":
            alphabet = string.ascii_uppercase + string.digits
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(6, 12)))
        if key == "num6":
            return self._digits(6)
        if key == "num10":
            return self._digits(10)
        if key == "num23":
            return self._digits(23)
        if key == "auth":
            return self._digits(15)
        if key == "acc":
            return rng.choice((self._digits(8), f"{self._digits(2)}-{self._digits(2)}-"
                               f"{self._digits(2)} {self._digits(8)}", "XXXXXX" + self._digits(4)))
        if key == "phone":
            return rng.choice((self._digits(10), f"0800 {self._digits(3)} {self._digits(4)}",
                               f"+44{self._digits(10)}"))
        if key == "fx":
            major = abs(self.amount_minor) / 100 * rng.uniform(0.6, 1.6)
            currency = rng.choice(("USD", "EUR", "AUD", "CAD", "SGD", "JPY", "CHF"))
            return rng.choice((
                f"{currency} {major:.2f} @ {rng.uniform(0.5, 1.9):.4f}",
                f"{major:.2f} {currency} CONV RATE {rng.uniform(0.5, 1.9):.4f}",
                f"{currency} {major:.2f} INCL FX FEE",
                f"FX RATE {rng.uniform(0.5, 1.9):.5f}",
            ))
        raise KeyError(key)


def mangle_name(rng: random.Random, name: str) -> str:
    """Print a merchant's name the way card terminals do: suffixes, no apostrophes, cut."""
    if rng.random() < 0.5:
        name = name.replace("'", "")
    if "&" in name and rng.random() < 0.3:
        name = name.replace("&", rng.choice((" AND ", "&", " & "))).replace("  ", " ")
    if rng.random() < 0.08:
        name += rng.choice(LEGAL_SUFFIXES)
    if rng.random() < 0.04:
        name = name.replace(" ", "")
    if len(name) > 10 and rng.random() < 0.15:  # fixed-width merchant fields cut names short
        name = name[: rng.randint(max(6, len(name) // 2), len(name) - 1)].rstrip()
    return name


def print_case(rng: random.Random, text: str) -> str:
    """Upper case most often, as printed, lower or title case sometimes."""
    roll = rng.random()
    if roll < 0.55:
        return text.upper()
    if roll < 0.85:
        return text
    if roll < 0.93:
        return text.lower()
    return text.title()


def add_noise(rng: random.Random, text: str) -> str:
    """Cut a statement line to a fixed width, or widen its gaps, now and then."""
    if len(text) > 26 and rng.random() < 0.06:
        text = text[: rng.randint(18, 25)]
    if rng.random() < 0.08:
        text = text.replace(" ", "  ", rng.randint(1, 3))
    return text.strip()
