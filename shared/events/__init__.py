"""Typed events and the bus that carries them."""

from shared.events.bus import EventBus, InProcessBus
from shared.events.kinds import EventKind
from shared.events.payloads import (
    ConsentWithdrawn,
    CustomerArrived,
    CustomerClaimed,
    CustomerLeft,
    DeviceAvailable,
    DeviceUnavailable,
    DoorCrossed,
    Event,
    EventFormatError,
    FraudCaseClosed,
    FraudCaseOpened,
    KioskSessionEnded,
    OfferRecorded,
    Payload,
    StaffSignedOut,
    TemplatesEnrolled,
    TicketCalled,
    TicketCreated,
    TicketUpdated,
    TrafficCounted,
)
from shared.settings import Settings


def create_bus(settings: Settings) -> EventBus:
    """Build the bus the settings name: in-process, or Redis for several processes."""
    if settings.events.backend == "redis":
        from shared.events.redis_bus import RedisBus

        return RedisBus(settings.events.redis_url, settings.events.channel)
    return InProcessBus()


__all__ = [
    "ConsentWithdrawn",
    "CustomerArrived",
    "CustomerClaimed",
    "CustomerLeft",
    "DeviceAvailable",
    "DeviceUnavailable",
    "DoorCrossed",
    "Event",
    "EventBus",
    "EventFormatError",
    "EventKind",
    "FraudCaseClosed",
    "FraudCaseOpened",
    "InProcessBus",
    "KioskSessionEnded",
    "OfferRecorded",
    "Payload",
    "StaffSignedOut",
    "TemplatesEnrolled",
    "TicketCalled",
    "TicketCreated",
    "TicketUpdated",
    "TrafficCounted",
    "create_bus",
]
