"""The words cases.js writes, in the page's language (placeholders in braces: {count})."""

from __future__ import annotations

from flask_babel import gettext as _

from staff_console.labels import labels


def cases_text() -> dict[str, str]:
    """Every sentence and label of the risk cases page's script, translated for this request."""
    return {
        **_case_text(),
        **_evidence_text(),
        **labels("fraud_rule", "case_status"),
    }


def _case_text() -> dict[str, str]:
    """The live status, a case's facts and the closing."""
    return {
        # the socket
        "live": _("live"),
        "reconnecting": _("reconnecting…"),
        "offline": _("offline"),
        # a case
        "opened": _("Opened"),
        "kiosk": _("Kiosk"),
        "customer": _("Customer"),
        "staff_member": _("Staff member"),
        "amount": _("Amount"),
        "hits": _("Hits"),
        "step_up": _("Sent to the counter"),
        "yes": _("yes"),
        "no": _("no"),
        # the list
        "none_open": _("No open cases. New ones appear here as the rules find them."),
        "cases_failed": _("Could not load the cases: {reason}"),
        "closed_as": _("Case {id} closed as {status}."),
    }


def _evidence_text() -> dict[str, str]:
    """What made each rule fire, as a sentence ("evidence.<rule>"), figures in braces."""
    return {
        "evidence.velocity": _("{count} withdrawals or transfers within {minutes} minutes."),
        "evidence.unusual_amount": _(
            "{amount} to a payee never paid before; the largest payment of the last 90 days "
            "was {largest}."),
        "evidence.unusual_amount_first": _(
            "{amount} to a payee never paid before; no other payment in the last 90 days."),
        "evidence.just_under_limit": _(
            "{count} withdrawals between {from} and the limit of {limit} within {hours} hours."),
        "evidence.new_wallet_after_reissue": _(
            "A wallet was added within {days} days of a replacement card ({issued})."),
        "evidence.wrong_pins_across_cards": _(
            "Wrong PINs for {cards} different cards at this kiosk within {minutes} minutes."),
        "evidence.profile_viewed_without_visit": _(
            "The profile was opened by search with no visit, ticket or card use at the branch "
            "in the {hours} hours before."),
    }
