"""Biometrics with consent: consent records, sealed templates, galleries, open-set matching."""
