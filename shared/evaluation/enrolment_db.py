"""A throwaway database where an evaluation enrols its subjects through the branch's services."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import give_consent
from shared.db import Database
from shared.db.migrate import upgrade
from shared.models import Branch, Customer
from shared.models.enums import ConsentChannel, Modality


@contextmanager
def throwaway_database(settings, prefix: str) -> Iterator[Database]:
    """Yield a migrated SQLite database in a temporary folder; both are gone afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        db_settings = settings.model_copy(update={
            "database": settings.database.model_copy(update={"url": f"sqlite:///{tmp}/eval.db"}),
        })
        database = Database(db_settings)
        try:
            upgrade(database.engine)
            yield database
        finally:
            database.dispose()


def throwaway_cipher() -> TemplateCipher:
    """Return a cipher with a random key: its templates go with the throwaway database."""
    return TemplateCipher(secrets.token_urlsafe(48))


def add_evaluation_branch(session: Session) -> Branch:
    """Add the branch every evaluation subject belongs to."""
    branch = Branch(code="EVAL", name="Evaluation")
    session.add(branch)
    session.flush()
    return branch


def add_consenting_subject(
    session: Session, branch: Branch, customer_number: str, name: str, modality: Modality
) -> Customer:
    """Add a customer named after a dataset folder, with an active consent for `modality`."""
    customer = Customer(customer_number=customer_number, given_name=name, family_name="-",
                        home_branch_id=branch.id)
    session.add(customer)
    session.flush()
    give_consent(session, customer.id, modality, "eval", ConsentChannel.COUNTER,
                 branch_id=branch.id)
    return customer
