"""The simulator control page's API: act as the customer's hands on simulated devices."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload
from sqlalchemy import select

from hardware.xfs import DeviceError
from kiosk import simulator_control as sim
from kiosk.api.customer import agent_for
from kiosk.auth import device_required
from shared.db.base import MAX_ID
from shared.models import Card, CardStatus, Customer
from shared.money import wallet
from shared.money.ledger import LedgerError
from shared.web.request_db import get_session

bp = Blueprint("kiosk_devices_api", __name__, url_prefix="/api/kiosks",
               description="Simulated kiosk devices (device-authenticated or local demo)")
# A note's value in minor units; which notes a kiosk takes is its own (checked on insert).
DENOMINATION = ma.validate.Regexp(r"^[1-9][0-9]{0,8}$", error="a note's value in minor units")


class InsertCardSchema(ma.Schema):
    customer_number = ma.fields.String(
        required=True, validate=ma.validate.Regexp(r"^SB\d{6}$", error="a demo customer "
                                                   "number such as SB000001"))


class KeySchema(ma.Schema):
    key = ma.fields.String(required=True, validate=ma.validate.OneOf(
        list("0123456789") + ["enter", "cancel", "clear", "backspace"]))


class NotesSchema(ma.Schema):
    notes = ma.fields.Dict(keys=ma.fields.String(validate=DENOMINATION),
                           values=ma.fields.Integer(strict=True,
                                                    validate=ma.validate.Range(0, 200)),
                           required=True)
    unrecognised = ma.fields.Integer(strict=True, load_default=0,
                                     validate=ma.validate.Range(0, 20))


class FaultSchema(ma.Schema):
    device = ma.fields.String(required=True, validate=ma.validate.OneOf(list(sim.OPERATIONS)))
    operation = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    fault = ma.fields.String(required=True, validate=ma.validate.OneOf(sim.FAULTS))
    step = ma.fields.String(load_default="", validate=ma.validate.Length(max=32))


class WalletConfirmSchema(ma.Schema):
    binding_id = ma.fields.Integer(required=True, strict=True,
                                   validate=ma.validate.Range(1, MAX_ID))
    code = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^\d{6}$"))
    token_reference = ma.fields.String(required=True,
                                       validate=ma.validate.Length(min=8, max=64))


class ClipSchema(ma.Schema):
    clip = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=300),
                            metadata={"description": "a name from voice_clips"})


class SayTextSchema(ma.Schema):
    text = ma.fields.String(required=True, validate=[
        ma.validate.Length(min=1, max=200),
        ma.validate.Regexp(r"^[A-Za-z0-9 ,.'?-]+$", error="letters, digits and spaces only")])


class MicFaultSchema(ma.Schema):
    fault = ma.fields.String(required=True, validate=ma.validate.OneOf(
        ["none", "silence", "noise", "clipping", "drop"]))


class WavUploadSchema(ma.Schema):
    wav = Upload(required=True, metadata={"description": "a PCM WAV file (any rate, channels)"})


class DoneSchema(ma.Schema):
    ok = ma.fields.Boolean()
    detail = ma.fields.String()
    amount_minor = ma.fields.Integer()
    seconds = ma.fields.Float()
    clip = ma.fields.String()


class DevicesSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    kiosk = ma.fields.String()
    statuses = ma.fields.Dict()
    card_location = ma.fields.String()
    cash_units = ma.fields.List(ma.fields.Dict())
    acceptor_units = ma.fields.List(ma.fields.Dict())
    operations = ma.fields.Dict()
    faults = ma.fields.List(ma.fields.String())
    microphone = ma.fields.Dict()
    voice_clips = ma.fields.List(ma.fields.String())
    demo_customers = ma.fields.List(ma.fields.Dict())


def _demo_customers(limit: int = 40) -> list[dict]:
    rows = get_session().execute(
        select(Customer.customer_number, Customer.given_name, Customer.family_name)
        .join(Card, Card.customer_id == Customer.id)
        .where(Card.status == CardStatus.ACTIVE, Customer.customer_number.like("SB%"))
        .order_by(Customer.customer_number).limit(limit)
    ).all()
    return [{"customer_number": n, "name": f"{g} {f}"} for n, g, f in rows]


def _run(action):
    try:
        return action()
    except sim.NotASimulator as exc:
        abort(409, message=str(exc))
    except (ValueError, DeviceError) as exc:
        abort(422, message=str(exc))


def _simulate(code: str, op: str, **args):
    """Run a simulator page operation where kiosk `code`'s agent runs (sim.perform)."""
    agent = agent_for(code)
    return _run(lambda: agent.simulate(op, args))


@bp.get("/<code>/devices")
@device_required(allow_local_demo=True)
@bp.response(200, DevicesSchema)
@bp.alt_response(401, description="Not paired with this kiosk")
def devices(code: str):
    """Device statuses, cassette and bin counts, the fault catalogue, demo customers."""
    return {**_simulate(code, "describe"), "demo_customers": _demo_customers()}


@bp.post("/<code>/devices/card")
@device_required(allow_local_demo=True)
@bp.arguments(InsertCardSchema)
@bp.response(200, DoneSchema)
def insert_card(body, code: str):
    """Insert a demo customer's card."""
    ok = _simulate(code, "insert_card", customer_number=body["customer_number"])
    return {"ok": ok, "detail": "" if ok else "the card slot is busy"}


@bp.post("/<code>/devices/card/take")
@device_required(allow_local_demo=True)
@bp.response(200, DoneSchema)
def take_card(code: str):
    """Take the card from the slot."""
    return {"ok": _simulate(code, "take_card")}


@bp.post("/<code>/devices/pin-pad")
@device_required(allow_local_demo=True)
@bp.arguments(KeySchema)
@bp.response(200, DoneSchema)
def press_key(body, code: str):
    """Press one key of the PIN pad (digits stay inside the pad)."""
    _simulate(code, "press_key", key=body["key"])
    return {"ok": True}


@bp.post("/<code>/devices/cash/take")
@device_required(allow_local_demo=True)
@bp.response(200, DoneSchema)
def take_cash(code: str):
    """Take the notes at the dispenser's exit."""
    amount = _simulate(code, "take_cash")
    return {"ok": amount > 0, "amount_minor": amount}


@bp.post("/<code>/devices/notes")
@device_required(allow_local_demo=True)
@bp.arguments(NotesSchema)
@bp.response(200, DoneSchema)
def insert_notes(body, code: str):
    """Put notes (and optionally unrecognised items) in the acceptor's tray."""
    notes = {int(d): n for d, n in body["notes"].items() if n}
    if not notes and not body["unrecognised"]:
        abort(422, message="put at least one note in")
    ok = _simulate(code, "insert_notes", notes=notes, unrecognised=body["unrecognised"])
    return {"ok": ok, "detail": "" if ok else "the kiosk is not taking notes now"}


@bp.post("/<code>/devices/notes/take")
@device_required(allow_local_demo=True)
@bp.response(200, DoneSchema)
def take_returned(code: str):
    """Take back notes the acceptor returned."""
    amount = _simulate(code, "take_returned_notes")
    return {"ok": amount > 0, "amount_minor": amount}


@bp.post("/<code>/devices/faults")
@device_required(allow_local_demo=True)
@bp.arguments(FaultSchema)
@bp.response(200, DoneSchema)
def inject_fault(body, code: str):
    """Make the next call of a device operation fail with a fault from the catalogue."""
    _simulate(code, "inject_fault", device=body["device"], operation=body["operation"],
              fault=body["fault"], step=body["step"])
    return {"ok": True, "detail": f"next {body['device']}.{body['operation']}: {body['fault']}"}


@bp.post("/<code>/devices/wallet")
@device_required(allow_local_demo=True)
@bp.arguments(WalletConfirmSchema)
@bp.response(200, DoneSchema)
def confirm_wallet(body, code: str):
    """Play the wallet app: send back the one-time code shown on the kiosk."""
    try:
        result = wallet.confirm_binding(get_session(), body["binding_id"], code=body["code"],
                                        token_reference=body["token_reference"])
    except LedgerError as exc:
        abort(422, message=str(exc))
    return {"ok": result.activated, "detail": result.message}


@bp.post("/<code>/devices/microphone")
@device_required(allow_local_demo=True)
@bp.arguments(ClipSchema)
@bp.response(200, DoneSchema)
def play_clip(body, code: str):
    """Play a WAV file from the clips folder (or an upload) into the simulated microphone."""
    seconds = _simulate(code, "play_clip", name=body["clip"])
    return {"ok": True, "seconds": seconds, "detail": f"playing {body['clip']} ({seconds:.1f} s)"}


@bp.post("/<code>/devices/microphone/say")
@device_required(allow_local_demo=True)
@bp.arguments(SayTextSchema)
@bp.response(200, DoneSchema)
def say_text(body, code: str):
    """Synthesise a phrase (espeak-ng, when installed) and play it into the microphone."""
    seconds = _simulate(code, "say_text", text=body["text"])
    return {"ok": True, "seconds": seconds, "detail": f"saying {body['text']!r}"}


@bp.post("/<code>/devices/microphone/upload")
@device_required(allow_local_demo=True)
@bp.arguments(WavUploadSchema, location="files")
@bp.response(200, DoneSchema)
def upload_clip(files, code: str):
    """Keep an uploaded WAV in the uploads folder (a file that does not decode: 422).

    The file stays with this web process (app.data_dir/voice_clips): an agent in a process
    of its own plays it when it shares that folder (one machine), not from another one.
    """
    agent = agent_for(code)
    upload = files["wav"]
    data = upload.read(sim.MAX_UPLOAD_BYTES + 1)
    name = _run(lambda: sim.save_upload(agent.settings, upload.filename or "clip.wav", data))
    return {"ok": True, "clip": name, "detail": f"uploaded as {name}"}


@bp.post("/<code>/devices/microphone/fault")
@device_required(allow_local_demo=True)
@bp.arguments(MicFaultSchema)
@bp.response(200, DoneSchema)
def microphone_fault(body, code: str):
    """Make the simulated microphone silent, noisy, clipped or unplugged ("none" clears)."""
    _simulate(code, "microphone_fault", fault=body["fault"])
    return {"ok": True, "detail": f"microphone: {body['fault']}"}
