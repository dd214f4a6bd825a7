"""Serving the store: the CLI (and, in later issues, the REST API and dashboard)."""

__all__: list[str] = []
