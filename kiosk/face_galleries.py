"""One face gallery per branch for kiosk identification, loaded on first use, kept current.

Each gallery listens on the app's bus: a consent withdrawal removes the customer at once,
a new enrolment reloads that customer's templates (as the door camera does).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask, current_app

from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.face.enrolment import gallery_listener, load_gallery
from shared.biometrics.face.threshold_model import GalleryThreshold
from shared.biometrics.gallery import GalleryIndex
from shared.db import Database
from shared.events import EventBus
from shared.settings import FaceSettings

EXTENSION = "smartbranch.kiosk_face_galleries"


class BranchGalleries:
    """Galleries by (branch, model version); each subscribed to the bus while the app lives."""

    def __init__(self, database: Database, bus: EventBus, cipher: TemplateCipher,
                 face_settings=None):
        self.database = database
        self.bus = bus
        self.cipher = cipher
        self.face_settings = face_settings or FaceSettings()
        self._galleries: dict[tuple[int, str], GalleryIndex] = {}
        self._thresholds: dict[tuple[int, str], GalleryThreshold] = {}
        self._unsubscribe: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def get(self, branch_id: int, model_version: str) -> GalleryIndex:
        """Return the branch's gallery for this engine's model, loading it the first time."""
        key = (branch_id, model_version)
        with self._lock:
            gallery = self._galleries.get(key)
            if gallery is not None:
                return gallery

            def reload_customer(customer_id: int):
                with self.database.session() as session:
                    return load_gallery(session, self.cipher, model_version, branch_id,
                                        customer_id=customer_id)

            # Subscribe before loading so an enrolment or withdrawal during the load wins
            # over the (possibly older) bulk read: those customers are skipped below.
            holder = GalleryIndex()
            keep_current = gallery_listener(holder, reload_customer)
            touched: set[int] = set()
            loading = threading.Event()
            loading.set()

            def on_event(event) -> None:
                customer_id = getattr(event.payload, "customer_id", None)
                if loading.is_set() and customer_id is not None:
                    touched.add(customer_id)
                keep_current(event)

            self._unsubscribe.append(self.bus.subscribe(on_event))
            with self.database.session() as session:
                loaded = load_gallery(session, self.cipher, model_version, branch_id)
            for customer_id in loaded.gallery.customers:
                if customer_id not in touched:
                    holder.add(customer_id, loaded.gallery.rows_of(customer_id),
                               loaded.gallery.vectors_per_row_of(customer_id))
            loading.clear()
            self._galleries[key] = holder
            return holder

    def threshold(self, branch_id: int, model_version: str) -> float:
        """Return the match threshold for the branch's gallery as it is now: its size, and
        how many vectors (photos, learned frames) are behind each customer's template."""
        gallery = self.get(branch_id, model_version)
        key = (branch_id, model_version)
        with self._lock:
            follows = self._thresholds.get(key)
            if follows is None:
                follows = self._thresholds[key] = GalleryThreshold.from_settings(
                    self.face_settings)
        return follows.for_gallery(gallery)

    def close(self) -> None:
        with self._lock:
            for unsubscribe in self._unsubscribe:
                unsubscribe()
            self._unsubscribe.clear()
            self._galleries.clear()


def init_app(app: Flask, database: Database, bus: EventBus) -> None:
    app.extensions[EXTENSION] = BranchGalleries(
        database, bus, app.extensions["smartbranch.template_cipher"],
        app.extensions["smartbranch.settings"].biometrics.face)


def get_galleries() -> BranchGalleries:
    return current_app.extensions[EXTENSION]
