"""Cash at the kiosk: withdrawal and deposit as persisted state machines, with recovery."""
