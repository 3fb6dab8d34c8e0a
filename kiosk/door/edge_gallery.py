"""A door's face gallery kept in step with the central database: erase, reload, reconcile."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import func, select

from shared.biometrics.consent import consenting_customer_ids
from shared.biometrics.face.enrolment import GalleryLoad
from shared.biometrics.gallery import GalleryIndex
from shared.models import BiometricTemplate, Customer
from shared.models.enums import Modality

log = logging.getLogger(__name__)


def expected_templates(session, branch_id: int, model_version: str) -> dict[int, int]:
    """Return {customer id: face templates} of the branch's consenting customers."""
    rows = session.execute(
        select(BiometricTemplate.customer_id, func.count(BiometricTemplate.id))
        .join(Customer, Customer.id == BiometricTemplate.customer_id)
        .where(
            BiometricTemplate.modality == Modality.FACE,
            BiometricTemplate.model_version == model_version,
            BiometricTemplate.customer_id.in_(consenting_customer_ids(Modality.FACE)),
            Customer.home_branch_id == branch_id,
        )
        .group_by(BiometricTemplate.customer_id)
    )
    return {int(customer): int(count) for customer, count in rows}


class DoorGalleryOps:
    """The GalleryOps of a door camera's face gallery (voice changes are not its business)."""

    def __init__(
        self,
        database,
        gallery: GalleryIndex,
        reload_customer: Callable[[int], GalleryLoad],
        branch_id: int,
        model_version: str,
    ):
        self.database = database
        self.gallery = gallery
        self.reload_customer = reload_customer
        self.branch_id = branch_id
        self.model_version = model_version

    def erase(self, customer_id: int, modality: str) -> None:
        if modality == Modality.FACE:
            self.gallery.remove_customer(customer_id)

    def refresh(self, customer_id: int, modality: str) -> None:
        if modality != Modality.FACE:
            return
        fresh = self.reload_customer(customer_id).gallery
        # An empty reload (withdrawn since, another branch's customer) drops the customer.
        self.gallery.replace_customer(customer_id, fresh.rows_of(customer_id),
                                      fresh.vectors_per_row_of(customer_id))

    def reconcile(self) -> None:
        """Drop whoever has no active consent, then reload whoever's templates changed."""
        with self.database.session() as session:
            expected = expected_templates(session, self.branch_id, self.model_version)
        held = self.gallery.customers
        gone = held - set(expected)
        for customer_id in gone:
            self.gallery.remove_customer(customer_id)
        # A row stands for the templates averaged into it: compare counts, decrypt nothing.
        changed = [c for c, n in expected.items()
                   if int(self.gallery.vectors_per_row_of(c).sum()) != n]
        for customer_id in changed:
            self.refresh(customer_id, Modality.FACE)
        if gone or changed:
            log.info("gallery reconciled with the database: %d erased, %d reloaded",
                     len(gone), len(changed))
