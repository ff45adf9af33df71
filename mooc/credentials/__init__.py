"""Open Badges 3.0 credentials: the issuer's did:web identity, signed credentials, status lists."""
