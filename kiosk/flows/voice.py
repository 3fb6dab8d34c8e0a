"""Voice at the kiosk: a spoken-command turn, and the spoken random-phrase challenge.

A spoken command only chooses what to do: a withdrawal still runs the normal flow, which
needs card and PIN, and one asked for before the card also needs the card holder's
Confirm after the PIN (kiosk/flows/held.py). The challenge confirms a claimed identity
(card or face greeting) and greets; it never authorises money.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from kiosk.actions import ActionRecord, ActionStatus
from kiosk.money_text import spoken_amount
from kiosk.screen import Screen
from kiosk.station import Station
from kiosk.voice.dialogue import Request
from shared.audit import Actor
from shared.audit import record as record_audit
from shared.biometrics.consent import active_consent
from shared.biometrics.voice.challenge import ChallengeResult, issue_challenge, verify_challenge
from shared.biometrics.voice.fusion import FusionModel, fuse_challenge
from shared.biometrics.voice.phrase import Phrase
from shared.i18n.text import N_, Text
from shared.models import Customer
from shared.models.enums import ActorType, Modality
from shared.speech.commands import IntentKind

log = logging.getLogger(__name__)

# Why a challenge failed, in the customer's words.
CHALLENGE_MESSAGES = {
    "wrong_digits": Text("The digits did not match the ones on the screen."),
    "wrong_phrase": Text("The words and digits did not match the ones on the screen."),
    "spliced": Text("That did not sound like one continuous answer."),
    "voice_mismatch": Text("Your voice did not match our record."),
    "expired": Text("That took too long."),
    "not_enrolled": Text("We have no voice record for you; staff can set one up."),
    "too_quiet": Text("We could not hear you."),
    "too_short": Text("We could not hear you."),
    "no_speech": Text("We could not make out any speech."),
    "clipped": Text("The sound was distorted."),
    "model_missing": Text("Voice checks are not available right now."),
    "voice_unsure": Text("We could not be sure it was you."),
}


def _say(station: Station, mode: str, **extra):
    def say(text: str) -> None:
        station.show(Screen.VOICE, text, voice={"mode": mode, "prompt": text, **extra})
    return say


def _can_listen(station: Station, record: ActionRecord) -> bool:
    """Refuse a spoken turn the kiosk cannot hear: no microphone, or not in this language."""
    if station.voice is None:
        record.finish(ActionStatus.REFUSED, error=N_("this kiosk has no microphone"))
    elif not station.listens:
        record.finish(ActionStatus.REFUSED, error=N_(
            "this kiosk does not listen in the screen's language; please use the touch screen"))
    return station.listens


def voice_command(station: Station, record: ActionRecord) -> Request | None:
    """Run one spoken-command turn on the screen; finish `record` with what was heard."""
    if not _can_listen(station, record):
        return None
    station.voice_stop.clear()
    request = station.voice.command_turn(_say(station, "command"), stop=station.voice_stop)
    station.voice_stop.clear()
    log.info("kiosk %s voice: heard %s -> %s %s", station.kiosk.code, list(request.heard),
             request.intent.kind, request.fallback or "confirmed")
    record.finish(ActionStatus.DONE, heard=list(request.heard), intent=str(request.intent.kind),
                  amount_minor=request.intent.amount_minor, confirmed=request.confirmed,
                  fallback=request.fallback, problem=request.problem,
                  message=request.message)
    return request


def voice_answer(station: Station, record: ActionRecord, question: str) -> Request | None:
    """Hear the card holder's yes or no to `question`; finish `record` with what was heard."""
    if not _can_listen(station, record):
        return None
    station.voice_stop.clear()
    answer = station.voice.answer_turn(_say(station, "answer"),
                                       Text("%(question)s Say yes or no.", question=question),
                                       stop=station.voice_stop)
    station.voice_stop.clear()
    log.info("kiosk %s voice answer: heard %s -> %s", station.kiosk.code, list(answer.heard),
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


def describe(action: dict, currency: str) -> str:
    """Say what a held request will do, for the idle and PIN screens."""
    kind = action["action"]
    if kind == "withdraw" and action.get("amount_minor"):
        # Said as it was heard ("50 pounds"): the spoken path's words (docs/LANGUAGES.md).
        return Text("Withdraw %(amount)s", amount=spoken_amount(action["amount_minor"], currency))
    return {"withdraw": Text("Withdraw cash"), "balance": Text("Your balance"),
            "deposit": Text("Deposit cash"), "transfer": Text("Transfer")}.get(kind, kind)


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


def _enrolled_name(session: Session, customer_id: int) -> tuple[str, bool] | None:
    """The customer's name, and whether they consented to voice checks (None: no customer)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    return customer.given_name, active_consent(session, customer_id,
                                               Modality.VOICE) is not None


def _fused(station: Station, customer_id: int, result: ChallengeResult,
           actor: Actor) -> ChallengeResult:
    """Decide who it is with one fused score of the voice and the face match that greeted."""
    voice = station.settings.voice
    face = station.visitor.face_distance(customer_id)
    fused_result, fused = fuse_challenge(result, face, FusionModel.from_settings(station.settings),
                                         voice.fusion_accept, voice.fusion_reject)
    if fused is not None:
        station.unit_of_work(record_audit, actor, "voice.fused", subject_type="customer",
                             subject_id=customer_id,
                             detail={"outcome": fused.outcome,
                                     "probability": round(fused.probability, 4),
                                     "with_face": face is not None})
    return fused_result


def voice_check(station: Station, record: ActionRecord,
                customer_id: int | None) -> ChallengeResult | None:
    """Show a fresh random phrase for the claimed customer, hear it, check take, words and voice.

    The phrase has list words where the recogniser has a word list (English) and digits
    only elsewhere (docs/VOICE.md, Liveness); it is read aloud from the screen as it shows.
    """
    if station.voice is None:
        record.finish(ActionStatus.REFUSED, error=N_("this kiosk has no microphone"))
        return None
    found = station.unit_of_work(_enrolled_name, customer_id) if customer_id else None
    if found is None:
        record.finish(ActionStatus.REFUSED, error=N_(
            "insert your card or press Recognise me first, so we know who you are"))
        return None
    name, consented = found
    if not consented:
        record.finish(ActionStatus.DONE, passed=False, reason="not_enrolled",
                      message=CHALLENGE_MESSAGES["not_enrolled"])
        return ChallengeResult(False, "not_enrolled")
    voice = station.settings.voice
    challenge = station.unit_of_work(
        issue_challenge, customer_id, digits=voice.challenge_digits,
        # Words only where the screen's language is the recogniser's (docs/VOICE.md).
        words=voice.challenge_words if station.listens else 0,
        language=station.voice.language(),
        seconds=voice.challenge_seconds, device_id=station.kiosk.device_id)
    phrase = Phrase.parse(challenge.phrase)
    station.voice_stop.clear()
    prompt = (Text("Please say these words and digits in one go: %(phrase)s",
                   phrase=phrase.text) if phrase.has_words
              else Text("Please say these digits: %(digits)s", digits=phrase.text))
    _say(station, "challenge", digits=challenge.digits, phrase=phrase.text,
         words=phrase.has_words, seconds=voice.challenge_seconds)(prompt)
    heard = station.voice.hear_phrase(phrase, stop=station.voice_stop,
                                      max_seconds=min(station.voice.max_seconds,
                                                      voice.challenge_seconds))
    station.voice_stop.clear()
    actor = Actor(ActorType.DEVICE, station.kiosk.device_id)
    try:
        checkers = station.voice.checkers()
    except Exception as exc:  # a missing speaker or speech model: the kiosk stays on touch
        log.warning("kiosk %s: voice check unavailable: %s", station.kiosk.code, exc)
        result = ChallengeResult(False, "model_missing")
    else:
        # Verified even when nothing was heard: the challenge is used up and audited.
        result = station.unit_of_work(verify_challenge, challenge.id, heard.audio, checkers,
                                      actor=actor)
        result = _fused(station, customer_id, result, actor)
    if result.passed:
        station.visitor.greet(customer_id, name)
        message = Text("Thank you, %(name)s: your voice is confirmed.", name=name)
    else:
        reason = CHALLENGE_MESSAGES.get(result.reason.split(":")[0],
                                        Text("We could not confirm your voice."))
        message = Text("%(reason)s Please carry on with the touch screen.", reason=reason)
    log.info("kiosk %s voice check for customer %s: %s", station.kiosk.code, customer_id,
             result.reason)
    record.finish(ActionStatus.DONE, passed=result.passed, reason=result.reason,
                  challenge_id=challenge.id, message=message)
    return result
