"""Benchmarks: each module measures our path and its floor in the same run."""
