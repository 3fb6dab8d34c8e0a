"""Face biometrics: engines, quality gate, enrolment and identification."""
