"""Bind a card or account to a digital wallet: consent, one-time code, token; revoke; list.

The kiosk shows a one-time code after the customer consents; the wallet app (Apple Pay,
Google Pay, Alipay, WeChat Pay style) sends it back with its token reference. Only a salted
hash of the code is stored; wrong codes are counted and the binding expires at the limit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.db.base import utcnow
from shared.i18n.text import N_, Text
from shared.models import Account, WalletToken
from shared.models.enums import ActorType
from shared.models.money import WalletProvider, WalletTokenStatus
from shared.money.ledger import AccountUnavailable, InvalidRequest, LedgerError

# What each wallet is called where a person reads it (translated where shown: 微信支付).
PROVIDER_NAMES = {
    WalletProvider.APPLE_PAY: N_("Apple Pay"),
    WalletProvider.GOOGLE_PAY: N_("Google Pay"),
    WalletProvider.ALIPAY: N_("Alipay"),
    WalletProvider.WECHAT_PAY: N_("WeChat Pay"),
}

CODE_DIGITS = 6


class WalletError(LedgerError):
    code = "wallet_error"


def _hash_code(code: str, salt: str) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", code.encode(), bytes.fromhex(salt), 100_000)
    return f"{salt}${digest.hex()}"


def _code_matches(code: str, stored: str) -> bool:
    salt, _digest = stored.split("$", 1)
    return hmac.compare_digest(_hash_code(code, salt), stored)


def start_binding(
    session: Session,
    *,
    customer_id: int,
    account_id: int,
    provider: str,
    consent_given: bool,
    consent_text_version: str,
    device_id: int | None = None,
    card_reference: str = "",
    ttl_seconds: int = 300,
    now: datetime | None = None,
) -> tuple[WalletToken, str]:
    """Record the customer's consent and return the binding with the one-time code to show."""
    if not consent_given:
        raise InvalidRequest(N_("the customer has not consented to bind a wallet"))
    if not consent_text_version.strip():
        raise InvalidRequest(N_("name the consent text version the customer agreed to"))
    try:
        wallet = WalletProvider(provider)
    except ValueError as exc:
        raise InvalidRequest(Text("unknown wallet provider %(provider)s",
                                  provider=repr(provider))) from exc
    account = session.get(Account, account_id)
    if account is None or account.customer_id != customer_id or account.closed_at:
        raise AccountUnavailable(Text("account %(account)s is not the customer's open account",
                                      account=account_id))
    if card_reference and not card_reference.replace("*", "").strip()[-4:].isdigit():
        raise InvalidRequest(N_("card reference must be masked, ending in four digits"))
    now = now or utcnow()
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    token = WalletToken(
        customer_id=customer_id, account_id=account_id, card_reference=card_reference[-32:],
        provider=wallet, status=WalletTokenStatus.PENDING,
        consent_text_version=consent_text_version.strip()[:32], consented_at=now,
        device_id=device_id, code_hash=_hash_code(code, secrets.token_hex(16)),
        code_expires_at=now + timedelta(seconds=ttl_seconds), failed_attempts=0,
        created_at=now, revoke_reason="",
    )
    session.add(token)
    session.flush()
    audit.record(session, audit.Actor(ActorType.CUSTOMER, customer_id), "wallet.consented",
                 subject_type="wallet_token", subject_id=token.id,
                 detail={"provider": str(wallet), "text_version": token.consent_text_version})
    return token, code


@dataclass(frozen=True)
class Confirmation:
    """The wallet's answer; a refusal is returned, not raised, so its count is committed."""

    token: WalletToken
    activated: bool
    message: str


def confirm_binding(
    session: Session,
    token_id: int,
    *,
    code: str,
    token_reference: str,
    max_attempts: int = 3,
    now: datetime | None = None,
) -> Confirmation:
    """Activate the binding when the wallet returns the right code in time."""
    now = now or utcnow()
    reference = (token_reference or "").strip()
    if not 8 <= len(reference) <= 64:
        raise InvalidRequest(N_("token reference must be 8 to 64 characters"))
    token = session.get(WalletToken, token_id)
    if token is None:
        raise WalletError(f"no wallet binding {token_id}")
    if token.status != WalletTokenStatus.PENDING:
        raise WalletError(f"wallet binding {token_id} is {token.status}")
    if now > token.code_expires_at or token.failed_attempts >= max_attempts:
        token.status = WalletTokenStatus.EXPIRED
        session.flush()
        return Confirmation(token, False, "the one-time code has expired; start again")
    if not _code_matches(str(code), token.code_hash):
        token.failed_attempts += 1
        if token.failed_attempts >= max_attempts:
            token.status = WalletTokenStatus.EXPIRED
        session.flush()
        return Confirmation(token, False, "wrong one-time code")
    if session.scalars(select(WalletToken.id).where(
            WalletToken.token_reference == reference)).first() is not None:
        raise WalletError("that token reference is already bound")
    token.token_reference = reference
    token.status = WalletTokenStatus.ACTIVE
    token.activated_at = now
    session.flush()
    return Confirmation(token, True, "bound")


def revoke(session: Session, token_id: int, *, staff_id: int, reason: str,
           now: datetime | None = None) -> WalletToken:
    """Revoke a binding from the staff console (audited); revoking twice is refused."""
    if not reason.strip():
        raise InvalidRequest(N_("give a reason for revoking the wallet token"))
    token = session.get(WalletToken, token_id)
    if token is None:
        raise WalletError(f"no wallet binding {token_id}")
    if token.status == WalletTokenStatus.REVOKED:
        raise WalletError(f"wallet binding {token_id} is already revoked")
    token.status = WalletTokenStatus.REVOKED
    token.revoked_at = now or utcnow()
    token.revoked_by_id = staff_id
    token.revoke_reason = reason.strip()[:240]
    audit.record(session, audit.Actor(ActorType.STAFF, staff_id), "wallet.revoked",
                 subject_type="wallet_token", subject_id=token.id, reason=token.revoke_reason)
    session.flush()
    return token


def list_tokens(session: Session, customer_id: int | None = None,
                status: WalletTokenStatus | None = None) -> list[WalletToken]:
    """Return wallet bindings, newest first, for one customer and/or one status."""
    query = select(WalletToken)
    if customer_id is not None:
        query = query.where(WalletToken.customer_id == customer_id)
    if status is not None:
        query = query.where(WalletToken.status == status)
    return list(session.scalars(query.order_by(WalletToken.id.desc())))
