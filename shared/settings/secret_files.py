"""Secrets kept outside the database: configured, or generated once into the data dir."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def ensure_secret(data_dir: Path, name: str, configured: str) -> str:
    """Return the configured secret, or one generated once into data_dir/name (mode 600)."""
    if configured:
        return configured
    path = data_dir / name
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process generated it first: use theirs
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value
