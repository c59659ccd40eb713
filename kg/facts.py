"""Facts about numbers: what the extract and curate stages hand to the build stage."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    CURATED = "curated"
    DRAFT = "draft"


@dataclass(frozen=True)
class Fact:
    """One observation: a number stated in an article, with what it measures and its evidence.

    Offsets ``number_start``/``number_end`` and ``quote_start``/``quote_end`` are into the
    article's repaired text; the build maps them to the source file.
    """

    article_id: str
    local_id: str
    stated: str
    value: Decimal
    unit: str
    approx: str  # exact | approx | at_least | at_most | range
    number_start: int
    number_end: int
    quote: str
    quote_start: int
    quote_end: int
    status: Status
    lower: Decimal | None = None
    upper: Decimal | None = None
    indicator: str | None = None
    period: str | None = None
    period_start: str | None = None
    place: str | None = None
    group: str | None = None
    about: str | None = None
    part_of: str | None = None
    share_of: str | None = None
    share_part: str | None = None
    fund: str | None = None
    stage: str | None = None
    per: str | None = None
    phase: str | None = None  # a slug of the phase scheme (built, disbursed …)
    subject_class: str | None = None  # a slug of the subject-class scheme
    per_capita_of: str | None = None  # local id of the figure counting the group averaged over


@dataclass(frozen=True)
class Coverage:
    """What became of one number token of the corpus."""

    article_id: str
    token: str
    start: int  # in the source file
    end: int
    line: int
    status: str  # curated | draft | excluded | unexplained
    reason: str
    observation: str | None
