"""Link: places, indicators and units to external open data."""
