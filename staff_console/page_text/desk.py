"""The words desk.js writes, in the page's language (placeholders in braces: {counter})."""

from __future__ import annotations

from flask_babel import gettext as _

from staff_console.labels import labels


def desk_text() -> dict[str, str]:
    """Every sentence and label of the teller desk's script, translated for this request."""
    return {
        **_queue_text(),
        **_reconciliation_text(),
        **labels("service", "ticket_status", "ticket_reason", "cash_kind", "cash_finding",
                 "device_status"),
    }


def _queue_text() -> dict[str, str]:
    """The live status, the queue's tickets and the counter's actions."""
    return {
        # the socket
        "live": _("live"),
        "reconnecting": _("reconnecting…"),
        "offline": _("offline"),
        # tickets
        "next": _("next"),
        "about_minutes": _("~{minutes} min"),
        "no_estimate": _("none"),
        "service_reason": _("{service} · {reason}"),
        "for_counter": _("for counter {counter}"),
        "at_counter": _("counter {counter}"),
        "counter_status": _("counter {counter} · {status}"),
        "kiosk": _("Kiosk"),
        # lists
        "none_mine": _("No ticket at your counter. Press “Call next”."),
        "none_waiting": _("No one is waiting."),
        "none_elsewhere": _("No other counter is serving."),
        "queue_failed": _("Could not load the queue: {reason}"),
        # actions
        "counter_first": _("Type your counter number first."),
        "called": _("Called {number} to counter {counter}."),
        "transfer_where": _("Choose a service or type a counter to transfer to."),
    }


def _reconciliation_text() -> dict[str, str]:
    """The suspect cash sessions a teller reconciles."""
    return {
        "none_suspect": _("No kiosk cash needs reconciling."),
        "suspects_failed": _("Could not load reconciliation: {reason}"),
        "suspect_title": _("{kind} {amount} · {kiosk}"),
        "kiosk_status": _("kiosk {status}"),
        "suspect_reason": _("{reason} · account ending {ending}"),
        "planned_notes": _("Planned notes"),
        "notes": _("{count} × {note}"),
        "count_of": _("{note} ×"),
        "amount_if_part": _("Amount, if only part ({symbol})"),
        "choose_finding": _("Choose what happened to the cash."),
    }
