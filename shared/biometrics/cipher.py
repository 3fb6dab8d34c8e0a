"""Template protection: AES-GCM at rest and an HMAC binding each row to its customer."""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from dataclasses import dataclass

import numpy as np

MIN_KEY_CHARS = 32
NONCE_BYTES = 12


class TemplateKeyError(ValueError):
    """The template key is missing or too short."""


class TemplateIntegrityError(ValueError):
    """A stored template failed its MAC or decryption: it was edited, swapped or corrupted."""

    def __init__(self, template_id: int | None, message: str):
        super().__init__(message)
        self.template_id = template_id


@dataclass(frozen=True)
class SealedTemplate:
    """What goes into a biometric_template row."""

    nonce: bytes
    ciphertext: bytes
    mac: bytes


def _derive(key: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), 32, salt=b"smartbranch-templates", info=info).derive(key)


def _mac_message(customer_id: int, modality: str, model_version: str, vector: bytes) -> bytes:
    # Length-prefixed fields: no two different tuples can serialise to the same bytes.
    parts = [str(customer_id).encode(), str(modality).encode(), model_version.encode(), vector]
    return b"".join(struct.pack(">I", len(p)) + p for p in parts)


class TemplateCipher:
    """Seal and open template vectors with keys derived from the configured template key."""

    def __init__(self, template_key: str):
        if not template_key:
            raise TemplateKeyError(
                "biometrics.template_key is not set (SMARTBRANCH_BIOMETRICS_TEMPLATE_KEY)"
            )
        if len(template_key) < MIN_KEY_CHARS:
            raise TemplateKeyError(
                f"biometrics.template_key must be at least {MIN_KEY_CHARS} characters"
            )
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        master = template_key.encode()
        self._aead = AESGCM(_derive(master, b"aes-gcm-v1"))
        self._mac_key = _derive(master, b"hmac-sha256-v1")

    @classmethod
    def from_settings(cls, settings) -> TemplateCipher:
        """Build the cipher from a configured settings.biometrics.template_key.

        Processes of the embedded default use smartbranch.secrets.template_cipher, which
        falls back to the key generated into the data dir.
        """
        return cls(settings.biometrics.template_key)

    def mac(self, customer_id: int, modality: str, model_version: str, vector: bytes) -> bytes:
        """Return the HMAC-SHA256 binding a vector to its customer, modality and model."""
        message = _mac_message(customer_id, modality, model_version, vector)
        return hmac.new(self._mac_key, message, hashlib.sha256).digest()

    def seal(
        self, vector: np.ndarray, customer_id: int, modality: str, model_version: str
    ) -> SealedTemplate:
        """Encrypt a float32 vector and MAC it with its owner's details."""
        raw = np.asarray(vector, dtype="<f4").tobytes()
        nonce = os.urandom(NONCE_BYTES)
        aad = _mac_message(customer_id, modality, model_version, b"")
        ciphertext = self._aead.encrypt(nonce, raw, aad)
        mac = self.mac(customer_id, modality, model_version, raw)
        return SealedTemplate(nonce, ciphertext, mac)

    def open(
        self,
        sealed: SealedTemplate,
        customer_id: int,
        modality: str,
        model_version: str,
        template_id: int | None = None,
    ) -> np.ndarray:
        """Decrypt and verify a row; raise TemplateIntegrityError naming the template if not."""
        from cryptography.exceptions import InvalidTag

        aad = _mac_message(customer_id, modality, model_version, b"")
        try:
            raw = self._aead.decrypt(sealed.nonce, sealed.ciphertext, aad)
        except (InvalidTag, ValueError) as exc:
            raise TemplateIntegrityError(
                template_id, f"template {template_id} failed decryption: edited or swapped row"
            ) from exc
        expected = self.mac(customer_id, modality, model_version, raw)
        if not hmac.compare_digest(expected, bytes(sealed.mac)):
            raise TemplateIntegrityError(
                template_id, f"template {template_id} failed its MAC: edited or swapped row"
            )
        return np.frombuffer(raw, dtype="<f4").astype(np.float32)
