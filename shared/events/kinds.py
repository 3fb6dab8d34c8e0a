"""The closed set of event names; the ones the staff console receives are an interface."""

from enum import StrEnum


class EventKind(StrEnum):
    CUSTOMER_ARRIVED = "customer.arrived"
    CUSTOMER_CLAIMED = "customer.claimed"
    CUSTOMER_LEFT = "customer.left"
    CUSTOMER_GREETED = "customer.greeted"
    CUSTOMER_ESCALATED = "customer.escalated"
    TICKET_CREATED = "ticket.created"
    TICKET_CALLED = "ticket.called"
    TICKET_UPDATED = "ticket.updated"
    DEVICE_UNAVAILABLE = "device.unavailable"
    DEVICE_AVAILABLE = "device.available"
    CONSENT_WITHDRAWN = "consent.withdrawn"
    TEMPLATES_ENROLLED = "biometrics.enrolled"
    STAFF_SIGNED_OUT = "staff.signed_out"
    TRAFFIC_COUNTED = "traffic.counted"
    DOOR_CROSSED = "door.crossed"
    KIOSK_SESSION_ENDED = "kiosk.session_ended"
    OFFER_RECORDED = "offer.recorded"
    FRAUD_CASE_OPENED = "fraud.case_opened"
    FRAUD_CASE_CLOSED = "fraud.case_closed"
