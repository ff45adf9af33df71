"""Courses: the content pipeline, the catalogue, course and lesson pages."""
