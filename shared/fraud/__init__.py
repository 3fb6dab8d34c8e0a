"""Fraud monitoring: risk rules on kiosk money, wallets, PINs and staff look-ups; cases."""

from shared.fraud.cases import (
    CaseError,
    CaseView,
    close_case,
    count_open,
    find_case,
    has_case_for,
    list_cases,
)
from shared.fraud.engine import Observation, Verdict, observe
from shared.fraud.rules import RULE_NAMES

__all__ = ["RULE_NAMES", "CaseError", "CaseView", "Observation", "Verdict", "close_case",
           "count_open", "find_case", "has_case_for", "list_cases", "observe"]
