"""Cash at the kiosk: one state-machine engine (machine.py) and its two machines, withdrawal
and deposit (declarations plus their entry points), with restart recovery and reconciliation."""
