"""Apply an annotation file to its article: re-find every quote and number, or fail loudly."""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import Graph, URIRef

from kg.build.observations import entity_iri
from kg.curate.load import Annotation, CuratedEntry
from kg.errors import InputError
from kg.extract.quantity import Quantity, find_quantities
from kg.facts import Fact, Status
from kg.model import Article
from kg.namespaces import GROUP, IND, PLACE
from kg.textsearch import occurrences


@dataclass(frozen=True)
class Exclusion:
    """A number the curator set aside, with the reason, located in the article text."""

    article_id: str
    number: str
    start: int
    end: int
    reason: str


def locate(entry: CuratedEntry, article: Article) -> tuple[int, int, int]:
    """(quote start, number start, number end) in ``article.text``."""
    quote: str = entry.fields["quote"]
    number: str = entry.fields["number"]
    text = article.text
    hits = occurrences(text, quote)
    if not hits:
        raise InputError(
            f"quote not found in article {article.id} (after reading-order repair): {quote!r}",
            entry.file, entry.line)
    occurrence: int | None = entry.fields.get("occurrence")
    if len(hits) > 1 and occurrence is None:
        raise InputError(f"quote occurs {len(hits)} times in article {article.id}; quote more "
                         f"words or add 'occurrence: N': {quote!r}", entry.file, entry.line)
    in_quote = occurrences(quote, number)
    if not in_quote:
        raise InputError(f"the quote does not contain its number {number!r}: {quote!r}",
                         entry.file, entry.line)
    # occurrence picks among the quote's places in the article, or else (quote unique) among
    # the number's places in the quote.
    choices = len(hits) if len(hits) > 1 else len(in_quote)
    if occurrence is not None and occurrence > choices:
        raise InputError(f"occurrence {occurrence} but only {choices} to choose from: "
                         f"{quote!r}", entry.file, entry.line)
    quote_start = hits[occurrence - 1] if occurrence and len(hits) > 1 else hits[0]
    pick = in_quote[occurrence - 1] if occurrence and len(hits) == 1 else in_quote[0]
    start = quote_start + pick
    return quote_start, start, start + len(number)


def curated_facts(
    annotation: Annotation, article: Article, quantities: list[Quantity] | None = None
) -> tuple[list[Fact], list[Exclusion]]:
    """Facts and exclusions of one article, every quote and number re-found in its text."""
    quantities = find_quantities(article.text) if quantities is None else quantities
    facts: list[Fact] = []
    claimed: list[tuple[int, int, CuratedEntry]] = []
    for entry in annotation.observations:
        quote_start, n_start, n_end = locate(entry, article)
        _claim(claimed, n_start, n_end, entry)
        q = _quantity_at(quantities, n_start, n_end)
        fields: dict[str, Any] = {**annotation.defaults, **entry.fields}
        if q is not None and "value" not in fields and q.number_text not in fields["number"]:
            # The grammar read a different figure here (e.g. 800元 inside 1800元): taking its
            # value silently would curate a number nobody reviewed.
            raise InputError(
                f"the quantity grammar reads {q.stated!r} here, not {fields['number']!r}; "
                "quote the whole figure or give 'value' and 'unit'", entry.file, entry.line)
        value = fields.get("value", q.value if q else None)
        unit = fields.get("unit", q.unit if q else None)
        if value is None or unit is None:
            raise InputError(
                f"the quantity grammar reads no quantity in {entry.fields['number']!r}; "
                "give 'value' and 'unit'", entry.file, entry.line)
        approx = fields.get("approx", q.approx.value if q else "exact")
        lower = fields.get("lower", q.lower if q and "value" not in fields else None)
        upper = fields.get("upper", q.upper if q and "value" not in fields else None)
        quote: str = fields["quote"]
        facts.append(
            Fact(
                article_id=article.id,
                local_id=fields["id"],
                stated=q.stated if q and "value" not in fields else fields["number"],
                value=Decimal(value),
                unit=str(unit),
                approx=str(approx),
                number_start=q.start if q and "value" not in fields else n_start,
                number_end=q.end if q and "value" not in fields else n_end,
                quote=quote,
                quote_start=quote_start,
                quote_end=quote_start + len(quote),
                status=Status.CURATED,
                lower=lower,
                upper=upper,
                indicator=fields.get("indicator"),
                period=fields.get("period"),
                period_start=fields.get("period_start"),
                place=fields.get("place"),
                group=fields.get("group"),
                about=fields.get("about"),
                part_of=fields.get("part_of"),
                share_of=fields.get("share_of"),
                share_part=fields.get("share_part"),
                fund=fields.get("fund"),
                stage=fields.get("stage"),
                per=fields.get("per", q.per if q else None),
                phase=fields.get("phase"),
                subject_class=fields.get("subject_class"),
                per_capita_of=fields.get("per_capita_of"),
            )
        )
    exclusions: list[Exclusion] = []
    for entry in annotation.exclusions:
        _, n_start, n_end = locate(entry, article)
        _claim(claimed, n_start, n_end, entry)
        exclusions.append(
            Exclusion(article.id, entry.fields["number"], n_start, n_end, entry.fields["reason"])
        )
    return facts, exclusions


def _claim(claimed: list[tuple[int, int, CuratedEntry]], start: int, end: int,
           entry: CuratedEntry) -> None:
    """Each number of the article is curated or excluded once: the graph states it once."""
    for s, e, other in claimed:
        if s < end and start < e:
            raise InputError(
                f"number {entry.fields['number']!r} is already curated or excluded at line "
                f"{other.line} ({other.fields['number']!r}); a figure is stated once",
                entry.file, entry.line)
    claimed.append((start, end, entry))


def _quantity_at(quantities: list[Quantity], start: int, end: int) -> Quantity | None:
    """The grammar's quantity that covers the curated number (the tightest one)."""
    covering = [q for q in quantities if q.start < end and start < q.end]
    if not covering:
        return None
    return min(covering, key=lambda q: (abs(q.start - start) + abs(q.end - end), q.start))


# What each reference field of an annotation names, and how to list the known names.
_REFERENCES: dict[str, tuple[Callable[[str], URIRef], str]] = {
    "indicator": (lambda slug: IND[slug], "an indicator of the vocabulary (ontology/vocab/)"),
    "place": (lambda slug: PLACE[slug], "a place of the reference data or of an entity file"),
    "group": (lambda slug: GROUP[slug], "a population group of the vocabulary"),
    "about": (entity_iri, "an entity of an entity file (<page>.entities.yaml)"),
}


def check_references(annotation: Annotation, known: Set[URIRef]) -> None:
    """Every indicator, place, group and ``about`` of the annotation names something the
    build describes (a subject in ``known``); a dangling one is reported with the entry's
    file:line rather than built into a subject with no description. A kind of which the
    build knows nothing at all (a test built without reference places) is not checked."""
    entries: list[tuple[dict[str, Any], int]] = [(annotation.defaults, annotation.line)]
    entries += [(e.fields, e.line) for e in annotation.observations]
    namespaces = {k[: k.rfind("/") + 1] for k in known}
    for fields, line in entries:
        for key, (to_iri, what) in _REFERENCES.items():
            ref = fields.get(key)
            if ref is None:
                continue
            iri = to_iri(str(ref))
            namespace = iri[: iri.rfind("/") + 1]
            if iri not in known and namespace in namespaces:
                raise InputError(f"{key}: {ref!r} is not known; it must name {what}",
                                 annotation.path, line)


def known_subjects(graph: Graph) -> frozenset[URIRef]:
    """The IRIs a graph describes, for :func:`check_references`."""
    return frozenset(s for s in graph.subjects(unique=True) if isinstance(s, URIRef))
