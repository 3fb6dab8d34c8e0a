"""Tests of shared.openbanking."""
