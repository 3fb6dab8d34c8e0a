"""The spoken-command dialogue: hear a command, read an amount back, wait for yes or no.

It only decides what the customer asked for; the transaction flow still asks for card
and PIN before any money moves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.voice.listener import VoiceListener
from shared.biometrics.voice.commands import Intent, IntentKind
from shared.biometrics.voice.stt import commands_grammar

Say = Callable[[str], None]  # the kiosk's speech or on-screen prompt


@dataclass(frozen=True)
class Request:
    """A confirmed request for the transaction flow, or a fallback to touch or a counter."""

    intent: Intent
    confirmed: bool
    fallback: str = ""  # "", "touch" (voice failed) or "counter" (talk to someone)


def format_amount(minor: int) -> str:
    """Read an amount in pence back as words the customer can check."""
    pounds, pence = divmod(minor, 100)
    return f"{pounds} pounds" + (f" and {pence} pence" if pence else "")


def ask_for_command(listener: VoiceListener, say: Say, attempts: int = 2) -> Request:
    """Run one command turn; anything unclear twice falls back to the touch screen."""
    grammar = commands_grammar(listener.stt.language)
    for _ in range(attempts):
        heard = listener.listen(grammar)
        intent = heard.intent
        if intent.kind == IntentKind.TALK_TO_SOMEONE:
            return Request(intent, True, "counter")
        if intent.kind == IntentKind.REPEAT:
            continue
        if intent.kind == IntentKind.WITHDRAW and intent.amount_minor:
            say(f"Withdraw {format_amount(intent.amount_minor)}. Say yes or no.")
            answer = listener.listen(grammar).intent.kind
            if answer == IntentKind.YES:
                return Request(intent, True)
            if answer == IntentKind.NO:
                say("Cancelled. What would you like to do?")
                continue
            return Request(intent, False, "touch")
        if intent.kind not in (IntentKind.UNKNOWN, IntentKind.DIGITS):
            return Request(intent, True)
        say("Sorry, I did not catch that.")
    return Request(Intent(IntentKind.UNKNOWN), False, "touch")
