"""The spoken-command dialogue: hear a command, read an amount back, wait for yes or no.

It only decides what the customer asked for; the transaction flow still asks for card
and PIN before any money moves. Anything unclear twice, silence, a broken microphone or
a missing speech model ends the turn with a message and the touch screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.money_text import SpokenAmount
from kiosk.voice.listener import Heard, VoiceListener
from shared.i18n.text import N_, Text
from shared.speech.commands import Intent, IntentKind
from shared.speech.stt import commands_grammar

Say = Callable[[str], None]  # the kiosk's on-screen (and spoken) prompt

PROMPT = N_("What would you like to do? Say balance, withdraw and an amount, deposit, "
            "transfer, or talk to someone.")
# Each reason a voice turn ends on the touch screen, in the customer's words.
PROBLEMS = {
    "too_quiet": Text("I could not hear you (the sound was too quiet)."),
    "too_short": Text("I could not hear you."),
    "no_speech": Text("I could not make out any speech (it was silent or too noisy)."),
    "clipped": Text("The sound was distorted (too loud or too close to the microphone)."),
    "microphone": Text("The microphone is not working."),
    "recogniser": Text("Voice commands are not available right now."),
    "unclear": Text("Sorry, I did not understand."),
    "cancelled": Text("Voice cancelled."),
    "stopped": Text("Voice stopped."),
}
MAX_TURNS = 6  # help and repeat listen again, but a voice turn always ends


@dataclass(frozen=True)
class Request:
    """A confirmed request for the transaction flow, or a fallback to touch or a counter."""

    intent: Intent
    confirmed: bool
    fallback: str = ""  # "", "touch" (voice did not work or was cancelled) or "counter"
    problem: str = ""  # a key of PROBLEMS when fallback is "touch"
    detail: str = ""  # the microphone's or recogniser's own words
    heard: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """What the screen says when the turn ends on touch."""
        if not self.problem:
            return ""
        text = PROBLEMS.get(self.problem, Text("Voice did not work."))
        if self.problem in ("microphone", "recogniser") and self.detail:
            text = Text("%(problem)s (%(detail)s)", problem=text, detail=self.detail)
        if self.problem in ("cancelled", "stopped"):
            return Text("%(problem)s Please use the touch screen.", problem=text)
        return Text("%(problem)s Please use the touch screen, or press Speak to try again.",
                    problem=text)


def help_prompt(example: str) -> str:
    """What "help" answers; `example` is a withdrawal in the kiosk's currency, in words."""
    return Text("You can say: balance; withdraw and an amount, such as %(example)s; deposit; "
                "transfer; talk to someone; repeat; or cancel. When I read something back, "
                "say yes or no.", example=example)


def confirm_question(intent: Intent, currency: str) -> str:
    """Read a spoken amount back in the kiosk's currency, for a yes or a no."""
    return Text("Withdraw %(amount)s? Say yes or no.",
                amount=SpokenAmount(intent.amount_minor or 0, currency))


def _failed(heard: Heard, said: list[str], intent: Intent | None = None) -> Request:
    return Request(intent or Intent(IntentKind.UNKNOWN), False, "touch", heard.problem,
                   heard.detail, tuple(said))


def hear_yes_or_no(listener: VoiceListener, say: Say, question: str, said: list[str],
                   stop: threading.Event | None = None) -> tuple[str, Heard | None]:
    """Ask `question` (twice at most): "yes", "no", "cancel", "unclear" or a listening problem."""
    grammar = commands_grammar(listener.stt.language)
    say(question)
    for _ in range(2):
        heard = listener.listen(grammar, stop=stop)
        if heard.problem:
            return heard.problem, heard
        said.append(heard.text)
        answer = heard.intent.kind
        if answer in (IntentKind.YES, IntentKind.NO, IntentKind.CANCEL):
            return str(answer), heard
        say(question if answer in (IntentKind.REPEAT, IntentKind.HELP) else
            Text("Sorry, please say yes or no. %(question)s", question=question))
    return "unclear", None


def _confirm(listener: VoiceListener, say: Say, intent: Intent, said: list[str],
             stop: threading.Event | None, currency: str) -> Request | None:
    """Ask yes or no about a spoken amount; None when the customer says no."""
    question = confirm_question(intent, currency)
    answer, heard = hear_yes_or_no(listener, say, question, said, stop)
    if answer == "yes":
        return Request(intent, True, heard=tuple(said))
    if answer == "no":
        return None
    if answer in ("cancel", "unclear"):
        problem = "cancelled" if answer == "cancel" else "unclear"
        return Request(intent, False, "touch", problem, heard=tuple(said))
    return _failed(heard, said, intent)


def ask_for_command(listener: VoiceListener, say: Say, attempts: int = 2,
                    stop: threading.Event | None = None, currency: str = "GBP",
                    example: str = "withdraw 50 pounds") -> Request:
    """Run one command turn; anything unclear `attempts` times falls back to the touch screen.

    A spoken amount is read back in `currency`, the kiosk's (settings.kiosk.currency);
    help gives `example` (money_text.withdrawal_example) as the withdrawal to say.
    """
    grammar = commands_grammar(listener.stt.language)
    prompt, unclear, said = PROMPT, 0, []
    say(prompt)
    for _ in range(MAX_TURNS):
        heard = listener.listen(grammar, stop=stop)
        if heard.problem:
            return _failed(heard, said)
        said.append(heard.text)
        intent = heard.intent
        if intent.kind == IntentKind.TALK_TO_SOMEONE:
            return Request(intent, True, "counter", heard=tuple(said))
        if intent.kind == IntentKind.CANCEL:
            return Request(intent, False, "touch", "cancelled", heard=tuple(said))
        if intent.kind == IntentKind.HELP:
            prompt = help_prompt(example)
        elif intent.kind == IntentKind.REPEAT:
            pass  # say the last prompt again
        elif intent.kind == IntentKind.WITHDRAW and intent.amount_minor:
            answer = _confirm(listener, say, intent, said, stop, currency)
            if answer is not None:
                return answer
            prompt = Text("Cancelled. %(prompt)s", prompt=Text(PROMPT))
        elif intent.kind in (IntentKind.BALANCE, IntentKind.DEPOSIT, IntentKind.TRANSFER,
                             IntentKind.WITHDRAW):
            return Request(intent, True, heard=tuple(said))
        else:
            unclear += 1
            if unclear >= attempts:
                break
            prompt = Text("Sorry, I did not catch that. %(prompt)s", prompt=Text(PROMPT))
        say(prompt)
    return Request(Intent(IntentKind.UNKNOWN), False, "touch", "unclear", heard=tuple(said))
