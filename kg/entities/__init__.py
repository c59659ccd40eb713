"""Entities (programmes, policies, projects, places, organisations, people, groups, events)
and the relations between them, curated or drafted, with evidence."""
