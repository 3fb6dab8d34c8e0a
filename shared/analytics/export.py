"""The dashboard's tables as CSV: every table the manager's page shows, by a stable name.

One table is a plain CSV (a header row, then rows). All of them together are sections:
the table's name alone on a row, its header and rows, and an empty row between sections.
Cells hold numbers as the API gives them (seconds, shares from 0 to 1), empty for none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

Table = tuple[list[str], list[list[object]]]


def _figures(data: dict, names: tuple[str, ...]) -> Table:
    return ["figure", "value"], [[name, data.get(name)] for name in names]


def summary_table(d: dict) -> Table:
    previous, change = d["previous"], d.get("change", {})
    return (["figure", "current", "previous", "change"],
            [[name, value, previous.get(name), change.get(name)]
             for name, value in d["summary"].items()])


def footfall_table(d: dict) -> Table:
    return (["period", "entries", "exits"],
            [[row["period"], row["entries"], row["exits"]] for row in d["footfall"]["series"]])


def funnel_table(d: dict) -> Table:
    return ["step", "count", "conversion"], [[s["step"], s["count"], s["conversion"]]
                                             for s in d["funnel"]]


QUEUE_COLUMNS = ["service", "taken", "called", "served", "no_show", "transferred",
                 "wait_p50_s", "wait_p90_s", "within_target_share"]


def queue_table(d: dict) -> Table:
    rows = [*d["queue"]["services"], d["queue"]["all"]]
    return QUEUE_COLUMNS, [[row[c] for c in QUEUE_COLUMNS] for row in rows]


def kiosk_table(d: dict) -> Table:
    k = d["kiosk"]
    return ["outcome", "sessions"], [*([o, n] for o, n in k["outcomes"].items()),
                                     ["all", k["sessions"]]]


def fallback_table(d: dict) -> Table:
    return ["reason", "sessions"], [[r, n] for r, n in d["kiosk"]["fallback_reasons"].items()]


def heatmap_table(d: dict) -> Table:
    h = d["heatmap"]
    return (["weekday", *(f"{hour:02d}" for hour in h["hours"])],
            [[day, *counts] for day, counts in zip(h["weekdays"], h["entries"], strict=True)])


COMPARISON_COLUMNS = ["footfall", "identified_share", "greet_p50_s",
                      "greeted_within_target_share", "door_wait_p50_s", "queue_wait_p50_s",
                      "queue_within_target_share", "kiosk_completion_rate", "served"]


def comparison_table(d: dict) -> Table:
    header = ["branch", "name", *COMPARISON_COLUMNS, "previous_footfall", "footfall_change"]
    rows = [[r["branch"], r["name"], *(r[c] for c in COMPARISON_COLUMNS),
             r["previous"]["footfall"], r["change"]["footfall"]]
            for r in d.get("comparison") or []]
    return header, rows


TABLES: dict[str, Callable[[dict], Table]] = {
    "summary": summary_table,
    "occupancy": lambda d: _figures(d["occupancy"], ("entries", "exits", "now",
                                                     "exits_counted")),
    "footfall": footfall_table,
    "funnel": funnel_table,
    "queue": queue_table,
    "kiosk": kiosk_table,
    "kiosk_fallbacks": fallback_table,
    "greet": lambda d: _figures(d["greet"], ("arrivals", "claimed", "greeted", "handed_over",
                                             "p50_s", "p90_s", "target_s",
                                             "within_target_share")),
    "door_wait": lambda d: _figures(d["door_wait"], ("count", "mean_s", "p50_s", "p90_s")),
    "identified": lambda d: _figures(d["identified"], ("footfall", "identified", "share",
                                                       "customers_seen", "consent_rate")),
    "dwell": lambda d: _figures(d["dwell"], ("tracks", "mean_s", "p50_s")),
    "heatmap": heatmap_table,
    "comparison": comparison_table,  # several branches only
}


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in the JSON
    # A text cell a spreadsheet would run as a formula is written as text (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(data: dict, table: str | None = None) -> str:
    """One table, or every table as sections (the comparison only for several branches)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [table] if table else [n for n in TABLES if n != "comparison"
                                   or data.get("comparison")]
    for index, name in enumerate(names):
        header, rows = TABLES[name](data)
        if table is None:
            if index:
                writer.writerow([])
            writer.writerow([name])
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()
