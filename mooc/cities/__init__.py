"""UCLG member cities: their names, countries and regions, imported from a CSV file."""
