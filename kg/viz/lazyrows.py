"""``kg.viz.rows``'s answers for a few entities, read from the store when first asked.

Why: the overview shows 400 nodes and embeds a few thousand observations, but reading
every entity's labels, quotes and facts up front (``kg.viz.rows.read_rest``) was most of
its build at 1,000 articles. These dicts answer ``get`` as the full rows would, for the
keys the page asks about only (``kg.viz.overview``); each is read once, by triple pattern.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import PROV

from kg.namespaces import OA
from kg.viz.rows import ALT_LABEL, LABELS, Label, Link, _key, read_links

_DEFAULT = ox.DefaultGraph()
_LABEL_PROPS = tuple(ox.NamedNode(str(p)) for p in (*LABELS, ALT_LABEL))
_DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
_SOURCE = ox.NamedNode(str(OA.hasSource))
_SELECTOR = ox.NamedNode(str(OA.hasSelector))
_EXACT = ox.NamedNode(str(OA.exact))


def _node(key: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(key)
    except ValueError:  # not an IRI (a blank node the page never names): no answer
        return None


class LazyLabels(dict[str, list[Label]]):
    """Each subject's labels (``Rows.labels``)."""

    def __init__(self, store: ox.Store | None = None) -> None:
        super().__init__()
        self.store = store or ox.Store()

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            found: list[Label] = []
            node = _node(key)
            for i, prop in enumerate(_LABEL_PROPS if node is not None else ()):
                for q in self.store.quads_for_pattern(node, prop, None, _DEFAULT):
                    o = q.object
                    if type(o) is ox.Literal:
                        found.append(Label(i, o.value, (o.language or "").lower()))
            self[key] = found
        return super().get(key, default)


class LazyEvidence(dict[str, list[tuple[str, str]]]):
    """Each subject's evidence (``Rows.evidence``): per piece, its greatest quote and
    source, as ``kg.viz.rows`` reads them. An entity is read by IRI; a subject that is a
    blank node (a reified statement may be) must be filled in beforehand."""

    def __init__(self, store: ox.Store | None = None) -> None:
        super().__init__()
        self.store = store or ox.Store()

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            node = _node(key)
            pattern = self.store.quads_for_pattern
            found: list[tuple[str, str]] = []
            for q in pattern(node, _DERIVED, None, _DEFAULT) if node is not None else ():
                ev = q.object
                if type(ev) is ox.Literal:
                    continue
                sources = [_key(s.object) for s in pattern(ev, _SOURCE, None, _DEFAULT)]
                quotes = [_key(e.object) for sel in pattern(ev, _SELECTOR, None, _DEFAULT)
                          if type(sel.object) is not ox.Literal
                          for e in pattern(sel.object, _EXACT, None, _DEFAULT)]
                if quotes or sources:
                    found.append((max(quotes, default=""), max(sources, default="")))
            self[key] = found
        return super().get(key, default)


class LazyLinks(dict[str, list[Link]]):
    """Each entity's relations and facts (``Rows.links``), sorted as ``read_rest`` sorts
    them."""

    def __init__(self, store: ox.Store, excluded: Collection[str]) -> None:
        super().__init__()
        self.store, self.excluded = store, excluded

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            node = _node(key)
            self[key] = read_links(self.store, node, self.excluded) if node else []
        return super().get(key, default)
