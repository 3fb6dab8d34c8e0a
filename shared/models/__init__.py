"""The ORM models; importing this package registers every table on Base.metadata."""

from shared.db.base import Base
from shared.models.biometrics import BiometricTemplate, Consent
from shared.models.customer import (
    Customer,
    CustomerPreference,
    FootTrafficCount,
    StaffNote,
    Visit,
)
from shared.models.ledger import Account, LedgerTransaction, Posting
from shared.models.organisation import Branch, Device, Staff
from shared.models.service import AuditEntry, QueueTicket

__all__ = [
    "Account",
    "AuditEntry",
    "Base",
    "BiometricTemplate",
    "Branch",
    "Consent",
    "Customer",
    "CustomerPreference",
    "Device",
    "FootTrafficCount",
    "LedgerTransaction",
    "Posting",
    "QueueTicket",
    "Staff",
    "StaffNote",
    "Visit",
]
