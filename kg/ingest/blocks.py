"""Split a decoded page into blocks (one per non-empty line) with offsets and metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kg.errors import InputError
from kg.ingest.script import simplified_view
from kg.model import Block, BlockKind, SourceDoc
from kg.yamlfiles import load_yaml_mapping

# "# source: http://…" / "# title: …" header lines at the very top are metadata, not headings.
_HEADER_KEYS = ("source", "title", "date", "author", "authors", "place", "language", "publication")
_HEADER = re.compile(r"^#\s*(" + "|".join(_HEADER_KEYS) + r")\s*[:：]\s*(.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*$")
# A lead marker: **本报讯**, **央视网消息**, **新华社北京8月24日电** … at the start of a line.
_LEAD = re.compile(r"^\*\*([^*]{1,24}?(?:讯|消息|电))\*\*\s*")
_LEAD_PLAIN = re.compile(r"^(本报讯|本报消息)\s*")
_SENTENCE_PUNCT = re.compile(r"[，。；：！？、,;:!?]")


@dataclass(frozen=True)
class ParsedPage:
    blocks: tuple[Block, ...]
    metadata: dict[str, Any]
    leads: dict[int, str]  # block index -> lead marker


def parse_blocks(doc: SourceDoc) -> ParsedPage:
    text = doc.text
    metadata: dict[str, Any] = {}
    pos = 0
    line_no = 1
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end < 0:
            raise InputError("YAML front matter opened with '---' is never closed", doc.path, 1)
        loaded = load_yaml_mapping(text[4:end], doc.path, first_line=2,
                                   what="YAML front matter")
        metadata.update(loaded)
        nl = text.find("\n", end + 1)
        pos = len(text) if nl < 0 else nl + 1
        line_no = text.count("\n", 0, pos) + 1

    blocks: list[Block] = []
    leads: dict[int, str] = {}
    in_header = True
    for raw_line in text[pos:].split("\n"):
        start = pos
        pos += len(raw_line) + 1
        this_line = line_no
        line_no += 1
        stripped = raw_line.strip()
        if not stripped:
            continue
        lead_ws = len(raw_line) - len(raw_line.lstrip())
        s0 = start + lead_ws
        header = _HEADER.match(stripped) if in_header else None
        if header:
            metadata.setdefault(header.group(1), header.group(2).strip())
            continue
        in_header = False
        view = simplified_view(stripped)  # 本報訊 is a lead marker too
        kind = BlockKind.BODY
        inner_start, inner = s0, stripped
        if m := _MD_HEADING.match(stripped):
            kind = BlockKind.HEADING
            inner = m.group(2)
            inner_start = s0 + stripped.index(inner)
        elif (m := _BOLD_LINE.match(stripped)) and not _SENTENCE_PUNCT.search(m.group(1)[-1]):
            kind = BlockKind.HEADING
            inner = m.group(1).strip()
            inner_start = s0 + stripped.index(inner)
        elif (m := _LEAD.match(view)) or (m := _LEAD_PLAIN.match(view)):
            kind = BlockKind.LEAD
            leads[len(blocks)] = stripped[m.start(1):m.end(1)]
            inner = stripped[m.end():]
            inner_start = s0 + m.end()
        if not inner:
            continue
        blocks.append(
            Block(
                index=len(blocks),
                kind=kind,
                text=inner,
                start=inner_start,
                end=inner_start + len(inner),
                line=this_line,
                raw=stripped,
            )
        )
    return ParsedPage(tuple(blocks), metadata, leads)


def is_caption(block: Block) -> bool:
    """A photo caption: a short line with no sentence punctuation at all."""
    return block.kind is BlockKind.BODY and len(block.text) <= 20 and not _SENTENCE_PUNCT.search(
        block.text
    )
