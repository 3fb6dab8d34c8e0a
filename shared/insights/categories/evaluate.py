"""Scoring categories against labels: the metrics, and the labelled CSV files they come from.

The file format is the issue's: a header with `description,amount,category` (other columns
are ignored), amounts signed in major units with money out negative ("-12.50", "£1,234.56"
and "(12.50)" are read too), categories from shared.insights.taxonomy. A file with any bad
row is refused as a whole, naming the rows, so a score is never silently of a part.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Final

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, recall_score

from shared.insights.taxonomy import KEYS

COLUMNS: Final = ("description", "amount", "category")
SHOWN_ROWS: Final = 10
_CURRENCY: Final = re.compile(r"^[£$€]|^(?:GBP|USD|EUR|AUD|CAD|NZD|SGD|CHF)|"
                              r"(?:GBP|USD|EUR|AUD|CAD|NZD|SGD|CHF)$|[£$€]$")
_GROUPED: Final = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")  # 1234.5, 1,234.56
_DECIMAL_COMMA: Final = re.compile(r"^(?:\d+|\d{1,3}(?:\.\d{3})+),\d{1,2}$")  # 12,50 1.234,56


@dataclass(frozen=True, slots=True)
class LabelledRow:
    description: str
    amount_minor: int
    category: str


class LabelledFileError(ValueError):
    """The labelled file cannot be scored; the message says which rows and why."""


def parse_amount(text: str) -> int:
    """Signed minor units from a statement amount.

    Read: "-12.50", "+3", "£1,234.56", "-£4.20", "(3.20)" (negative), "12.50 DR" (negative),
    "12.50 CR", "EUR 5.00", and a decimal comma ("-12,50", "1.234,56"). More than two
    decimals are rounded half up.
    """
    value = text.strip().replace(" ", "").upper()
    negative = value.startswith("(") and value.endswith(")")
    value = value.strip("()")
    if value.endswith(("DR", "CR")):
        negative = negative or value.endswith("DR")
        value = value[:-2]
    if value.startswith(("-", "+")):
        negative = negative or value[0] == "-"
        value = value[1:]
    value, symbols = _CURRENCY.subn("", value)
    if symbols and value.startswith("-"):  # "£-4.20"
        negative, value = True, value[1:]
    if _DECIMAL_COMMA.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif not _GROUPED.match(value):
        raise ValueError(f"not an amount: {text!r}")
    try:
        amount = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None
    minor = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -minor if negative else minor


def read_labelled(source: Path | str) -> list[LabelledRow]:
    """Read a labelled file (a path, or the text itself); refuse it with every bad row named."""
    text = _read_text(source) if isinstance(source, Path) else source
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise LabelledFileError(f"missing column(s) {', '.join(missing)}: the header must name "
                                f"{', '.join(COLUMNS)}")
    reader.fieldnames = header
    rows: list[LabelledRow] = []
    problems: list[str] = []
    for line, record in enumerate(reader, start=2):  # line 1 is the header
        description = (record.get("description") or "").strip()
        category = _category_key(record.get("category") or "")
        amount_text = record.get("amount") or ""
        found = []
        if not description:
            found.append("empty description")
        try:
            amount = parse_amount(amount_text)
        except ValueError as exc:
            found.append(str(exc))
        if category not in KEYS:
            found.append(f"unknown category {category!r}")
        if found:
            problems.append(f"row {line}: {'; '.join(found)}")
        else:
            rows.append(LabelledRow(description, amount, category))
    if problems:
        shown = "\n  ".join(problems[:SHOWN_ROWS])
        more = len(problems) - SHOWN_ROWS
        raise LabelledFileError(
            f"{len(problems)} bad row(s) (categories are {', '.join(KEYS)}):\n  " + shown
            + (f"\n  ... and {more} more" if more > 0 else ""))
    if not rows:
        raise LabelledFileError("no rows to score")
    return rows


def _read_text(path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as spreadsheets save."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _category_key(text: str) -> str:
    """A category as people type it ("Eating out", "eating-out") as its taxonomy key."""
    return re.sub(r"[\s\-/]+", "_", text.strip().lower())


def scores(truth: Sequence[str], predicted: Sequence[str]) -> dict:
    """rows, accuracy, macro_f1 (over the categories present in the labels) and per-category
    recall of the labels' categories (a category never labelled has no recall)."""
    present = sorted(set(truth), key=KEYS.index)
    recall = recall_score(truth, predicted, labels=present, average=None, zero_division=0)
    return {
        "rows": len(truth),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, labels=present, average="macro",
                                         zero_division=0)), 4),
        "recall": {c: round(float(r), 4) for c, r in zip(present, recall, strict=True)},
    }


def confusion(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, int]]:
    """For each labelled category, how many went to which predicted category (non-zero)."""
    matrix = confusion_matrix(truth, predicted, labels=list(KEYS))
    return {KEYS[i]: {KEYS[j]: int(n) for j, n in enumerate(row) if n}
            for i, row in enumerate(matrix) if row.sum()}
