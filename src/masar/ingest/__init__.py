"""Ingest: every article source in, cleaned, dated and stored once."""

from masar.ingest.feeds import Fetcher
from masar.ingest.pipeline import IngestOptions, IngestReport, ingest, read_input
from masar.ingest.records import parse_field_map

__all__ = ["Fetcher", "IngestOptions", "IngestReport", "ingest", "parse_field_map", "read_input"]
