"""A request spoken before the card: after the PIN the card holder confirms or cancels it.

The spoken "yes" before the card came from whoever stood at the kiosk, who may not be the
person whose card goes in next. So a held request only prefills a question naming the
amount and the card holder's account; only their Confirm (a touch, or a spoken yes after
pressing Speak) runs it, and Cancel returns to the menu with nothing done.
"""

from __future__ import annotations

import logging

from kiosk.actions import ActionRecord, ActionStatus
from kiosk.flows.voice import derived_record, panel_for, voice_answer
from kiosk.screen import Screen
from kiosk.station import CardHolder, Station
from shared.i18n.text import N_, Text
from shared.money.format import Amount
from shared.speech.commands import IntentKind

log = logging.getLogger(__name__)


def _account(station: Station, holder: CardHolder, action: dict) -> dict | None:
    """The account the request would use (the card's own unless it named one)."""
    account_id = action.get("account_id") or holder.card.account_id
    for account in station.showing("accounts") or []:
        if account["id"] == account_id and holder.owns(account_id):
            return account
    return None


def question(action: dict, account: dict | None, currency: str) -> str:
    """Ask the card holder about a held request in plain words, naming amount and account."""
    label = (f"{account['name']} {account['number']}" if account
             else Text("your account"))
    kind = action["action"]
    if kind == "withdraw":
        return Text("Withdraw %(amount)s from %(account)s?", account=label,
                    amount=Amount(int(action["amount_minor"]), currency))
    if kind == "balance":
        return Text("Show the balance of %(account)s?", account=label)
    if kind == "deposit":
        return Text("Deposit cash into %(account)s?", account=label)
    return f"{kind.capitalize()}?"


CANCELLED = N_("Cancelled: nothing was done. What would you like to do?")


def _confirmed(station: Station, action: dict, account: dict | None) -> ActionRecord:
    """The request as confirmed: on exactly the account the question named."""
    log.info("kiosk %s: a held voice request was confirmed after the PIN", station.kiosk.code)
    return derived_record({**action, "account_id": account["id"]} if account else action)


def confirm_held(station: Station, holder: CardHolder, action: dict) -> ActionRecord | None:
    """Ask the card holder to confirm a held request; return what to run next (None: menu)."""
    panel = panel_for(action)
    if panel is not None:  # the touch panel is itself the choice: nothing runs from voice
        station.show(Screen.MENU, N_("You asked by voice before inserting your card. Please "
                                      "choose on the screen."), open_panel=panel)
        return None
    account = _account(station, holder, action)
    ask = question(action, account, station.currency)
    request = {"action": action["action"], "amount_minor": action.get("amount_minor"),
               "account": account, "question": ask}
    station.show(Screen.CONFIRM_REQUEST, N_("You asked by voice before inserting your card. "
                                             "Please confirm or cancel."), request=request)
    while not station.stopping:
        choice = station.next_action(station.timeouts.inactivity_timeout_s)
        if choice is None:
            return None  # the menu's own wait ends the visit on the same timeout
        kind = choice.action["action"]
        if kind == "confirm_request":
            choice.finish(ActionStatus.DONE, confirmed=True)
            return _confirmed(station, action, account)
        if kind == "voice":  # a spoken yes or no, heard only after this press
            answer = voice_answer(station, choice, ask)
            if answer is not None and answer.confirmed:
                return _confirmed(station, action, account)
            if answer is not None and answer.intent.kind in (IntentKind.NO, IntentKind.CANCEL):
                station.show(Screen.MENU, CANCELLED)
                return None
            said = choice.outcome.get("message") or choice.outcome.get("error") or ""
            station.show(Screen.CONFIRM_REQUEST, f"{said} Please press Confirm or Cancel.".strip(),
                       request=request)
            continue
        if kind in ("cancel_request", "cancel"):
            choice.finish(ActionStatus.DONE, confirmed=False)
            log.info("kiosk %s: a held voice request was cancelled by the card holder",
                     station.kiosk.code)
            station.show(Screen.MENU, CANCELLED)
            return None
        if kind == "voice_stop":
            choice.finish(ActionStatus.DONE)
            continue
        # Any other press is a new choice: the held request is dropped, the menu runs it.
        return choice
    return None
