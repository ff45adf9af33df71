"""Certificates: eligibility (issuing, PDF and verification come with their own issue)."""
