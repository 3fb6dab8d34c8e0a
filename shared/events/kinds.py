"""The closed set of event names; the ones the staff console receives are an interface."""

from enum import StrEnum


class EventKind(StrEnum):
    CUSTOMER_ARRIVED = "customer.arrived"
    CUSTOMER_CLAIMED = "customer.claimed"
    CUSTOMER_LEFT = "customer.left"
    TICKET_CREATED = "ticket.created"
    TICKET_CALLED = "ticket.called"
    DEVICE_UNAVAILABLE = "device.unavailable"
    DEVICE_AVAILABLE = "device.available"
    CONSENT_WITHDRAWN = "consent.withdrawn"
    TRAFFIC_COUNTED = "traffic.counted"
