"""The audit trail: who did what to whom, append-only and hash-chained; profile views."""

from shared.audit.trail import GENESIS, SYSTEM, Actor, record, verify_chain

__all__ = ["GENESIS", "SYSTEM", "Actor", "record", "verify_chain"]
