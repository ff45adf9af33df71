"""The exchange in the JSON API (filled in below)."""
