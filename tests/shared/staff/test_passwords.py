"""Password hashing: Argon2id through argon2-cffi, failures answered with False."""

from __future__ import annotations

from argon2 import PasswordHasher

from shared.staff.passwords import hash_password, needs_rehash, verify_password


def test_a_hash_verifies_its_password_only():
    stored = hash_password("correct horse battery staple")

    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")
    assert not verify_password(stored, "")


def test_hashes_are_salted():
    assert hash_password("demo-rm") != hash_password("demo-rm")


def test_unicode_passwords_round_trip():
    stored = hash_password("Zażółć gęślą jaźń 🔑")

    assert verify_password(stored, "Zażółć gęślą jaźń 🔑")
    assert not verify_password(stored, "Zazolc gesla jazn")


def test_a_missing_or_malformed_hash_never_verifies():
    assert not verify_password(None, "anything")
    assert not verify_password("", "anything")
    assert not verify_password("not-a-hash", "anything")
    assert not verify_password("$argon2id$v=19$m=65536,t=3,p=4$broken", "anything")


def test_needs_rehash_only_for_weaker_or_unreadable_hashes():
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("demo-rm")

    assert not needs_rehash(hash_password("demo-rm"))
    assert needs_rehash(weak)
    assert verify_password(weak, "demo-rm")  # still accepted, then renewed at sign-in
    assert needs_rehash("not-a-hash")
