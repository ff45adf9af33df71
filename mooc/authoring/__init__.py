"""Authoring: what authors see before they publish (check results, the dry run's impact on
learners, draft previews), the publish button, and the history of syncs."""
