"""Seeded, reproducible demo data so every screen has something true to show."""

from shared.demo.cards import DemoCard, demo_card_for, load_demo_cards
from shared.demo.catalog import DEMO_SIGNINS, DemoSignin, signins_for
from shared.demo.generator import DemoSummary, count_demo_data, load_demo_data

__all__ = [
    "DEMO_SIGNINS",
    "DemoCard",
    "DemoSignin",
    "DemoSummary",
    "count_demo_data",
    "demo_card_for",
    "load_demo_cards",
    "load_demo_data",
    "signins_for",
]
