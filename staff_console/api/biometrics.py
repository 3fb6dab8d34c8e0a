"""Consent and enrolment at the tablet, face and voice: record consent, enrol, withdraw."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload

from shared.audit import Actor
from shared.biometrics.consent import ConsentError, active_consent, give_consent, withdraw_consent
from shared.biometrics.face.enrolment import encode_photo, enrol_face
from shared.biometrics.templates import EnrolmentError
from shared.biometrics.voice.enrolment import AudioLimits
from shared.biometrics.voice.tablet_enrolment import enrol_voice_at_tablet, enrolment_digits
from shared.models.enums import ActorType, ConsentChannel, Modality
from shared.web.bus import get_bus
from shared.web.i18n import said
from shared.web.request_db import get_session, writing_session
from shared.web.voice_engines import get_voice_engines
from staff_console.api.errors import abort_on
from staff_console.consent_texts import TEXTS, VOICE_SENTENCES
from staff_console.face_engine import get_face_engine
from staff_console.policy import Can, require_customer, requires

bp = Blueprint(
    "staff_biometrics", __name__, url_prefix="/api/staff",
    description="Biometric consent and face enrolment",
)
MAX_PHOTOS = 8
MAX_PHOTO_BYTES = 8 * 1024 * 1024


MODALITIES = {"face": Modality.FACE, "voice": Modality.VOICE}
MAX_RECORDINGS = 8
MAX_RECORDING_BYTES = 4 * 1024 * 1024  # a minute of 16 kHz speech is 2 MB


class ModalitySchema(ma.Schema):
    modality = ma.fields.String(load_default="face", validate=ma.validate.OneOf(MODALITIES))


class ConsentTextSchema(ma.Schema):
    modality = ma.fields.String()
    version = ma.fields.String()
    text = ma.fields.String()


class GiveConsentSchema(ModalitySchema):
    text_version = ma.fields.String(required=True)

    @ma.validates_schema
    def _known_version(self, data, **_kwargs):
        if data["text_version"] not in TEXTS[data.get("modality", "face")][1]:
            raise ma.ValidationError("not a version of this consent's text", "text_version")


class ConsentStateSchema(ma.Schema):
    customer_id = ma.fields.Integer()
    modality = ma.fields.String()
    active = ma.fields.Boolean()
    text_version = ma.fields.String(allow_none=True)
    given_at = ma.fields.DateTime(allow_none=True)
    witness_id = ma.fields.Integer(allow_none=True)


class WithdrawSchema(ma.Schema):
    reason = ma.fields.String(load_default="customer request",
                              validate=ma.validate.Length(max=240))


class WithdrawalSchema(ma.Schema):
    customer_id = ma.fields.Integer()
    consents_ended = ma.fields.Integer()
    templates_deleted = ma.fields.Integer()


class PhotoFilesSchema(ma.Schema):
    photo = Upload(required=True)


class PhotosFilesSchema(ma.Schema):
    photos = ma.fields.List(Upload(), required=True)


class VerdictSchema(ma.Schema):
    source = ma.fields.String()
    code = ma.fields.String()
    reason = ma.fields.String()
    quality = ma.fields.Float()
    accepted = ma.fields.Boolean()


class EnrolmentSchema(ma.Schema):
    customer_id = ma.fields.Integer()
    stored = ma.fields.Integer()
    verdicts = ma.fields.List(ma.fields.Nested(VerdictSchema))


def _state(customer_id: int, modality: str = "face") -> dict:
    consent = active_consent(get_session(), customer_id, MODALITIES[modality])
    return {
        "customer_id": customer_id,
        "modality": modality,
        "active": consent is not None,
        "text_version": consent.text_version if consent else None,
        "given_at": consent.given_at if consent else None,
        "witness_id": consent.witness_id if consent else None,
    }


def _read(upload, kind: str = "photo", limit: int = MAX_PHOTO_BYTES) -> tuple[str, bytes]:
    """(name, bytes) of an uploaded file; 413 past `limit` (a photo 8 MB, a recording 4 MB)."""
    data = upload.read(limit + 1)
    if len(data) > limit:
        abort(413, message=f"{upload.filename or 'a ' + kind} is larger than "
                           f"{limit // (1024 * 1024)} MB")
    return upload.filename or kind, data


def _read_recording(upload) -> tuple[str, bytes]:
    return _read(upload, "recording", MAX_RECORDING_BYTES)


def _enrolment(enrol) -> dict:
    """Run `enrol()`: the enrolment's answer (a verdict per input), or why nothing was stored."""
    try:
        result = enrol()
    except EnrolmentError as exc:
        verdicts = [VerdictSchema().dump({**v.__dict__, "accepted": v.accepted})
                    for v in exc.verdicts]
        abort(422 if exc.code != "no_consent" else 409, message=said(exc),
              errors={"code": exc.code, "verdicts": verdicts})
    return {"customer_id": result.customer_id, "stored": result.stored,
            "verdicts": [{**v.__dict__, "accepted": v.accepted} for v in result.verdicts]}


def _require_consent(customer_id: int, modality: Modality = Modality.FACE) -> None:
    # No consent, no biometric processing: not even a quality check of the input.
    if active_consent(get_session(), customer_id, modality) is None:
        abort(409, message=f"record the customer's {modality} consent first",
              errors={"code": "no_consent"})


@bp.get("/consent-text")
@requires(Can.MANAGE_CONSENT)
@bp.arguments(ModalitySchema, location="query")
@bp.response(200, ConsentTextSchema)
def consent_text(args):
    """The consent text (face, or `?modality=voice`) the tablet shows now, with its version."""
    version, texts = TEXTS[args["modality"]]
    return {"modality": args["modality"], "version": version, "text": texts[version]}


@bp.get("/customers/<int:customer_id>/consent")
@requires(Can.MANAGE_CONSENT)
@bp.arguments(ModalitySchema, location="query")
@bp.response(200, ConsentStateSchema)
def get_consent(args, customer_id: int):
    """The customer's consent status (face, or `?modality=voice`)."""
    require_customer(customer_id)
    return _state(customer_id, args["modality"])


@bp.post("/customers/<int:customer_id>/consent")
@requires(Can.MANAGE_CONSENT)
@bp.arguments(GiveConsentSchema)
@bp.response(201, ConsentStateSchema)
def post_consent(body, customer_id: int):
    """Record consent (face, or voice): the text version the customer read, witnessed by me."""
    require_customer(customer_id)
    with abort_on(ConsentError):
        give_consent(writing_session(), customer_id, MODALITIES[body["modality"]],
                     body["text_version"], ConsentChannel.TABLET,
                     witness_id=current_user.identity.id, branch_id=current_user.branch_id)
    return _state(customer_id, body["modality"])


@bp.delete("/customers/<int:customer_id>/consent/<any(face, voice):modality>")
@requires(Can.MANAGE_CONSENT)
@bp.arguments(WithdrawSchema)
@bp.response(200, WithdrawalSchema)
def delete_consent(body, customer_id: int, modality: str):
    """Withdraw face or voice consent: templates erased now, galleries told after commit."""
    require_customer(customer_id)
    withdrawal = withdraw_consent(
        writing_session(), customer_id, MODALITIES[modality],
        Actor(ActorType.STAFF, current_user.identity.id),
        branch_id=current_user.branch_id, reason=body["reason"], bus=get_bus(),
    )
    return withdrawal


@bp.post("/customers/<int:customer_id>/face/check")
@requires(Can.MANAGE_CONSENT)
@bp.arguments(PhotoFilesSchema, location="files")
@bp.response(200, VerdictSchema)
@bp.alt_response(409, description="No consent recorded")
def check_photo(files, customer_id: int):
    """Run one photo through the quality gate without storing anything."""
    require_customer(customer_id)
    _require_consent(customer_id)
    name, data = _read(files["photo"])
    settings = current_app.extensions["smartbranch.settings"]
    code, reason, quality, _vector = encode_photo(
        get_face_engine(current_app), data, settings.biometrics.face.min_face_px, jitters=1)
    return {"source": name, "code": code, "reason": reason, "quality": quality,
            "accepted": code == "ok"}


@bp.post("/customers/<int:customer_id>/face/enrol")
@requires(Can.MANAGE_CONSENT)
@bp.arguments(PhotosFilesSchema, location="files")
@bp.response(201, EnrolmentSchema)
@bp.alt_response(409, description="No consent recorded")
@bp.alt_response(422, description="No photo passed the quality gate; nothing stored")
def enrol(files, customer_id: int):
    """Enrol the customer's face from the photos: a verdict per photo, all or nothing."""
    require_customer(customer_id)
    _require_consent(customer_id)
    photos = files["photos"]
    if not photos or len(photos) > MAX_PHOTOS:
        abort(422, message=f"send between 1 and {MAX_PHOTOS} photos")
    settings = current_app.extensions["smartbranch.settings"]
    return _enrolment(lambda: enrol_face(
        writing_session(), get_face_engine(current_app),
        current_app.extensions["smartbranch.template_cipher"], customer_id,
        [_read(photo) for photo in photos],
        min_face_px=settings.biometrics.face.min_face_px, replace=True,
        actor=Actor(ActorType.STAFF, current_user.identity.id), bus=get_bus(),
    ))


class VoicePromptSchema(ma.Schema):
    digits = ma.fields.String(metadata={"description": "read out, one digit at a time"})
    sentences = ma.fields.List(ma.fields.String())


class VoiceFilesSchema(ma.Schema):
    sentences = ma.fields.List(Upload(), required=True)
    digits_recording = Upload(required=True)


class VoiceFormSchema(ma.Schema):
    digits = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^\d{4,10}$"))


@bp.get("/customers/<int:customer_id>/voice/prompt")
@requires(Can.MANAGE_CONSENT)
@bp.response(200, VoicePromptSchema)
@bp.alt_response(409, description="No voice consent recorded")
def voice_prompt(customer_id: int):
    """What the customer reads for voice enrolment: three sentences and fresh digits."""
    require_customer(customer_id)
    _require_consent(customer_id, Modality.VOICE)
    return {"digits": enrolment_digits(), "sentences": [_(s) for s in VOICE_SENTENCES]}


@bp.post("/customers/<int:customer_id>/voice/enrol")
@requires(Can.MANAGE_CONSENT)
@bp.arguments(VoiceFormSchema, location="form")
@bp.arguments(VoiceFilesSchema, location="files")
@bp.response(201, EnrolmentSchema)
@bp.alt_response(409, description="No voice consent recorded")
@bp.alt_response(422, description="Too few usable recordings, or the digits not heard")
def voice_enrol(form, files, customer_id: int):
    """Enrol the customer's voice: the sentences and the digits read out (WAV), all or nothing."""
    require_customer(customer_id)
    _require_consent(customer_id, Modality.VOICE)
    sentences = files["sentences"]
    if not 3 <= len(sentences) <= MAX_RECORDINGS:
        abort(422, message=f"send between 3 and {MAX_RECORDINGS} sentence recordings")
    settings = current_app.extensions["smartbranch.settings"]
    speaker, stt = get_voice_engines(current_app)
    return _enrolment(lambda: enrol_voice_at_tablet(
        writing_session(), speaker, stt,
        current_app.extensions["smartbranch.template_cipher"], customer_id,
        [_read_recording(f) for f in sentences], form["digits"],
        _read_recording(files["digits_recording"])[1],
        limits=AudioLimits.from_settings(settings),
        actor=Actor(ActorType.STAFF, current_user.identity.id),
    ))
