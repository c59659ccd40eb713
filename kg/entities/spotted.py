"""What draft spotting returns: entities with the span of their first mention, relations
with the span that states them. Shared by the spotter modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.entities.load import TYPES
from kg.ingest.slug import pinyin_slug
from kg.link.place_ids import place_slug

CJK = "\u3400-\u9fff"


@dataclass(frozen=True)
class SpotTerm:
    """A known name: a label or alias of a vocabulary concept or a curated entity."""

    label: str
    type: str
    slug: str
    place_class: str | None = None


@dataclass(frozen=True)
class SpottedEntity:
    type: str
    label_zh: str
    start: int
    end: int
    aliases: tuple[str, ...] = ()
    place_class: str | None = None
    slug: str = ""
    # A place from the gazetteer or nested in the text: its division code (2, 4 or 6 digits)
    # and its parents, outermost first, as (name, place class, code).
    code: str | None = None
    within: tuple[tuple[str, str, str | None], ...] = ()

    @property
    def ref(self) -> str:
        # The same label gives the same IRI as a curated entity or a vocabulary concept
        # (GROUP[pinyin_slug(label_zh)] for population groups), so drafts and curation meet.
        # A place of a name another division shares has its code in its IRI (place_ids).
        if self.slug:
            return f"{TYPES[self.type]}:{self.slug}"
        if self.type == "Place":
            return f"place:{place_slug(self.label_zh, self.code)}"
        return f"{TYPES[self.type]}:{pinyin_slug(self.label_zh)}"


@dataclass(frozen=True)
class SpottedRelation:
    subject: str
    predicate: str
    object: str
    start: int
    end: int
    role: str | None = None


@dataclass
class Spotted:
    entities: list[SpottedEntity] = field(default_factory=list)
    relations: list[SpottedRelation] = field(default_factory=list)
    # Township and village names the gazetteer cannot place in the article's county.
    unresolved: list[str] = field(default_factory=list)
