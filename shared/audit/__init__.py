"""The audit trail: who did what to whom, append-only and HMAC-chained, with signed
checkpoints outside the database; profile views."""

from shared.audit.checkpoints import verify_checkpoints, verify_log, write_checkpoint
from shared.audit.trail import GENESIS, SYSTEM, Actor, check_chain, record, verify_chain

__all__ = ["GENESIS", "SYSTEM", "Actor", "check_chain", "record", "verify_chain",
           "verify_checkpoints", "verify_log", "write_checkpoint"]
