"""Generated branch history for the manager's dashboard: seeded facts and their rollups."""

from shared.demo.history.day import HistoryBranch, HistoryFact, plan_day
from shared.demo.history.load import HistorySummary, load_history, plan_history

__all__ = [
    "HistoryBranch",
    "HistoryFact",
    "HistorySummary",
    "load_history",
    "plan_day",
    "plan_history",
]
