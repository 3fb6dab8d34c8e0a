"""Kiosks and door cameras as the server knows them: pairing tokens, status announcements."""
