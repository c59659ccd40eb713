"""Ingest: a source page becomes articles, with reading order repaired and offsets kept."""

from kg.ingest.page import ingest

__all__ = ["ingest"]
