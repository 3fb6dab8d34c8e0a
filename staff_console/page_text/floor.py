"""The words floor.js writes, in the page's language.

Placeholders in braces ({name}) are filled in by the script. Values shown as labels (how a
visit began, a customer's tier, what they made of an offer) reach the script as
"<vocabulary>.<value>" keys (staff_console/labels.py).
"""

from __future__ import annotations

from flask_babel import gettext as _

from staff_console.labels import labels


def floor_text() -> dict[str, str]:
    """Every sentence and label of the floor's script, translated for this request."""
    return {
        **_feed_text(),
        **_card_text(),
        **labels("visit_source", "tier", "offer", "service", "ticket_reason", "ticket_status"),
    }


def _feed_text() -> dict[str, str]:
    """The live status and the live feed's lines, one per event."""
    return {
        # the socket
        "live": _("live"),
        "reconnecting": _("reconnecting…"),
        "offline": _("offline"),
        # the feed
        "arrived": _("{name} arrived ({source})"),
        "claimed": _("{staff} is greeting customer #{customer}"),
        "greeted": _("{staff} greeted customer #{customer}"),
        "escalated": _("{name} has waited {minutes} min unclaimed"),
        "left": _("Customer #{customer} left"),
        "ticket_created": _("Ticket {number} for {service} ({reason})"),
        "ticket_called": _("Ticket {number} called to counter {counter}"),
        "ticket_updated": _("Ticket {number} {status}"),
        "ticket_updated_at": _("Ticket {number} {status} at counter {counter}"),
        "device_unavailable": _("{device} unavailable: {detail}"),
        "device_available": _("{device} back in service"),
        # the counter queue
        "service_reason": _("{service} · {reason}"),
    }


def _card_text() -> dict[str, str]:
    """An arrival card: who the customer is, what we know, who is greeting them."""
    return {
        "tier": _("{tier} tier"),
        "likes_to_be_called": _("likes to be called {name}"),
        "speaks": _("speaks {language}"),
        "accessibility": _("Accessibility: {needs}"),
        "drink": _("Drink"),
        "contact": _("Contact"),
        "interests": _("Interests"),
        "holds": _("Holds"),
        "last_visit": _("Last visit"),
        "last_visit_purpose": _("{date} · {purpose}"),
        "no_purpose": _("no purpose noted"),
        "last_notes": _("Last notes"),
        "open_requests": _("Open requests"),
        "choose_colleague": _("choose a colleague"),
        # the claim
        "unclaimed": _("unclaimed"),
        "you_are_greeting": _("you are greeting"),
        "claimed_by": _("claimed by {name}"),
        "greeted_by": _("greeted by {name}"),
        # problems
        "no_answer": _("No answer from the server; check the connection and try again."),
        "card_failed": _("Could not load the arrival card: {reason}"),
        "arrivals_failed": _("Could not load arrivals: {reason}"),
    }
