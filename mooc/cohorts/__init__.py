"""Member cities and cohorts."""
