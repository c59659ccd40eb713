"""Curate: human-reviewed annotation files confirm, correct or add facts."""
