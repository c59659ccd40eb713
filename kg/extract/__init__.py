"""Extraction: articles to mentions and draft facts (quantities, periods, entities)."""
