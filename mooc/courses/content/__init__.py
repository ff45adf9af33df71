"""The content pipeline: read a Markdown tree (`tree`), validate it, and sync it (`sync`)."""
