"""Seeded, reproducible demo data so every screen has something true to show."""

from shared.demo.catalog import DEMO_SIGNINS, DemoSignin, signins_for
from shared.demo.generator import DemoSummary, count_demo_data, load_demo_data

__all__ = [
    "DEMO_SIGNINS",
    "DemoSignin",
    "DemoSummary",
    "count_demo_data",
    "load_demo_data",
    "signins_for",
]
