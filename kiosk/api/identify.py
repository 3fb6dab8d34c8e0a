"""'Recognise me' at the kiosk: the customer asks, the kiosk sends one frame, we greet or not.

Only on the customer's request (the button), so it works in both privacy modes. A match
greets and prefills; it never authorises money (card and PIN still do). The probe frame
and its encoding are never stored or logged; an unmatched face gets only "not recognised".
"""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload

from kiosk.api.customer import agent_for
from kiosk.auth import device_required
from kiosk.face_galleries import get_galleries
from shared.audit import Actor, record
from shared.biometrics.face.identification import identify_photo
from shared.biometrics.face.images import ImageError, load_image
from shared.i18n.text import N_, localise
from shared.models import Customer
from shared.models.enums import ActorType
from shared.web.face_engine import get_face_engine
from shared.web.request_db import get_session

bp = Blueprint("kiosk_identify_api", __name__, url_prefix="/api/kiosks",
               description="Opt-in face identification at a kiosk (device-authenticated)")
MAX_FRAME_BYTES = 8 * 1024 * 1024
MESSAGES = {
    "matched": N_("Hello! We have recognised you. Insert your card to continue."),
    "no_face": N_("We could not see a face. Please look at the camera and try again."),
    "too_small": N_("Please come a little closer to the camera and try again."),
    "not_recognised": N_("Sorry, we did not recognise you. Insert your card to start."),
}


class FrameSchema(ma.Schema):
    photo = Upload(required=True, metadata={"description": "one camera frame (JPEG or PNG)"})


class IdentifySchema(ma.Schema):
    recognised = ma.fields.Boolean(required=True)
    reason = ma.fields.String(metadata={"description": "matched, no_face, too_small or "
                                        "not_recognised"})
    greeting = ma.fields.String(allow_none=True, metadata={"description": "given name"})
    message = ma.fields.String()


@bp.post("/<code>/identify")
@device_required()
@bp.arguments(FrameSchema, location="files")
@bp.response(200, IdentifySchema)
@bp.alt_response(401, description="Not paired with this kiosk")
@bp.alt_response(404, description="No such kiosk")
@bp.alt_response(413, description="Frame larger than 8 MB")
@bp.alt_response(422, description="Not a usable image")
def identify(files, code: str):
    """Recognise the customer who pressed 'Recognise me' from one frame; greet on a match."""
    data = files["photo"].read(MAX_FRAME_BYTES + 1)
    if len(data) > MAX_FRAME_BYTES:
        abort(413, message="the frame is larger than 8 MB")
    agent = agent_for(code)
    try:  # decode first: a corrupt upload never loads the face model or the gallery
        rgb = load_image(data)
    except ImageError as exc:
        abort(422, message=f"not a usable image: {exc.reason}", code=exc.reason)
    settings = current_app.extensions["smartbranch.settings"].biometrics.face
    engine = get_face_engine(current_app)
    gallery = get_galleries().get(agent.kiosk.branch_id, engine.model_version)
    threshold = get_galleries().threshold(agent.kiosk.branch_id, engine.model_version)
    found = identify_photo(engine, gallery, rgb, threshold=threshold,
                           margin=settings.margin, min_face_px=settings.min_face_px,
                           mirror=settings.mirror_probe, large=settings.large_probe)
    session = get_session()
    customer = session.get(Customer, found.customer_id) if found.matched else None
    if customer is None:
        reason = "not_recognised" if found.matched else found.reason
        # Someone asked and was not recognised: a name greeted earlier is not theirs.
        agent.forget_greeting()
        return {"recognised": False, "reason": reason, "greeting": None,
                "message": localise(MESSAGES[reason], agent.screen_language())}
    agent.greet(customer.id, customer.given_name, face_distance=found.distance)
    agent.use_customers_language(customer.language)
    record(session, Actor(ActorType.DEVICE, agent.kiosk.device_id), "biometrics.identified",
           subject_type="customer", subject_id=customer.id,
           detail={"modality": "face", "where": "kiosk", "kiosk": code, "asked": True})
    return {"recognised": True, "reason": "matched", "greeting": customer.given_name,
            "message": localise(MESSAGES["matched"], agent.screen_language())}
