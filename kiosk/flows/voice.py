"""Voice at the kiosk: a spoken-command turn, and the spoken random-digit challenge.

A spoken command only chooses what to do: a withdrawal still runs the normal flow, which
needs card and PIN, and one asked for before the card also needs the card holder's
Confirm after the PIN (kiosk/flows/held.py). The challenge confirms a claimed identity
(card or face greeting) and greets; it never authorises money.
"""

from __future__ import annotations

import logging

from kiosk.agent import ActionRecord, ActionStatus, KioskAgent, Screen
from kiosk.voice.dialogue import Request, format_amount
from shared.audit import Actor
from shared.biometrics.consent import active_consent
from shared.biometrics.voice.challenge import ChallengeResult, issue_challenge, verify_challenge
from shared.models import Customer
from shared.models.enums import ActorType, Modality
from shared.speech.commands import IntentKind

log = logging.getLogger(__name__)

# Why a challenge failed, in the customer's words.
CHALLENGE_MESSAGES = {
    "wrong_digits": "The digits did not match the ones on the screen.",
    "voice_mismatch": "Your voice did not match our record.",
    "expired": "That took too long.",
    "not_enrolled": "We have no voice record for you; staff can set one up.",
    "too_quiet": "We could not hear you.",
    "too_short": "We could not hear you.",
    "no_speech": "We could not make out any speech.",
    "clipped": "The sound was distorted.",
    "model_missing": "Voice checks are not available right now.",
}


def _say(agent: KioskAgent, mode: str, **extra):
    def say(text: str) -> None:
        agent.show(Screen.VOICE, text, voice={"mode": mode, "prompt": text, **extra})
    return say


def voice_command(agent: KioskAgent, record: ActionRecord) -> Request | None:
    """Run one spoken-command turn on the screen; finish `record` with what was heard."""
    if agent.voice is None:
        record.finish(ActionStatus.REFUSED, error="this kiosk has no microphone")
        return None
    agent.voice_stop.clear()
    request = agent.voice.command_turn(_say(agent, "command"), stop=agent.voice_stop)
    agent.voice_stop.clear()
    log.info("kiosk %s voice: heard %s -> %s %s", agent.kiosk.code, list(request.heard),
             request.intent.kind, request.fallback or "confirmed")
    record.finish(ActionStatus.DONE, heard=list(request.heard), intent=str(request.intent.kind),
                  amount_minor=request.intent.amount_minor, confirmed=request.confirmed,
                  fallback=request.fallback, problem=request.problem,
                  message=request.message)
    return request


def voice_answer(agent: KioskAgent, record: ActionRecord, question: str) -> Request | None:
    """Hear the card holder's yes or no to `question`; finish `record` with what was heard."""
    if agent.voice is None:
        record.finish(ActionStatus.REFUSED, error="this kiosk has no microphone")
        return None
    agent.voice_stop.clear()
    answer = agent.voice.answer_turn(_say(agent, "answer"), f"{question} Say yes or no.",
                                     stop=agent.voice_stop)
    agent.voice_stop.clear()
    log.info("kiosk %s voice answer: heard %s -> %s", agent.kiosk.code, list(answer.heard),
             answer.intent.kind)
    record.finish(ActionStatus.DONE, heard=list(answer.heard), intent=str(answer.intent.kind),
                  confirmed=answer.confirmed, problem=answer.problem, message=answer.message)
    return answer


def requested_action(request: Request, record: ActionRecord) -> dict | None:
    """Turn a confirmed spoken request into the touch action it stands for (or None)."""
    intent = request.intent
    base = {"idempotency_key": f"{record.key}:voice", "via": "voice",
            "heard": "; ".join(request.heard)[:200]}
    if record.action.get("receipt"):
        base["receipt"] = True
    if request.fallback == "counter":
        return {**base, "action": "talk", "service": "other"}
    if not request.confirmed:
        return None
    if intent.kind == IntentKind.WITHDRAW:
        amount = {"amount_minor": intent.amount_minor} if intent.amount_minor else {}
        return {**base, "action": "withdraw", **amount}
    if intent.kind in (IntentKind.BALANCE, IntentKind.DEPOSIT, IntentKind.TRANSFER):
        return {**base, "action": str(intent.kind)}
    return None


def panel_for(action: dict) -> str | None:
    """A request the touch screen must finish (amount or accounts still to choose)."""
    if action["action"] == "transfer":
        return "transfer"
    if action["action"] == "withdraw" and not action.get("amount_minor"):
        return "withdraw"
    return None


def describe(action: dict, language: str = "en") -> str:
    """Say what a held request will do, for the idle and PIN screens."""
    kind = action["action"]
    if kind == "withdraw" and action.get("amount_minor"):
        return f"Withdraw {format_amount(action['amount_minor'], language)}"
    return {"withdraw": "Withdraw cash", "balance": "Your balance", "deposit": "Deposit cash",
            "transfer": "Transfer"}.get(kind, kind)


def voice_context(action: dict) -> dict:
    """What a counter ticket records about a spoken request."""
    if action.get("via") != "voice":
        return {}
    return {"channel": "voice", "heard": action.get("heard", "")}


def derived_record(action: dict) -> ActionRecord:
    """The record a spoken request runs as (its ledger key derives from the Speak press)."""
    record = ActionRecord(action["idempotency_key"], action)
    record.status = ActionStatus.RUNNING
    return record


def _enrolled_name(agent: KioskAgent, customer_id: int) -> tuple[str, bool] | None:
    def read(session):
        customer = session.get(Customer, customer_id)
        if customer is None:
            return None
        return customer.given_name, active_consent(session, customer_id,
                                                   Modality.VOICE) is not None
    return agent.unit_of_work(read)


def voice_check(agent: KioskAgent, record: ActionRecord,
                customer_id: int | None) -> ChallengeResult | None:
    """Show fresh random digits for the claimed customer, hear them, check words and voice."""
    if agent.voice is None:
        record.finish(ActionStatus.REFUSED, error="this kiosk has no microphone")
        return None
    found = _enrolled_name(agent, customer_id) if customer_id else None
    if found is None:
        record.finish(ActionStatus.REFUSED, error="insert your card or press Recognise me "
                      "first, so we know who you are")
        return None
    name, consented = found
    if not consented:
        record.finish(ActionStatus.DONE, passed=False, reason="not_enrolled",
                      message=CHALLENGE_MESSAGES["not_enrolled"])
        return ChallengeResult(False, "not_enrolled")
    voice = agent.settings.voice
    challenge = agent.unit_of_work(lambda s: issue_challenge(
        s, customer_id, digits=voice.challenge_digits, seconds=voice.challenge_seconds,
        device_id=agent.kiosk.device_id))
    spaced = " ".join(challenge.digits)
    agent.voice_stop.clear()
    _say(agent, "challenge", digits=challenge.digits,
         seconds=voice.challenge_seconds)(f"Please say these digits: {spaced}")
    heard = agent.voice.hear_digits(len(challenge.digits), stop=agent.voice_stop,
                                    max_seconds=min(agent.voice.max_seconds,
                                                    voice.challenge_seconds))
    agent.voice_stop.clear()
    actor = Actor(ActorType.DEVICE, agent.kiosk.device_id)
    try:
        checkers = agent.voice.checkers()
    except Exception as exc:  # a missing speaker or speech model: the kiosk stays on touch
        log.warning("kiosk %s: voice check unavailable: %s", agent.kiosk.code, exc)
        result = ChallengeResult(False, "model_missing")
    else:
        # Verified even when nothing was heard: the challenge is used up and audited.
        result = agent.unit_of_work(lambda s: verify_challenge(
            s, challenge.id, heard.audio, checkers, actor=actor))
    if result.passed:
        agent.greet(customer_id, name)
        message = f"Thank you, {name}: your voice is confirmed."
    else:
        message = (CHALLENGE_MESSAGES.get(result.reason.split(":")[0], "We could not confirm "
                   "your voice.") + " Please carry on with the touch screen.")
    log.info("kiosk %s voice check for customer %s: %s", agent.kiosk.code, customer_id,
             result.reason)
    record.finish(ActionStatus.DONE, passed=result.passed, reason=result.reason,
                  challenge_id=challenge.id, message=message)
    return result
