"""fupin-kg: a knowledge graph of poverty-alleviation programmes, places and metrics."""

__version__ = "0.1.0"
