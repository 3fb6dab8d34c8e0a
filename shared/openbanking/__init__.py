"""Consented account information from other banks (UK Open Banking v3.1) and statements.

`client` talks to another bank's Account and Transaction API, `consents` gives and revokes
the customer's consent, `fetch` stores what a consent allows, `statements` imports an OFX
or CSV file instead, and `simulated_bank` is the other bank's simulated twin.
"""
