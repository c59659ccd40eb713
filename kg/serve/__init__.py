"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint with a page per resource."""

from __future__ import annotations

from kg.serve.app import make_app
from kg.serve.server import KgServer, make_server
from kg.serve.site import Site, load_examples

__all__ = ["KgServer", "Site", "load_examples", "make_app", "make_server"]
