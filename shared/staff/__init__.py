"""Staff accounts: sign-in, session versions, password hashing."""
