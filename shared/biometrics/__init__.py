"""Biometrics: face and voice engines behind adapters, galleries, matching, quality checks."""
