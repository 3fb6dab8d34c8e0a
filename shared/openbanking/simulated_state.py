"""What the simulated bank remembers: account-access consents, access tokens, PSU histories."""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from shared.openbanking.simulated_data import PsuHistory
from shared.openbanking.simulated_psu import Psu, make_psu

AWAITING = "AwaitingAuthorisation"
AUTHORISED = "Authorised"
REVOKED = "Revoked"

TRANSACTION_READS = {"ReadTransactionsBasic", "ReadTransactionsDetail"}
TRANSACTION_DIRECTIONS = {"ReadTransactionsCredits", "ReadTransactionsDebits"}


class ConsentProblem(Exception):
    """Why a consent request or a use of a consent is refused (an OB error code and words)."""

    def __init__(self, error_code: str, message: str, path: str = ""):
        super().__init__(message)
        self.error_code, self.message, self.path = error_code, message, path


@dataclass(frozen=True)
class SimConsent:
    """An account-access consent as the simulated bank keeps it."""

    consent_id: str
    permissions: tuple[str, ...]
    status: str
    created_at: datetime
    status_updated_at: datetime
    expires_at: datetime | None = None
    transactions_from: datetime | None = None
    transactions_to: datetime | None = None
    psu_id: str = ""
    deleted: bool = False

    def allows(self, permission: str) -> bool:
        return permission in self.permissions


def check_permissions(permissions: list[str], known: set[str]) -> None:
    """Refuse an empty, unknown or incoherent set of permissions (the OB rules)."""
    if not permissions:
        raise ConsentProblem("UK.OBIE.Field.Missing", "Permissions are missing",
                             "Data.Permissions")
    unknown = [p for p in permissions if p not in known]
    if unknown:
        raise ConsentProblem("UK.OBIE.Field.Invalid", f"Unknown permission {unknown[0]}",
                             "Data.Permissions")
    given = set(permissions)
    # A transaction read needs a direction (credits, debits), and a direction needs a read.
    if bool(given & TRANSACTION_READS) != bool(given & TRANSACTION_DIRECTIONS):
        raise ConsentProblem("UK.OBIE.Field.Invalid",
                             "Transaction permissions need both a read and a direction",
                             "Data.Permissions")


class BankState:
    """Consents, tokens and PSU histories of one simulated bank, safe across threads."""

    def __init__(self, seed: int, clock: Callable[[], datetime], token_ttl_s: int = 3600):
        self.seed = seed
        self.clock = clock
        self.token_ttl = timedelta(seconds=token_ttl_s)
        self._lock = threading.RLock()
        self._consents: dict[str, SimConsent] = {}
        self._tokens: dict[str, tuple[str, datetime]] = {}
        self._psus: dict[str, tuple[Psu, PsuHistory]] = {}

    def create(self, permissions: tuple[str, ...], expires_at: datetime | None,
               transactions_from: datetime | None,
               transactions_to: datetime | None) -> SimConsent:
        now = self.clock()
        if expires_at is not None and expires_at <= now:
            raise ConsentProblem("UK.OBIE.Field.InvalidDate",
                                 "ExpirationDateTime is in the past",
                                 "Data.ExpirationDateTime")
        consent = SimConsent(
            consent_id="aac-" + str(uuid.uuid4()), permissions=permissions, status=AWAITING,
            created_at=now, status_updated_at=now, expires_at=expires_at,
            transactions_from=transactions_from, transactions_to=transactions_to)
        with self._lock:
            self._consents[consent.consent_id] = consent
        return consent

    def restore(self, consent_id: str, permissions: tuple[str, ...], expires_at: datetime,
                psu_id: str) -> SimConsent:
        """Remember an authorised consent again after a restart, as a real bank keeps its
        consents (the simulated bank holds them in memory; `smartbranch serve` restores ours)."""
        now = self.clock()
        consent = SimConsent(consent_id=consent_id, permissions=permissions, status=AUTHORISED,
                             created_at=now, status_updated_at=now, expires_at=expires_at,
                             psu_id=psu_id)
        with self._lock:
            self._consents.setdefault(consent_id, consent)
            return self._consents[consent_id]

    def consents(self) -> list[SimConsent]:
        """Every consent not deleted, oldest first (for a demo's or a test's eyes)."""
        with self._lock:
            return [c for c in self._consents.values() if not c.deleted]

    def get(self, consent_id: str) -> SimConsent | None:
        with self._lock:
            consent = self._consents.get(consent_id)
        return None if consent is None or consent.deleted else consent

    def delete(self, consent_id: str) -> bool:
        """Delete a consent (the TPP's DELETE): its tokens stop working at once."""
        with self._lock:
            consent = self.get(consent_id)
            if consent is None:
                return False
            self._consents[consent_id] = replace(consent, deleted=True, status=REVOKED,
                                                 status_updated_at=self.clock())
            return True

    def revoke(self, consent_id: str) -> bool:
        """The PSU revokes the consent at the bank (its dashboard): status Revoked."""
        with self._lock:
            consent = self.get(consent_id)
            if consent is None:
                return False
            self._consents[consent_id] = replace(consent, status=REVOKED,
                                                 status_updated_at=self.clock())
            return True

    def authorise(self, consent_id: str, psu_id: str) -> tuple[str, SimConsent]:
        """The PSU approves the consent at the bank; return a new access token bound to it.

        Approving an authorised consent again (the same PSU, or none named) gives a fresh
        token, as a refresh grant would.
        """
        with self._lock:
            consent = self.get(consent_id)
            if consent is None:
                raise ConsentProblem("UK.OBIE.Resource.NotFound", "No such consent")
            if consent.status == REVOKED:
                raise ConsentProblem("UK.OBIE.Resource.InvalidConsentStatus",
                                     "The consent was revoked")
            if consent.status == AUTHORISED:
                if psu_id and psu_id != consent.psu_id:
                    raise ConsentProblem("UK.OBIE.Resource.ConsentMismatch",
                                         "The consent belongs to another PSU")
            elif not psu_id:
                raise ConsentProblem("UK.OBIE.Field.Missing", "psu_id is missing", "psu_id")
            else:
                consent = replace(consent, status=AUTHORISED, psu_id=psu_id,
                                  status_updated_at=self.clock())
                self._consents[consent_id] = consent
            token = secrets.token_urlsafe(24)
            self._tokens[token] = (consent_id, self.clock() + self.token_ttl)
            return token, consent

    def consent_for_token(self, token: str) -> SimConsent | None:
        """The consent a live access token is bound to (deleted ones included), or None."""
        with self._lock:
            bound = self._tokens.get(token)
            if bound is None or bound[1] <= self.clock():
                return None
            return self._consents.get(bound[0])

    def psu(self, psu_id: str) -> tuple[Psu, PsuHistory]:
        with self._lock:
            if psu_id not in self._psus:
                psu = make_psu(self.seed, psu_id)
                self._psus[psu_id] = (psu, PsuHistory(psu))
            return self._psus[psu_id]
