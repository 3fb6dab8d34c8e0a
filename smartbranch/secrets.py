"""Secrets for the embedded default: generated once into the data dir, never committed."""

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
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value


def template_cipher(settings):
    """Return the template cipher, keyed by biometrics.template_key or the generated key.

    Every process of the embedded default (server, camera, CLI) must use the same key,
    so all of them come through here. Raises TemplateKeyError for a key that is too short.
    """
    from shared.biometrics.cipher import TemplateCipher

    key = ensure_secret(settings.app.data_dir, "template_key", settings.biometrics.template_key)
    return TemplateCipher(key)
