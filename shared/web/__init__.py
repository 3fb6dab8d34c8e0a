"""Flask glue shared by the kiosk and the staff console (request sessions, bus access)."""
