"""A simulated PSU's transactions and balances, written the way another UK bank writes them.

Each day's transactions are drawn from a generator seeded by the PSU and the date alone, so
a transaction keeps its id, amount and words whichever day the bank is asked: a fetch today
and one next week agree on everything they both see. The bank keeps `HISTORY_DAYS` of it.
"""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from shared.openbanking.simulated_psu import TRIPS, Psu

HISTORY_DAYS = 400  # over a year: each subscription's yearly price rise shows, and annual bills
CARD_LAG_DAYS = 2  # a card payment is booked up to two days after it was made
STATEMENT_DAY = 16  # the credit card's statement period starts on this day of the month
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
FOREIGN_FEE = Decimal("0.0299")


@dataclass(frozen=True)
class SimTransaction:
    """One transaction of a simulated account; signed minor units, money out negative."""

    transaction_id: str
    account_id: str
    at: datetime  # when it happened (for a card payment, the purchase)
    booked_at: datetime
    amount_minor: int
    information: str
    code: str  # the bank's own code: POS, CRF, DD, SO, FPI, FPO, ATM, FEE, DDR
    merchant: str = ""
    mcc: str = ""
    counterparty: str = ""
    foreign_currency: str = ""
    foreign_minor: int = 0
    rate: Decimal | None = None  # units of the foreign currency per GBP


@dataclass(frozen=True)
class _Draft:
    """A transaction before it has an id; `account` is "current" or "card"."""

    account: str
    at: datetime
    lag_days: int
    amount_minor: int
    information: str
    code: str
    merchant: str = ""
    mcc: str = ""
    counterparty: str = ""
    foreign_currency: str = ""
    foreign_minor: int = 0
    rate: Decimal | None = None


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _on(day: date) -> str:
    return f"{day.day:02d} {MONTHS[day.month - 1]}"


def _forward_to_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _back_to_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _reference(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(9))


def _pence(low: int, high: int, rng: random.Random) -> int:
    return rng.randrange(low, high + 1)


class PsuHistory:
    """The transactions and balances of one PSU, drawn day by day and remembered."""

    def __init__(self, psu: Psu):
        self.psu = psu
        self._days: dict[date, list[_Draft]] = {}
        self._repayments: dict[int, int] = {}

    # -- one day --------------------------------------------------------------------------

    def drafts(self, day: date) -> list[_Draft]:
        """Everything the PSU does on `day` (in a fixed order)."""
        if day not in self._days:
            rng = random.Random(f"{self.psu.key}|{day.isoformat()}")
            drafts = self._scheduled(day) + self._everyday(day, rng) + self._card(day, rng)
            self._days[day] = drafts
        return self._days[day]

    def _scheduled(self, day: date) -> list[_Draft]:
        """Pay, rent and direct debits: the same day of every month, moved off weekends."""
        p, out = self.psu, []

        def on(dom: int) -> bool:
            return day == _forward_to_weekday(day.replace(day=dom))

        if day == _back_to_weekday(day.replace(day=25)):
            out.append(_Draft("current", _at(day, 6), 0, p.salary_minor,
                              f"FASTER PAYMENT FROM {p.employer} SALARY", "FPI",
                              counterparty=p.employer))
        if on(1):
            out.append(_Draft("current", _at(day, 5), 0, -p.rent_minor,
                              f"SO {p.rent_reference}", "SO", counterparty=p.rent_reference))
            if day.month not in (2, 3):  # council tax is ten instalments, April to January
                out.append(self._dd(day, *p.council))
        if on(3) and p.gym:
            out.append(self._dd(day, "PUREGYM LTD", 2_499))
        if on(5):
            name, amount = p.energy
            winter = {11: 135, 12: 150, 1: 150, 2: 135, 3: 110, 10: 110}.get(day.month, 80)
            out.append(self._dd(day, name, amount * winter // 100))
        if on(12):
            out.append(self._dd(day, *p.water))
        if on(15):
            out.append(self._dd(day, "TV LICENCE MBP", 1_454))
        if on(18):
            out.append(self._dd(day, *p.mobile))
        if on(28):
            owed = self.statement_balance(_month_index(day))
            if owed > 0:
                out.append(self._dd(day, "NWB CARD SERVICES", owed))
                out.append(_Draft("card", _at(day, 7), 0, owed,
                                  "DIRECT DEBIT PAYMENT - THANK YOU", "DDR"))
        return out

    @staticmethod
    def _dd(day: date, payee: str, amount_minor: int) -> _Draft:
        return _Draft("current", _at(day, 4), 0, -amount_minor, f"DD {payee}", "DD",
                      counterparty=payee)

    def _everyday(self, day: date, rng: random.Random) -> list[_Draft]:
        """The debit card, cash and transfers between friends, on the current account."""
        p, out, weekday = self.psu, [], day.weekday() < 5

        def card(merchant: str, mcc: str, amount: int, hour: int, lag: int) -> _Draft:
            return _Draft("current", _at(day, hour, rng.randrange(60)), lag, -amount,
                          f"CARD PAYMENT TO {merchant} ON {_on(day)}", "POS", merchant, mcc)

        # Draw every number every day, used or not, so one habit never shifts another.
        commute, coffee, grocery, cash, friend_in, friend_out = (rng.random() for _ in range(6))
        if weekday and commute < p.commute_rate:
            out.append(card("TFL TRAVEL CH", "4111", p.fare_minor, 23, 1))
        if weekday and coffee < p.coffee_rate:
            out.append(card(*p.coffee, _pence(245, 680, rng), 8, rng.randrange(3)))
        if grocery < (0.5 if not weekday else 0.3):
            merchant, mcc = p.grocers[0] if rng.random() < 0.7 else p.grocers[1]
            out.append(card(merchant, mcc, _pence(600, 8_500, rng), 18, rng.randrange(3)))
        if cash < 0.03:
            amount = rng.choice((2_000, 3_000, 4_000, 6_000, 10_000))
            out.append(_Draft("current", _at(day, 12, rng.randrange(60)), 0, -amount,
                              f"CASH WITHDRAWAL AT LINK ATM ON {_on(day)}", "ATM"))
        if friend_in < 0.025:
            who = rng.choice(("J PATEL", "L CHEN", "A NOWAK"))
            out.append(_Draft("current", _at(day, 20), 0, _pence(1_000, 6_000, rng),
                              f"FASTER PAYMENT FROM {who} DINNER", "FPI", counterparty=who))
        if friend_out < 0.02:
            who = rng.choice(("S OKAFOR", "M JONES"))
            out.append(_Draft("current", _at(day, 21), 0, -_pence(1_500, 8_000, rng),
                              f"FASTER PAYMENT TO {who} TICKETS", "FPO", counterparty=who))
        return out

    def _card(self, day: date, rng: random.Random) -> list[_Draft]:
        """Subscriptions, online shopping, eating out and the trip abroad, on the card."""
        p, out, month = self.psu, [], _month_index(day)

        def charge(amount: int, info: str, merchant: str, mcc: str, hour: int, lag: int,
                   **foreign) -> _Draft:
            return _Draft("card", _at(day, hour, rng.randrange(60)), lag, -amount, info,
                          "POS", merchant, mcc, **foreign)

        # Two subscriptions go up once a year, six months apart: a year of history shows both.
        if day.day == 9:
            out.append(charge(_yearly_price(1_099, 200, month, p.rise_month),
                              "NETFLIX.COM 866-579-7172", "NETFLIX.COM", "4899", 3, 0))
        if day.day == 14:
            out.append(charge(_yearly_price(1_199, 100, month, p.rise_month + 6),
                              "SPOTIFY P2F7C1A9B3", "SPOTIFY", "5815", 3, 0))
        if day.day == 22:
            out.append(charge(899, "AMAZON PRIME*2K4LM7Q01 AMZN.CO.UK/PM", "AMAZON PRIME",
                              "5968", 3, 0))
        if day.day == 3:
            out.append(charge(299, "APPLE.COM/BILL ITUNES.COM", "APPLE.COM/BILL", "5735", 3, 0))
        shop, refund, eat = rng.random(), rng.random(), rng.random()
        code, refunded = (_reference(rng), _reference(rng))
        if shop < 0.09:
            out.append(charge(_pence(499, 6_499, rng), f"AMZNMKTPLACE*{code} AMAZON.CO.UK",
                              "AMZNMKTPLACE", "5999", 14, 1))
        if refund < 0.008:
            out.append(_Draft("card", _at(day, 10), 1, _pence(599, 2_999, rng),
                              f"REFUND AMZNMKTPLACE*{refunded}", "CRF", "AMZNMKTPLACE", "5999"))
        if day.weekday() >= 5 and eat < 0.35:
            merchant = rng.choice(("DELIVEROO.CO.UK LONDON", "NANDOS CAMDEN LONDON",
                                   "WAGAMAMA 112 LONDON"))
            out.append(charge(_pence(1_400, 5_800, rng), merchant, merchant, "5812", 19, 1))
        if month % 6 == p.trip_phase and 10 <= day.day <= 14:
            currency, merchants = TRIPS[p.trip]
            per_pound = Decimal(rng.randrange(11_400, 11_900) if currency == "EUR"
                                else rng.randrange(12_400, 13_000)) / 10_000
            for merchant, mcc in rng.sample(merchants, 2):
                foreign = _pence(600, 12_000, rng)
                pounds = int((Decimal(foreign) / per_pound).quantize(Decimal(1), ROUND_HALF_UP))
                out.append(charge(pounds, merchant, merchant, mcc, 13, 1,
                                  foreign_currency=currency, foreign_minor=foreign,
                                  rate=per_pound))
                fee = int((pounds * FOREIGN_FEE).quantize(Decimal(1), ROUND_HALF_UP))
                out.append(_Draft("card", out[-1].at, 1, -fee, "NON-STERLING TRANSACTION FEE",
                                  "FEE"))
        return out

    # -- the card's statements ------------------------------------------------------------

    def statement_balance(self, month: int) -> int:
        """What the statement of `month` asks for: the card's spending booked from the 16th
        of the month before to the 15th of this one (positive: owed)."""
        if month not in self._repayments:
            end = _first_of(month).replace(day=STATEMENT_DAY)
            start = _first_of(month - 1).replace(day=STATEMENT_DAY)
            spent = sum(t.amount_minor for t in self._drafts_booked(start, end, "card")
                        if t.code != "DDR")
            self._repayments[month] = -spent
        return self._repayments[month]

    def _drafts_booked(self, start: date, end: date, account: str):
        """The drafts of `account` booked on a day from `start` up to (not including) `end`."""
        day = start - timedelta(days=CARD_LAG_DAYS)
        while day < end:
            for draft in self.drafts(day):
                booked = (draft.at + timedelta(days=draft.lag_days)).date()
                if draft.account == account and start <= booked < end:
                    yield draft
            day += timedelta(days=1)

    # -- what the bank shows --------------------------------------------------------------

    def transactions(self, account: str, now: datetime) -> list[SimTransaction]:
        """`account`'s transactions made by `now` and booked in the history kept (oldest
        first); those booked after `now` are still pending."""
        psu = self.psu
        account_id = psu.current.account_id if account == "current" else psu.card.account_id
        first = first_available(now)
        out: list[SimTransaction] = []
        day = first.date() - timedelta(days=CARD_LAG_DAYS)
        while day <= now.date():
            drafts = [d for d in self.drafts(day) if d.account == account]
            for n, d in enumerate(drafts):
                booked = d.at + timedelta(days=d.lag_days)
                if d.at > now or booked < first:
                    continue
                tid = hashlib.sha256(f"{psu.key}|{account}|{day}|{n}".encode()).hexdigest()
                out.append(SimTransaction(
                    tid[:24].upper(), account_id, d.at, booked, d.amount_minor, d.information,
                    d.code, d.merchant, d.mcc, d.counterparty, d.foreign_currency,
                    d.foreign_minor, d.rate))
            day += timedelta(days=1)
        out.sort(key=lambda t: (t.booked_at, t.transaction_id))
        return out

    def balance(self, account: str, now: datetime) -> int:
        """The booked balance of `account` at `now`, signed from the holder's side."""
        booked = [t for t in self.transactions(account, now) if t.booked_at <= now]
        if account == "current":
            return self.psu.opening_balance_minor + sum(t.amount_minor for t in booked)
        # The card: what was spent since the last statement that is not yet repaid.
        start = _first_of(_month_index(now.date()) - 2).replace(day=STATEMENT_DAY)
        first_repaid = _month_index(start) + 1
        total = 0
        for t in booked:
            if t.booked_at.date() < start:
                continue
            if t.code != "DDR" or _month_index(t.booked_at.date()) >= first_repaid:
                total += t.amount_minor
        return total


def _first_of(month: int) -> date:
    year, month0 = divmod(month, 12)
    return date(year, month0 + 1, 1)


def _yearly_price(base_minor: int, rise_minor: int, month: int, rise_month: int) -> int:
    """A price that goes up by `rise_minor` every year in `rise_month` (from 2024 on)."""
    years = (month - (2024 * 12 + rise_month % 12)) // 12 + 1
    return base_minor + rise_minor * max(0, years)


def first_available(now: datetime) -> datetime:
    """The oldest booking the bank still shows."""
    return datetime.combine(now.date() - timedelta(days=HISTORY_DAYS), time(), tzinfo=UTC)
