"""`smartbranch demo faces`: demo customers enrolled from a photo set, and a door replay."""

from __future__ import annotations

from pathlib import Path

import click

from shared.db import Database
from smartbranch.commands.checks import require_migrated
from smartbranch.context import CliContext, CliError

REPLAY_FOLDER = "door-replay"


@click.command("faces")
@click.option("--photos", type=click.Path(path_type=Path), default=None,
              help="Folder of <identity>/*.jpg (and _strangers/) [<paths.shared_data_dir>/faces].")
@click.option("--customers", type=click.IntRange(min=1, max=100), default=8, show_default=True,
              help="Demo customers to enrol.")
@click.option("--strangers", type=click.IntRange(min=0), default=None,
              help="Strangers' photos in the replay [as many as customers].")
@click.option("--replay", "replay_dir", type=click.Path(path_type=Path), default=None,
              help="Where the replay playlist goes [<app.data_dir>/door-replay].")
@click.pass_obj
def faces_command(ctx: CliContext, photos: Path | None, customers: int, strangers: int | None,
                  replay_dir: Path | None) -> None:
    """Enrol demo customers from face photos (with consent) and write a door-camera replay.

    Safe to repeat: customers already enrolled are kept. Without the photo set the demo
    runs without a door camera (a message, exit status 0).
    """
    settings = ctx.settings
    photos = photos or Path(settings.paths.shared_data_dir) / "faces"
    replay_dir = replay_dir or Path(settings.app.data_dir) / REPLAY_FOLDER
    if not photos.is_dir():
        click.echo(f"no face photos at {photos} (set SMARTBRANCH_PATHS_SHARED_DATA_DIR or "
                   "--photos): the demo runs without the door camera")
        return
    from smartbranch.demo_faces import DemoFacesError, identity_folders, prepare_demo_faces

    if not identity_folders(photos):
        click.echo(f"no <identity>/ folders with 3 or more photos in {photos}: "
                   "the demo runs without the door camera")
        return
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from smartbranch.door import DoorCameraError, template_cipher
    from staff_console.consent_texts import CURRENT_FACE_VERSION

    database = Database(settings)
    try:
        require_migrated(database)
        cipher = template_cipher(settings)
        click.echo(f"enrolling up to {customers} demo customers from {photos} "
                   "(about a minute on the first run)")
        result = prepare_demo_faces(
            database, DlibFaceEngine(settings.biometrics.face.model_version), cipher, photos,
            replay_dir, customers=customers, strangers=strangers,
            default_branch=settings.app.default_branch, text_version=CURRENT_FACE_VERSION,
            progress=lambda message: click.echo(f"  {message}"),
        )
    except (DemoFacesError, DoorCameraError) as exc:
        raise CliError(str(exc)) from None
    finally:
        database.dispose()
    kept = len(result.enrolled) - result.newly_enrolled
    if not result.enrolled:
        click.echo(f"no demo customer could be enrolled from {photos}: the demo runs without "
                   "the door camera")
        return
    click.echo(
        f"demo faces for {result.branch_code}: {len(result.enrolled)} customers enrolled "
        f"({result.newly_enrolled} new, {kept} already); replay of {result.replay_people} "
        f"photos of them and {result.replay_strangers} of strangers in {result.playlist}"
    )
    if result.refused:
        click.echo(f"  photos refused by the quality gate: {', '.join(result.refused)}")
