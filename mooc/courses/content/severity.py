"""The two severities of a content problem: an error blocks a sync, a warning does not."""

ERROR = "error"
WARNING = "warning"
