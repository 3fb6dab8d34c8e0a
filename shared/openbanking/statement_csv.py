"""Read a CSV statement, as UK banks export them, into account records.

The columns are found by their headers (a date, a description, and either an amount or
debit and credit columns; a balance, a type, a currency and an account number when there),
on the first rows that look like headers, after any preamble. Dates are day first
(dd/mm/yyyy) unless the file shows otherwise, or ISO. Any row we cannot read fails the
whole file, naming the row: a statement is imported whole or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation

from shared.openbanking.amounts import currency_exponent
from shared.openbanking.errors import StatementError
from shared.openbanking.parsing import PROPRIETARY_KINDS, row_id
from shared.openbanking.records import (
    AccountData,
    RemoteAccount,
    RemoteBalance,
    RemoteTransaction,
)

HEADERS = {  # role -> header names, best first (lower case, without "(£)" and the like)
    "date": ("date", "transaction date", "posting date", "booking date", "posted date",
             "completed date", "started date", "value date"),
    "description": ("description", "narrative", "details", "transaction description",
                    "transaction details", "memo", "merchant", "payee", "name", "reference"),
    "amount": ("amount", "value", "transaction amount", "amount gbp"),
    "debit": ("debit", "debit amount", "paid out", "money out", "withdrawals", "debits", "out"),
    "credit": ("credit", "credit amount", "paid in", "money in", "deposits", "credits", "in"),
    "balance": ("balance", "running balance", "account balance"),
    "type": ("type", "transaction type"),
    "currency": ("currency",),
    "account": ("account number", "account", "account no"),
    "counterparty": ("payee", "name", "merchant", "counter party", "counterparty"),
    "id": ("transaction id", "fitid", "id"),  # the bank's own id of the row, when it gives one
}
TYPE_WORDS = {"direct debit": "direct_debit", "standing order": "standing_order",
              "card payment": "card_payment", "debit card": "card_payment",
              "cash": "cash_withdrawal", "interest": "interest", "fee": "fee"}
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y",
                "%d %B %Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%Y/%m/%d")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
_PLAIN_AMOUNT = re.compile(r"^\d+(\.\d+)?$")
MAX_PREAMBLE = 20  # rows before the headers (account name, sort code, period...)


@dataclass(frozen=True)
class _Columns:
    index: dict[str, int]  # role -> column

    def cell(self, row: list[str], role: str) -> str:
        i = self.index.get(role)
        return row[i].strip() if i is not None and i < len(row) else ""


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise StatementError.of("unknown_format")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _normal(header: str) -> str:
    header = re.sub(r"\(.*?\)|[£$€]", " ", header.lower())
    return " ".join(header.replace("_", " ").split())


def _columns(row: list[str]) -> _Columns | None:
    names = [_normal(cell) for cell in row]
    index: dict[str, int] = {}
    for role, wanted in HEADERS.items():
        for name in wanted:
            if name in names and names.index(name) not in index.values():
                index[role] = names.index(name)
                break
    if not {"date", "description"} <= index.keys():
        return None
    if "amount" not in index and not ({"debit", "credit"} & index.keys()):
        return None
    if index.get("counterparty") == index.get("description"):
        index.pop("counterparty", None)
    return _Columns(index)


def _day_first(cells: list[str]) -> bool:
    """Whether numeric dates put the day first: yes unless one cannot (13/.. vs ../13)."""
    firsts, seconds = [], []
    for cell in cells:
        match = _NUMERIC_DATE.match(cell)
        if match:
            firsts.append(int(match.group(1)))
            seconds.append(int(match.group(2)))
    return not (firsts and max(firsts) <= 12 and seconds and max(seconds) > 12)


def _date(text: str, day_first: bool, row: int) -> datetime:
    text = text.strip()
    if not day_first:
        text = _NUMERIC_DATE.sub(lambda m: f"{m.group(2)}/{m.group(1)}/{m.group(3)}", text)
    for fmt in DATE_FORMATS:
        try:
            return datetime.combine(datetime.strptime(text, fmt).date(), time(), tzinfo=UTC)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StatementError.of("bad_date", row=row, value=repr(text)) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _amount(text: str, currency: str, row: int) -> int | None:
    """Minor units of a written amount ("£1,234.50", "(12.00)", "12.00 DR", "-3"); None if
    the cell is empty."""
    raw = text.strip()
    value = raw.replace(",", "").replace(" ", "")
    value = re.sub(r"[£$€]|GBP|EUR|USD", "", value, flags=re.I)
    if not value:
        return None
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]
    upper = value.upper()
    if upper.endswith(("DR", "CR")):
        negative, value = upper.endswith("DR"), value[:-2]
    if value.endswith("-"):
        negative, value = True, value[:-1]
    if value[:1] in "+-" and value:
        negative, value = negative ^ (value[0] == "-"), value[1:]
    if not _PLAIN_AMOUNT.match(value):
        raise StatementError.of("bad_amount", row=row, value=repr(raw))
    try:
        minor = Decimal(value).scaleb(currency_exponent(currency))
    except (InvalidOperation, ValueError):
        raise StatementError.of("bad_amount", row=row, value=repr(raw)) from None
    if minor != minor.to_integral_value():
        raise StatementError.of("bad_amount", row=row, value=repr(raw))
    return -int(minor) if negative else int(minor)


def _kind(type_text: str, amount: int) -> str:
    text = type_text.strip()
    if text.upper() in PROPRIETARY_KINDS:
        return PROPRIETARY_KINDS[text.upper()]
    for words, kind in TYPE_WORDS.items():
        if words in text.lower():
            return kind
    if "transfer" in text.lower() or "faster payment" in text.lower():
        return "bank_transfer_in" if amount >= 0 else "bank_transfer_out"
    return ""


def read_csv(data: bytes, account_name: str = "", currency: str = "GBP",
             account_kind: str = "current") -> list[AccountData]:
    """The file's accounts (one, or one per account-number column value) with their
    transactions and last balance; StatementError naming the first bad row, if any."""
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    columns, rows = None, []
    try:
        for line in reader:
            if columns is None:
                if reader.line_num > MAX_PREAMBLE:
                    break
                columns = _columns(line)
                continue
            if any(cell.strip() for cell in line):
                rows.append((reader.line_num, line))
    except csv.Error as exc:
        raise StatementError.of("unknown_format") from exc
    if columns is None:
        raise StatementError.of("no_columns")
    return _accounts(columns, rows, account_name, currency, account_kind)


def _accounts(columns: _Columns, rows: list[tuple[int, list[str]]], account_name: str,
              currency: str, account_kind: str) -> list[AccountData]:
    day_first = _day_first([columns.cell(r, "date") for _, r in rows])
    by_account: dict[str, list] = defaultdict(list)
    for line, row in rows:
        cur = (columns.cell(row, "currency") or currency).upper()
        try:
            currency_exponent(cur)
        except ValueError:
            raise StatementError.of("bad_currency", value=cur) from None
        amount = _amount(columns.cell(row, "amount"), cur, line)
        if "amount" not in columns.index:
            credit = _amount(columns.cell(row, "credit"), cur, line)
            debit = _amount(columns.cell(row, "debit"), cur, line)
            amount = None if credit is None and debit is None else (
                abs(credit or 0) - abs(debit or 0))
        date_text = columns.cell(row, "date")
        if not date_text and amount is None:
            continue  # a footer or a note, not a transaction
        if amount is None:
            raise StatementError.of("bad_amount", row=line, value="''")
        booked = _date(date_text, day_first, line)
        balance = _amount(columns.cell(row, "balance"), cur, line)
        by_account[columns.cell(row, "account")].append(
            (booked, amount, cur, row, balance))
    if not by_account:
        raise StatementError.of("empty_statement")
    return [_account(key, items, columns, account_name, account_kind)
            for key, items in by_account.items()]


def _account(key: str, items: list, columns: _Columns, account_name: str,
             account_kind: str) -> AccountData:
    # No full account number is kept: a hash of it (or of the name given) is the account.
    label = key or account_name or "statement"
    remote_id = "csv:" + hashlib.sha256(label.encode()).hexdigest()[:24]
    currency = Counter(cur for _, _, cur, _, _ in items).most_common(1)[0][0]
    digits = "".join(c for c in key if c.isalnum())
    account = RemoteAccount(remote_id, currency, account_kind, (account_name or key)[:120],
                            digits[-4:])
    seen: Counter = Counter()
    transactions = []
    for booked, amount, cur, row, _ in items:
        description = columns.cell(row, "description")
        identity = (booked.date().isoformat(), amount, cur, description)
        seen[identity] += 1
        own_id = columns.cell(row, "id")
        transactions.append(RemoteTransaction(
            remote_id, f"id:{own_id}" if own_id else row_id(*identity, seen[identity]),
            booked, amount, cur, description,
            columns.cell(row, "counterparty"), _kind(columns.cell(row, "type"), amount)))
    return AccountData(account, _last_balance(remote_id, currency, items), tuple(transactions))


def _last_balance(remote_id: str, currency: str, items: list) -> RemoteBalance | None:
    """The balance after the latest day's last row: the first of that day in a newest-first
    file, else the last (rows of one day keep the order the bank booked them in)."""
    with_balance = [(booked, balance) for booked, _, cur, _, balance in items
                    if balance is not None and cur == currency]
    if not with_balance:
        return None
    newest_first = items[0][0] > items[-1][0]
    latest_day = max(booked.date() for booked, _ in with_balance)
    on_latest = [item for item in with_balance if item[0].date() == latest_day]
    booked, balance = on_latest[0] if newest_first else on_latest[-1]
    return RemoteBalance(remote_id, balance, currency, "ClosingBooked", booked)
