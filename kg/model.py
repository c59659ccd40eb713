"""Plain data passed between pipeline stages.

Offsets are Unicode code-point offsets into the decoded source file, so that an evidence
span ``start:end`` slices the very text the user has (``open(path).read()[start:end]``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of the source file's characters."""

    start: int
    end: int


@dataclass(frozen=True)
class SourceDoc:
    """One input file, decoded."""

    path: str  # as the user named it (relative where possible); never used for reading again
    name: str  # file name without directories
    text: str
    encoding: str
    sha256: str
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return self.text.count("\n", 0, offset) + 1


class BlockKind(StrEnum):
    HEADING = "heading"
    LEAD = "lead"
    BODY = "body"
    CAPTION = "caption"


@dataclass(frozen=True)
class Block:
    """A non-empty line of the page: a headline, a paragraph or a paragraph fragment."""

    index: int
    kind: BlockKind
    text: str  # the line without surrounding whitespace or Markdown emphasis of headings
    start: int
    end: int
    line: int
    raw: str = ""  # the line as printed, for headings with Markdown markers

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph after reading-order repair; joined fragments keep one segment each."""

    text: str
    segments: tuple[Span, ...]

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end


@dataclass(frozen=True)
class Sentence:
    text: str
    segments: tuple[Span, ...]


class Flag(StrEnum):
    TRUNCATED = "truncated"  # the text ends mid-sentence
    NO_HEADLINE = "no-headline"
    ORPHAN_FRAGMENTS = "orphan-fragments"


class _OffsetMap:
    """Pieces of the repaired text, each a verbatim copy of a source range."""

    def __init__(self, pieces: list[tuple[int, int, int]]):
        self.pieces = pieces  # (text_start, source_start, length), sorted by text_start
        self.starts = [p[0] for p in pieces]

    @classmethod
    def of(cls, paragraphs: tuple[Paragraph, ...]) -> _OffsetMap:
        pieces: list[tuple[int, int, int]] = []
        pos = 0
        for paragraph in paragraphs:
            for seg in paragraph.segments:
                pieces.append((pos, seg.start, seg.end - seg.start))
                pos += seg.end - seg.start
            pos += 1  # the newline between paragraphs maps to no source character
        return cls(pieces)

    def spans(self, start: int, end: int) -> tuple[Span, ...]:
        out: list[Span] = []
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        for t0, s0, n in self.pieces[i:]:
            if t0 >= end:
                break
            lo, hi = max(start, t0), min(end, t0 + n)
            if lo < hi:
                piece = Span(s0 + lo - t0, s0 + hi - t0)
                if out and out[-1].end == piece.start:
                    piece = Span(out[-1].start, piece.end)
                    out.pop()
                out.append(piece)
        return tuple(out)


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    source: SourceDoc
    paragraphs: tuple[Paragraph, ...]
    title_span: Span | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None  # ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY) where known
    dateline: str | None = None  # as printed, e.g. "8月24日"
    lead: str | None = None  # the lead marker, e.g. "本报讯"
    flags: tuple[Flag, ...] = ()
    _map: _OffsetMap = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_map", _OffsetMap.of(self.paragraphs))

    @property
    def text(self) -> str:
        """The repaired text: paragraphs separated by one newline."""
        return "\n".join(p.text for p in self.paragraphs)

    def source_spans(self, start: int, end: int) -> tuple[Span, ...]:
        """Map a range of :attr:`text` to ranges of the source file (several across joins)."""
        return self._map.spans(start, end)

    def sentences(self) -> tuple[Sentence, ...]:
        from kg.ingest.sentences import split_sentences

        return split_sentences(self)


@dataclass(frozen=True)
class PageElement:
    """Page furniture that is not an article: a banner headline, a photo gallery."""

    kind: str  # "banner" | "gallery"
    text: str
    span: Span
    line: int
    captions: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestEvent:
    """One thing the reading-order repair did, for the ingest report."""

    action: str  # "joined" | "moved" | "dropped" | "flagged" | "element" | "override"
    detail: str
    line: int
    other_line: int | None = None
    article: str | None = None


@dataclass(frozen=True)
class Page:
    source: SourceDoc
    articles: tuple[Article, ...]
    elements: tuple[PageElement, ...]
    events: tuple[IngestEvent, ...]
