"""The content pipeline: read a Markdown tree, validate it, and sync it into the database."""

from mooc.courses.content.problems import ContentError, Problem
from mooc.courses.content.sync import SyncReport, sync_tree
from mooc.courses.content.tree import Tree, load_tree

__all__ = ["ContentError", "Problem", "SyncReport", "Tree", "load_tree", "sync_tree"]
