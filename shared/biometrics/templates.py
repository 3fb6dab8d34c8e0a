"""Stored templates of either modality: consent first, sealed rows stored all or nothing,
rows opened only when their MAC holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from shared.audit import SYSTEM, Actor, record
from shared.biometrics.cipher import SealedTemplate, TemplateCipher, TemplateIntegrityError
from shared.biometrics.consent import active_consent, consenting_customer_ids
from shared.models import BiometricTemplate, Consent, Customer
from shared.models.enums import Modality

Input = TypeVar("Input")  # a photo or a recording


@dataclass(frozen=True)
class Verdict:
    """The gate's answer for one input (a photo or a recording)."""

    source: str
    code: str
    reason: str

    @property
    def accepted(self) -> bool:
        return self.code == "ok"


class EnrolmentError(ValueError):
    """Enrolment was refused; nothing was stored. `verdicts` says what each input got."""

    def __init__(self, code: str, message: str, verdicts: list[Verdict] | None = None):
        super().__init__(message)
        self.code = code
        self.verdicts = verdicts or []


@dataclass(frozen=True)
class EnrolmentResult:
    """The templates an enrolment stored, and the gate's verdict on each input."""

    customer_id: int
    template_ids: list[int]
    verdicts: list[Verdict]

    @property
    def stored(self) -> int:
        return len(self.template_ids)


def named_inputs(items: Sequence[Input | tuple[str, Input]], noun: str) -> list[tuple[str, Input]]:
    """Pair each input with a name for its verdict: its own, its path, or `noun` and number."""
    named = []
    for index, item in enumerate(items):
        if isinstance(item, tuple):
            named.append(item)
        elif isinstance(item, Path | str):
            named.append((str(item), item))
        else:
            named.append((f"{noun} {index + 1}", item))
    return named


def require_consent(session: Session, customer_id: int, modality: Modality) -> Consent:
    """Return the customer's active consent for `modality`; raise EnrolmentError if none."""
    if session.get(Customer, customer_id) is None:
        raise EnrolmentError("unknown_customer", f"no customer with id {customer_id}")
    consent = active_consent(session, customer_id, modality)
    if consent is None:
        raise EnrolmentError(
            "no_consent",
            f"customer {customer_id} has no active {modality} consent; nothing stored",
        )
    return consent


def require_enough(
    accepted: Sequence[object], minimum: int, noun: str, verdicts: list[Verdict]
) -> None:
    """Raise EnrolmentError unless at least `minimum` inputs passed the gate."""
    if len(accepted) < minimum:
        raise EnrolmentError(
            f"too_few_{noun}s",
            f"{len(accepted)} usable {noun}(s), need {minimum}; nothing stored",
            verdicts,
        )


def store_templates(
    session: Session,
    cipher: TemplateCipher,
    consent: Consent,
    model_version: str,
    accepted: Sequence[tuple[float, np.ndarray]],
    *,
    replace: bool,
    actor: Actor,
    inputs: tuple[str, int],
) -> list[int]:
    """Seal and store one row per (quality, vector) under `consent`; return the new ids.

    `inputs` names and counts what was offered (("photos", 3)) for the audit entry.
    """
    customer_id, modality = consent.customer_id, Modality(consent.modality)
    ids: list[int] = []
    # A savepoint makes the enrolment all-or-nothing inside the caller's transaction.
    with session.begin_nested():
        if replace:
            session.execute(delete(BiometricTemplate).where(
                BiometricTemplate.customer_id == customer_id,
                BiometricTemplate.modality == modality,
            ))
        for quality, vector in accepted:
            sealed = cipher.seal(vector, customer_id, modality, model_version)
            row = BiometricTemplate(
                customer_id=customer_id, consent_id=consent.id, modality=modality,
                model_version=model_version, nonce=sealed.nonce,
                ciphertext=sealed.ciphertext, mac=sealed.mac, quality=float(quality),
            )
            session.add(row)
            session.flush()
            ids.append(row.id)
        noun, offered = inputs
        record(
            session, actor, "biometrics.enrolled", subject_type="customer",
            subject_id=customer_id,
            detail={"modality": modality.value, "templates": len(ids), noun: offered,
                    "replaced": replace, "model_version": model_version},
        )
    return ids


def consenting_templates(modality: Modality) -> Select[tuple[BiometricTemplate]]:
    """Return a SELECT of the modality's templates of consenting customers, by customer."""
    return (
        select(BiometricTemplate)
        .where(
            BiometricTemplate.modality == modality,
            BiometricTemplate.customer_id.in_(consenting_customer_ids(modality)),
        )
        .order_by(BiometricTemplate.customer_id, BiometricTemplate.id)
    )


def open_templates(
    session: Session,
    cipher: TemplateCipher,
    rows: Iterable[BiometricTemplate],
    refused: list[int],
) -> Iterator[tuple[BiometricTemplate, np.ndarray]]:
    """Yield (row, vector) for rows whose MAC holds; audit the others and list their ids."""
    for row in rows:
        try:
            vector = cipher.open(
                SealedTemplate(row.nonce, row.ciphertext, row.mac),
                row.customer_id, row.modality, row.model_version, template_id=row.id,
            )
        except TemplateIntegrityError as exc:
            refused.append(row.id)
            record(
                session, SYSTEM, "biometrics.template_refused", subject_type="biometric_template",
                subject_id=row.id, reason=str(exc), detail={"customer_id": row.customer_id},
            )
            continue
        yield row, vector
