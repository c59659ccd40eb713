"""The ``kg`` subcommands, grouped by concern; ``kg.cli`` registers them."""
