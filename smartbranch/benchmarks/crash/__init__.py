"""Kill a real kiosk agent process from outside at chosen and random points, restart it,
and prove the cash in its devices agrees with the ledger (see lab.py for the method)."""
