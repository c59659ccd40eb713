"""A big graph made of renamed copies of a small one, for measurements at scale.

Every copy gets its own articles, pages, observations, evidence, places (below the
province), projects, organisations, people, events and funds, and its own article graphs,
while the vocabularies (indicators, units, population groups), the programmes and policies
and the shared named graphs (entities, places, vocabularies, ontology) stay shared, as they
are between real counties. Works on N-Triples and on N-Quads: the graph name of a quad is
one more IRI of its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.namespaces import BASE

SHARED = ("id/indicator/", "id/unit/", "id/scheme/", "id/group/", "id/programme/",
          "id/policy/", "id/place/zhongguo", "id/place/shanxisheng")
# Per-article resources and the named graph of each article; anything else (the ontology,
# graph/entities, graph/places …) is one resource for all copies.
COPIED = ("id/", "graph/article/")
IRI = re.compile(r"<([^>]*)>")
BLANK = re.compile(r"_:([A-Za-z0-9_.-]*[A-Za-z0-9_-])")
MARK = "\x00"  # where a copy's number goes in a line of the template


def copy_chunks(lines_bytes: bytes, copies: int) -> Iterator[bytes]:
    """The lines of ``copies`` renamed copies of the graph (N-Triples or N-Quads), as
    chunks to bulk-load: first the lines every copy shares, then one chunk per copy.

    Made as text: each line that names a copied IRI, or a blank node linked to one
    (evidence, selectors, reified statements), becomes a template once, then one string
    replace per copy (a term-by-term copy of 2M triples in Python took minutes)."""
    lines = lines_bytes.decode("utf-8").splitlines()
    own_blank: set[str] = set()
    changed = True
    while changed:  # blank nodes that hang off a copied IRI, directly or through others
        changed = False
        for line in lines:
            blanks = set(BLANK.findall(line))
            if blanks - own_blank and (blanks & own_blank or any(
                    _copied(iri) for iri in IRI.findall(line))):
                own_blank |= blanks
                changed = True
    shared: list[str] = []
    own: list[str] = []
    for line in lines:
        template = IRI.sub(_mark, line)
        template = BLANK.sub(lambda m: f"_:{m.group(1)}c{MARK}" if m.group(1) in own_blank
                             else m.group(0), template)
        (own if MARK in template else shared).append(template)
    yield "\n".join(shared).encode("utf-8")
    block = "\n".join(own)
    for i in range(copies):
        yield block.replace(MARK, str(i)).encode("utf-8")


def _copied(iri: str) -> bool:
    return (iri.startswith(tuple(BASE + c for c in COPIED))
            and not iri.startswith(tuple(BASE + s for s in SHARED)))


def _mark(match: re.Match[str]) -> str:
    return f"<{match.group(1)}-c{MARK}>" if _copied(match.group(1)) else match.group(0)
