"""The soak's end checks: events (lost, duplicated), cash, and memory growth."""

from smartbranch.benchmarks.cluster.cash_checks import cash_checks
from smartbranch.benchmarks.cluster.event_checks import event_checks
from smartbranch.benchmarks.cluster.memory import RssSampler

__all__ = ["RssSampler", "cash_checks", "event_checks"]
