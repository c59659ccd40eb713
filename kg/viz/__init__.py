"""See the graph: one RDF → networkx conversion, the pyvis page, and networkx analytics."""

from kg.viz.convert import to_networkx
from kg.viz.page import Rendered, render
from kg.viz.view import View, select

__all__ = ["Rendered", "View", "render", "select", "to_networkx"]
