"""Measure recognition on real data: face and voice evaluation, threshold calibration."""
