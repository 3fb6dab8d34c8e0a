"""Staff password hashing with Argon2id (argon2-cffi); no home-made crypto."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


def create_password_hasher() -> PasswordHasher:
    """Return a hasher with argon2-cffi's current recommended Argon2id parameters."""
    return PasswordHasher()


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """Hash a password with a fresh random salt into a self-describing PHC string."""
    return (hasher or create_password_hasher()).hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return whether the password matches; a missing or malformed hash never matches.

    With no hash (an unknown username) a hash is still computed, so a caller that
    passes ``None`` spends about the same time as for a real account.
    """
    hasher = create_password_hasher()
    if not password_hash:
        hasher.hash(password)
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return whether the hash was made with older parameters and should be renewed."""
    try:
        return create_password_hasher().check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True
