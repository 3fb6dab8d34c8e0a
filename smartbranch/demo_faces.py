"""Demo faces: consent and enrol a few demo customers from a photo set, and a door replay.

Identity folders (`<identity>/*.jpg`) are paired with the first demo customers of an ambient
branch. Each gets a consent (counter, the current console text, the branch manager as
witness) and a face enrolment from the identity's first two photos, through the real
services. The rest of their photos and some strangers' go into a playlist that the door
camera replays; the photos themselves stay where they are (nothing is copied).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from hardware.camera.replay import DOOR_CANVAS, list_images
from shared.audit import Actor
from shared.biometrics.consent import give_consent
from shared.biometrics.face.enrolment import enrol_face
from shared.biometrics.templates import EnrolmentError
from shared.models import BiometricTemplate, Branch, Customer, Staff
from shared.models.enums import ActorType, ConsentChannel, Modality, PrivacyMode, Role
from smartbranch.door import PLAYLIST, PLAYLIST_IMAGE_SCALE

MANIFEST = "enrolled.json"
ENROL_PHOTOS = 2
REPLAY_PHOTOS = 2  # per enrolled person, after the enrolment photos


class DemoFacesError(Exception):
    """The demo faces cannot be prepared (no ambient branch, no manager...)."""


@dataclass
class DemoFaces:
    """What `prepare_demo_faces` did."""

    branch_code: str
    playlist: Path
    enrolled: dict[int, str] = field(default_factory=dict)  # customer id -> identity folder
    newly_enrolled: int = 0
    refused: list[str] = field(default_factory=list)  # identities whose photos were refused
    replay_people: int = 0
    replay_strangers: int = 0


def fits_door_frame(path: Path) -> bool:
    """Whether a photo, scaled for the replay, fits the door camera's frame (header only)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            width, height = img.size
    except (OSError, UnidentifiedImageError):
        return False
    return (width * PLAYLIST_IMAGE_SCALE <= DOOR_CANVAS[0]
            and height * PLAYLIST_IMAGE_SCALE <= DOOR_CANVAS[1])


def identity_folders(photos: Path) -> list[Path]:
    """Return identity folders with enough photos to enrol and replay, by name.

    Folders with a photo too large for the replayed door frame are left out: a face pasted
    half outside the frame makes a poor demo.
    """
    folders = []
    for folder in sorted(photos.iterdir()):
        if folder.is_dir() and not folder.name.startswith("_"):
            images = list_images(folder)
            if len(images) > ENROL_PHOTOS and all(map(fits_door_frame, images)):
                folders.append(folder)
    return folders


def demo_branch(session, default_code: str) -> Branch:
    """Return the default branch if it is ambient, else the first ambient branch."""
    branches = session.scalars(
        select(Branch).where(Branch.privacy_mode == PrivacyMode.AMBIENT).order_by(Branch.id)
    ).all()
    if not branches:
        raise DemoFacesError("no branch in ambient mode: door cameras identify nobody there")
    return next((b for b in branches if b.code == default_code), branches[0])


def _has_templates(session, customer_id: int, model_version: str) -> bool:
    return bool(session.scalar(
        select(func.count()).select_from(BiometricTemplate).where(
            BiometricTemplate.customer_id == customer_id,
            BiometricTemplate.modality == Modality.FACE,
            BiometricTemplate.model_version == model_version,
        )))


def prepare_demo_faces(
    database,
    engine,
    cipher,
    photos: Path,
    replay_dir: Path,
    *,
    customers: int = 8,
    strangers: int | None = None,
    default_branch: str = "",
    text_version: str,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoFaces:
    """Enrol `customers` demo customers from `photos` and write the replay; safe to repeat."""
    manifest_path = replay_dir / MANIFEST
    enrolled: dict[int, str] = {}
    if manifest_path.is_file():
        enrolled = {int(k): v for k, v in json.loads(manifest_path.read_text()).items()}
    with database.session() as session:
        branch = demo_branch(session, default_branch)
        manager = session.scalars(
            select(Staff).where(Staff.branch_id == branch.id, Staff.role == Role.BRANCH_MANAGER)
            .order_by(Staff.id)
        ).first()
        if manager is None:
            raise DemoFacesError(f"branch {branch.code} has no manager to witness consent")
        candidates = session.scalars(
            select(Customer.id).where(Customer.home_branch_id == branch.id)
            .order_by(Customer.id).limit(customers)
        ).all()
        branch_code, branch_id, witness = branch.code, branch.id, manager.id
        # Forget pairings whose templates are gone (consent withdrawn, database rebuilt).
        enrolled = {cid: ident for cid, ident in enrolled.items()
                    if cid in candidates and _has_templates(session, cid, engine.model_version)}
    result = DemoFaces(branch_code, replay_dir / PLAYLIST, enrolled)
    used = set(enrolled.values())
    spare = [d for d in identity_folders(photos) if d.name not in used]
    replay_dir.mkdir(parents=True, exist_ok=True)
    for customer_id in candidates:
        if customer_id in enrolled:
            continue
        while spare:
            folder = spare.pop(0)
            if _enrol_one(database, engine, cipher, customer_id, folder, branch_id, witness,
                          text_version):
                enrolled[customer_id] = folder.name
                result.newly_enrolled += 1
                progress(f"customer {customer_id}: enrolled from {folder.name}")
                # Written after each commit, so an interrupted run resumes where it stopped.
                manifest_path.write_text(json.dumps(enrolled, indent=1))
                break
            result.refused.append(folder.name)
    manifest_path.write_text(json.dumps(enrolled, indent=1))
    people = [p for name in enrolled.values()
              for p in list_images(photos / name)[ENROL_PHOTOS:][:REPLAY_PHOTOS]]
    strangers_dir = photos / "_strangers"
    others = list_images(strangers_dir) if strangers_dir.is_dir() else []
    others = [p for p in others if fits_door_frame(p)]
    others = others[: len(enrolled) if strangers is None else strangers]
    if not people:
        # Nobody to recognise: no replay, so the server starts without a door camera.
        result.playlist.unlink(missing_ok=True)
        return result
    _write_playlist(result.playlist, people, others, photos)
    result.replay_people, result.replay_strangers = len(people), len(others)
    return result


def _enrol_one(database, engine, cipher, customer_id, folder, branch_id, witness,
               text_version) -> bool:
    """Record consent and enrol from the folder's first photos in one unit of work."""
    photos = list_images(folder)[:ENROL_PHOTOS]
    try:
        with database.session() as session:
            give_consent(session, customer_id, Modality.FACE, text_version,
                         ConsentChannel.COUNTER, witness_id=witness, branch_id=branch_id)
            enrol_face(session, engine, cipher, customer_id, photos, min_photos=ENROL_PHOTOS,
                       actor=Actor(ActorType.STAFF, witness))
    except EnrolmentError:
        return False  # rolled back: neither the consent nor any template was kept
    return True


def _write_playlist(path: Path, people: list[Path], strangers: list[Path], photos: Path) -> None:
    """Write the replay order: people and strangers shuffled with a fixed seed."""
    order = [*people, *strangers]
    random.Random(11).shuffle(order)
    lines = [
        "# Door-camera replay written by `smartbranch demo faces`: one image a line.",
        f"# {len(people)} photos of enrolled demo customers, {len(strangers)} of strangers,",
        f"# from {photos}. Regenerate with `smartbranch demo faces`.",
        *(str(p.resolve()) for p in order),
    ]
    path.write_text("\n".join(lines) + "\n")
