"""Accounts: registration, sign-in, profile, password reset, roles and API tokens."""
