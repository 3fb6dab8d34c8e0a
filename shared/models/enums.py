"""Closed vocabularies stored as strings (extending one needs no migration)."""

from enum import StrEnum


class Role(StrEnum):
    RELATIONSHIP_MANAGER = "relationship_manager"
    TELLER = "teller"
    BRANCH_MANAGER = "branch_manager"
    AREA_MANAGER = "area_manager"  # the dashboards of every branch of their branch's area
    ADMIN = "admin"


class PrivacyMode(StrEnum):
    AMBIENT = "ambient"
    OPT_IN = "opt_in"


class Tier(StrEnum):
    STANDARD = "standard"
    PREMIER = "premier"
    PRIVATE = "private"


class Modality(StrEnum):
    FACE = "face"
    VOICE = "voice"


class ConsentPurpose(StrEnum):
    BIOMETRIC_IDENTIFICATION = "biometric_identification"


class ConsentChannel(StrEnum):
    TABLET = "tablet"
    KIOSK = "kiosk"
    COUNTER = "counter"
    ONLINE = "online"


class AccountKind(StrEnum):
    CURRENT = "current"
    SAVINGS = "savings"
    CREDIT_CARD = "credit_card"
    MORTGAGE = "mortgage"
    LOAN = "loan"
    INTERNAL = "internal"


class TransactionState(StrEnum):
    PENDING = "pending"
    AUTHORISED = "authorised"
    DISPENSING = "dispensing"
    PRESENTED = "presented"
    POSTED = "posted"
    RETRACTED = "retracted"
    RELEASED = "released"
    SUSPECT = "suspect"
    FAILED = "failed"


class VisitSource(StrEnum):
    DOOR_CAMERA = "door_camera"
    KIOSK = "kiosk"
    COUNTER = "counter"
    APPOINTMENT = "appointment"


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"


class DeviceKind(StrEnum):
    KIOSK = "kiosk"
    DOOR_CAMERA = "door_camera"
    CAMERA = "camera"
    MICROPHONE = "microphone"
    CARD_READER = "card_reader"
    PIN_PAD = "pin_pad"
    CASH_DISPENSER = "cash_dispenser"
    CASH_ACCEPTOR = "cash_acceptor"
    RECEIPT_PRINTER = "receipt_printer"


class DeviceStatus(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"
    UNAVAILABLE = "unavailable"
    OUT_OF_SERVICE = "out_of_service"


class ActorType(StrEnum):
    STAFF = "staff"
    SYSTEM = "system"
    DEVICE = "device"
    CUSTOMER = "customer"
