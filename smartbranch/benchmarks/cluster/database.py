"""The soak's own connection to the shape's database (for tokens, feeds and the end checks)."""

from __future__ import annotations

from shared.db import Database
from shared.settings import Settings, load_settings


def open_database(database_url: str, settings: Settings | None = None) -> Database:
    """A Database on `database_url` with `settings` (the lab's), or this process's settings.

    Pass the lab's settings when writing: an audit record (a kiosk token issued) is chained
    with the key in `app.data_dir`, which must be the shape's.
    """
    base = settings or load_settings()
    return Database(base.model_copy(update={
        "database": base.database.model_copy(update={"url": database_url})}))
