"""Assignments: applied work with a rubric (format, storage, the read-only page)."""
