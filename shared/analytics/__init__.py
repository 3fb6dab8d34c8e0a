"""Analytics from facts: what happened at each branch (no biometrics), rolled up as it arrives."""
