"""Voice biometrics: speaker engines, enrolment, the spoken challenge, fusion with the face."""
