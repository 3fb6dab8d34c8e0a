"""Secrets for the embedded default: generated once into the data dir, never committed."""

from __future__ import annotations

from shared.settings.secret_files import ensure_secret

__all__ = ["ensure_secret", "template_cipher"]


def template_cipher(settings):
    """Return the template cipher, keyed by biometrics.template_key or the generated key.

    Every process of the embedded default (server, camera, CLI) must use the same key,
    so all of them come through here. Raises TemplateKeyError for a key that is too short.
    """
    from shared.biometrics.cipher import TemplateCipher

    key = ensure_secret(settings.app.data_dir, "template_key", settings.biometrics.template_key)
    return TemplateCipher(key)
