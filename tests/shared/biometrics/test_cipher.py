import numpy as np
import pytest

from shared.biometrics.cipher import (
    SealedTemplate,
    TemplateCipher,
    TemplateIntegrityError,
    TemplateKeyError,
)

KEY = "k" * 40
MODEL = "dlib_face_recognition_resnet_model_v1"


def vector() -> np.ndarray:
    return np.random.default_rng(3).normal(size=128).astype(np.float32)


def test_round_trip_and_ciphertext_hides_the_vector():
    cipher = TemplateCipher(KEY)
    v = vector()
    sealed = cipher.seal(v, 7, "face", MODEL)
    assert v.tobytes() not in sealed.ciphertext
    assert np.array_equal(cipher.open(sealed, 7, "face", MODEL, template_id=1), v)


@pytest.mark.parametrize("key", ["", "short-key"])
def test_missing_or_short_key_is_refused(key):
    with pytest.raises(TemplateKeyError, match="template_key"):
        TemplateCipher(key)


@pytest.mark.parametrize(
    "customer_id, modality, model", [(8, "face", MODEL), (7, "voice", MODEL), (7, "face", "v2")]
)
def test_a_row_moved_to_another_owner_or_model_is_refused(customer_id, modality, model):
    cipher = TemplateCipher(KEY)
    sealed = cipher.seal(vector(), 7, "face", MODEL)
    with pytest.raises(TemplateIntegrityError, match="template 42") as err:
        cipher.open(sealed, customer_id, modality, model, template_id=42)
    assert err.value.template_id == 42


def test_edited_ciphertext_or_mac_is_refused():
    cipher = TemplateCipher(KEY)
    sealed = cipher.seal(vector(), 7, "face", MODEL)
    flipped = bytes([sealed.ciphertext[0] ^ 1]) + sealed.ciphertext[1:]
    with pytest.raises(TemplateIntegrityError):
        cipher.open(SealedTemplate(sealed.nonce, flipped, sealed.mac), 7, "face", MODEL)
    with pytest.raises(TemplateIntegrityError):
        cipher.open(SealedTemplate(sealed.nonce, sealed.ciphertext, b"\0" * 32), 7, "face", MODEL)


def test_another_key_cannot_open():
    sealed = TemplateCipher(KEY).seal(vector(), 7, "face", MODEL)
    with pytest.raises(TemplateIntegrityError):
        TemplateCipher("z" * 40).open(sealed, 7, "face", MODEL)


def test_nonces_differ_between_seals():
    cipher = TemplateCipher(KEY)
    assert cipher.seal(vector(), 7, "face", MODEL).nonce != cipher.seal(
        vector(), 7, "face", MODEL).nonce
