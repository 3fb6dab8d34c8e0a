"""Face biometrics: engines, quality gate, gallery and open-set matching."""
