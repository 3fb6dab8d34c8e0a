"""The demo plants one case of each fraud scenario, once, through the real rules."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from shared.demo import load_demo_data
from shared.demo.fraud_history import SCENARIOS, plant_demo_cases
from shared.models import FraudCase, FraudSignal
from shared.money.card_keys import CardKeys
from shared.settings import load_settings

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def test_demo_plants_a_case_per_scenario_once(db_session, settings):
    small = settings.model_copy(update={"demo": settings.demo.model_copy(
        update={"customers": 40, "months": 1, "history_days": 0})})
    load_demo_data(db_session, small.demo, now=NOW, card_keys=CardKeys.from_settings(settings))
    opened = plant_demo_cases(db_session, small, NOW)
    rules = sorted(db_session.scalars(select(FraudCase.rule)))
    assert opened == len(rules) == len(SCENARIOS)
    assert rules == sorted(["wrong_pins_across_cards", "velocity", "just_under_limit",
                            "unusual_amount", "new_wallet_after_reissue",
                            "profile_viewed_without_visit"])
    signals = db_session.scalar(select(func.count()).select_from(FraudSignal))
    assert plant_demo_cases(db_session, small, NOW) == 0
    assert db_session.scalar(select(func.count()).select_from(FraudSignal)) == signals


def test_no_demo_no_cases(db_session):
    assert plant_demo_cases(db_session, load_settings("testing", environ={}), NOW) == 0
