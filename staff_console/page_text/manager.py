"""The words manager.js and manager_charts.js write, in the page's language ({name} placeholders).

The dashboard's rows are named by identifiers in the metrics (a funnel step, a kiosk outcome,
a figure, a service, a fallback reason); the page shows these labels for them, keys
"<vocabulary>.<identifier>". An identifier without a label reads as itself, spaces for
underscores.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from staff_console.labels import labels

# The journey from the door to an offer (shared.analytics.metrics: the funnel's steps).
STEPS = {
    "footfall": _l("Came in"),
    "identified": _l("Identified"),
    "greeted": _l("Greeted"),
    "served": _l("Served"),
    "offer_discussed": _l("Offer discussed"),
    "offer_accepted": _l("Offer accepted"),
}

# How kiosk sessions ended (shared.analytics.kinds.KioskOutcome), and all of them.
KIOSK_OUTCOMES = {
    "completed": _l("Completed"),
    "fallback": _l("Sent to the counter"),
    "abandoned": _l("Abandoned"),
    "device_fault": _l("Device fault"),
    "all": _l("All"),
}

# The figures of the summary, greeting and door-wait tables.
FIGURES = {
    "footfall": _l("Footfall"),
    "identified_share": _l("Identified"),
    "greet_p50_s": _l("Greeted in (median)"),
    "greeted_within_target_share": _l("Greeted within target"),
    "door_wait_p50_s": _l("Wait from the door (median)"),
    "queue_wait_p50_s": _l("Queue wait (median)"),
    "queue_within_target_share": _l("Called within target"),
    "kiosk_completion_rate": _l("Kiosk completion"),
    "served": _l("Served"),
    "arrivals": _l("Identified arrivals"),
    "claimed": _l("Claimed"),
    "greeted": _l("Greeted"),
    "handed_over": _l("Handed over"),
    "p50_s": _l("Median"),
    "p90_s": _l("90th percentile"),
    "target_s": _l("Target"),
    "within_target_share": _l("Within target"),
    "count": _l("Customers"),
    "mean_s": _l("Mean"),
}

# A kiosk session sent to the counter for a device fault names the device (kiosk/turn.py).
FAULTY_DEVICES = {
    "card_reader": _l("card reader"),
    "pin_pad": _l("PIN pad"),
    "cash_dispenser": _l("cash dispenser"),
    "cash_acceptor": _l("cash acceptor"),
    "receipt_printer": _l("receipt printer"),
}


def manager_text() -> dict[str, str]:
    """Every sentence and label of the dashboard's scripts, translated for this request."""
    return {
        **_vocabulary("step", STEPS),
        **_vocabulary("kiosk_outcome", KIOSK_OUTCOMES),
        **_vocabulary("figure", FIGURES),
        **_vocabulary("device", FAULTY_DEVICES),
        **labels("service", "ticket_reason"),
        **_sentences(),
    }


def _vocabulary(name: str, words: dict) -> dict[str, str]:
    return {f"{name}.{key}": str(word) for key, word in words.items()}


def _sentences() -> dict[str, str]:
    """The live status, the changes, the range's heading and the charts' tooltips."""
    return {
        "live": _("live"),
        "reconnecting": _("reconnecting…"),
        "offline": _("offline"),
        "all_services": _("All services"),
        "points": _("{change} pts"),
        "week": _("{year}-W{week}"),
        "range_compared": _("{from} – {to} · Footfall {change} vs previous"),
        "range_not_compared": _("{from} – {to} · no comparison: figures begin on {first}"),
        "chart_value": _("{series}: {value}"),
        "heatmap_value": _("{weekday} {hour}: {count}"),
    }
