"""The ORM models; importing this package registers every table on Base.metadata."""

from shared.db.base import Base
from shared.models.analytics import AnalyticsFact, RollupDay, RollupHour, RollupMonth
from shared.models.biometrics import BiometricTemplate, Consent, TemplateCandidate
from shared.models.card import Card, CardStatus
from shared.models.console import ArrivalAction, ArrivalEvent
from shared.models.customer import (
    Customer,
    CustomerPreference,
    FootTrafficCount,
    StaffNote,
    Visit,
)
from shared.models.edge import EdgeEventIngested
from shared.models.fraud import CaseStatus, FraudCase, FraudSignal, SignalKind
from shared.models.insights import CategoryCorrection, CustomerInsight, Notification
from shared.models.lease import KioskLease
from shared.models.ledger import Account, LedgerTransaction, Posting
from shared.models.money import Biller, CashSession, Hold, WalletToken
from shared.models.openbanking import DataSharingConsent, ExternalAccount, ExternalTransaction
from shared.models.organisation import Area, Branch, Device, Staff
from shared.models.service import AuditEntry, QueueTicket
from shared.models.voice import VoiceChallenge

__all__ = [
    "ExternalTransaction",
    "ExternalAccount",
    "DataSharingConsent",
    "Notification",
    "CustomerInsight",
    "CategoryCorrection",
    "Account",
    "AnalyticsFact",
    "Area",
    "ArrivalAction",
    "ArrivalEvent",
    "AuditEntry",
    "Base",
    "Biller",
    "BiometricTemplate",
    "Branch",
    "Card",
    "CardStatus",
    "CashSession",
    "Consent",
    "Customer",
    "CustomerPreference",
    "Device",
    "EdgeEventIngested",
    "CaseStatus",
    "FraudCase",
    "FraudSignal",
    "SignalKind",
    "FootTrafficCount",
    "Hold",
    "KioskLease",
    "LedgerTransaction",
    "Posting",
    "QueueTicket",
    "RollupDay",
    "RollupHour",
    "RollupMonth",
    "Staff",
    "StaffNote",
    "TemplateCandidate",
    "Visit",
    "VoiceChallenge",
    "WalletToken",
]
