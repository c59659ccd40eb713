"""Annotation files: one YAML file per article that confirms, corrects or adds facts and
excludes numbers with a reason.

```yaml
article: xingxian-jiji-shishi-peixun-jiuye
defaults: {place: xingxian, period: "2020"}
observations:
  - id: caregiver-trainees             # unique within the file
    number: 5919人                      # as printed; must occur in the quote
    quote: 其中“吕梁山护工”5919人        # exact text of the article (after reading-order repair)
    indicator: trainees                 # any other field is optional
    about: programme:lvliangshan-hugong
    period_start: "2016"
    part_of: trainees-total
excluded:
  - number: "2019年4月"
    quote: 2019年4月在山西省培训就业工作会上
    reason: date of a meeting
```

Observation fields besides ``id``, ``number`` and ``quote``: ``indicator`` (a slug of the
indicator scheme), ``place`` and ``group`` (slugs), ``about`` (``kind:slug`` of a curated
entity: programme, policy, project, org, place, group, event, fund), ``period`` and
``period_start`` (2020, 2020-09 or 2020-08-24; quote them), ``part_of``/``share_of``/
``share_part`` (ids of other observations in the file), ``fund`` (a slug) and ``stage``
(planned, arranged, pooled, disbursed, spent), ``per`` (the rate denominator, e.g. mu/year),
``per_capita_of`` (for a per-capita or per-household figure, the id of the figure counting
the group it averages over: 人均增收708元 of 49176名社员), ``phase`` (the stage the figure
counts, a slug of ontology/vocab/phases.ttl: planned, arranged, supported, under-construction,
built, in-use, disbursed), ``subject_class`` (which kind of thing it counts, a slug of
ontology/vocab/subject-classes.ttl, e.g. livestock-cooperative), ``note`` (free text for the
reader). Where the quantity grammar reads the number wrongly,
``value`` and ``unit`` (and ``approx``, ``lower``, ``upper``) replace its reading. When a
quote occurs several times in the article, ``occurrence: N`` picks the N-th; when the number
occurs several times in a unique quote, it picks the N-th there. ``defaults`` apply to every
observation (an entry's own ``period: null`` removes the default).
Every error names the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kg.build.observations import ENTITY_KINDS
from kg.errors import InputError
from kg.extract.quantity import UNITS
from kg.extract.status import PHASES
from kg.yamlfiles import compose_yaml, read_yaml_text

OBSERVATION_FIELDS = {
    "id", "number", "quote", "indicator", "period", "period_start", "place", "group", "about",
    "part_of", "share_of", "share_part", "fund", "stage", "value", "unit", "approx", "lower",
    "upper", "per", "note", "occurrence", "phase", "subject_class", "per_capita_of",
}
EXCLUSION_FIELDS = {"number", "quote", "reason", "occurrence"}
DEFAULT_FIELDS = {"period", "place", "group", "about", "period_start", "fund"}
LINK_FIELDS = ("part_of", "share_of", "share_part", "per_capita_of")
APPROX = {"exact", "approx", "at_least", "at_most", "range"}
STAGES = {"planned", "arranged", "pooled", "disbursed", "spent"}
# Checked here, where the file and line are known, rather than failing later in the build.
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SLUG_FIELDS = ("id", "indicator", "place", "group", "fund", "phase", "subject_class",
               *LINK_FIELDS)


@dataclass(frozen=True)
class CuratedEntry:
    fields: dict[str, Any]
    file: str
    line: int

    def get(self, key: str) -> Any:
        return self.fields.get(key)


@dataclass(frozen=True)
class Annotation:
    path: str
    article: str
    line: int
    defaults: dict[str, Any] = field(default_factory=dict)
    observations: tuple[CuratedEntry, ...] = ()
    exclusions: tuple[CuratedEntry, ...] = ()


def load_annotation(path: Path, shown: str | None = None) -> Annotation:
    name = shown or path.name
    return parse_annotation(read_yaml_text(path, name, "annotation file"), name)


def parse_annotation(text: str, name: str) -> Annotation:
    root = compose_yaml(text, name)
    if not isinstance(root, yaml.MappingNode):
        raise InputError("expected a mapping with 'article' and 'observations'", name, 1)
    top = _mapping(root, name, {"article", "defaults", "observations", "excluded"})
    article_node = top.get("article")
    if article_node is None:
        raise InputError("missing 'article: <article id>' (see `kg ingest` for ids)", name, 1)
    article = _scalar(article_node, name)
    defaults: dict[str, Any] = {}
    if "defaults" in top:
        raw_defaults = _mapping(top["defaults"], name, DEFAULT_FIELDS)
        defaults = {k: _scalar(v, name) for k, v in raw_defaults.items()}
        _normalise(defaults, raw_defaults, name)
    observations = tuple(
        _entry(n, name, OBSERVATION_FIELDS, ("id", "number", "quote"))
        for n in _sequence(top.get("observations"), name)
    )
    exclusions = tuple(
        _entry(n, name, EXCLUSION_FIELDS, ("number", "quote", "reason"))
        for n in _sequence(top.get("excluded"), name)
    )
    _check_ids(observations, name)
    return Annotation(name, str(article), article_node.start_mark.line + 1, defaults,
                      observations, exclusions)


def _mapping(node: yaml.Node, name: str, allowed: set[str]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise InputError("expected a mapping (key: value)", name, node.start_mark.line + 1)
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        k = str(key.value)
        if k not in allowed:
            raise InputError(f"unknown key {k!r}; expected one of {', '.join(sorted(allowed))}",
                             name, key.start_mark.line + 1)
        if k in out:
            raise InputError(f"key {k!r} given twice", name, key.start_mark.line + 1)
        out[k] = value
    return out


def _sequence(node: yaml.Node | None, name: str) -> list[yaml.Node]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise InputError("expected a list of entries ('- id: …')", name, node.start_mark.line + 1)
    return list(node.value)


def _scalar(node: yaml.Node, name: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise InputError("expected a single value", name, node.start_mark.line + 1)
    value = yaml.safe_load(yaml.serialize(node))
    return value


def _entry(
    node: yaml.Node, name: str, allowed: set[str], required: tuple[str, ...]
) -> CuratedEntry:
    line = node.start_mark.line + 1
    raw = _mapping(node, name, allowed)
    fields = {k: _scalar(v, name) for k, v in raw.items()}
    for key in required:
        if fields.get(key) in (None, ""):
            raise InputError(f"entry needs {key!r}", name, line)
    for key in ("number", "quote", "id", "reason"):
        if fields.get(key) is not None:
            fields[key] = str(fields[key])
    for key in ("value", "lower", "upper"):
        if key in fields and fields[key] is not None:
            try:
                number = Decimal(str(fields[key]))
            except InvalidOperation as exc:
                raise InputError(f"{key!r} must be a number, got {fields[key]!r}",
                                 name, raw[key].start_mark.line + 1) from exc
            if not number.is_finite():  # .inf and .nan are YAML floats, never a figure
                raise InputError(f"{key!r} must be a finite number, got {fields[key]!r}",
                                 name, raw[key].start_mark.line + 1)
            fields[key] = number
    if "value" in fields and fields.get("unit") is None:
        raise InputError("an entry that gives 'value' must give 'unit' too", name, line)
    if "approx" in fields and fields["approx"] not in APPROX:
        raise InputError(f"approx must be one of {', '.join(sorted(APPROX))}", name,
                         raw["approx"].start_mark.line + 1)
    if "stage" in fields and fields["stage"] not in STAGES:
        raise InputError(f"stage must be one of {', '.join(sorted(STAGES))}", name,
                         raw["stage"].start_mark.line + 1)
    if "phase" in fields and fields["phase"] not in PHASES:
        raise InputError(f"phase must be one of {', '.join(PHASES)} (ontology/vocab/phases.ttl)",
                         name, raw["phase"].start_mark.line + 1)
    if "unit" in fields and fields["unit"] not in UNITS:
        raise InputError(f"unknown unit {fields['unit']!r}; the unit codes are those of "
                         "kg/extract/units.py (household, person, yuan, mu …)", name,
                         raw["unit"].start_mark.line + 1)
    occurrence = fields.get("occurrence")
    if occurrence is not None and (isinstance(occurrence, bool) or not isinstance(occurrence, int)
                                   or occurrence < 1):
        raise InputError(f"occurrence must be a whole number from 1, got {occurrence!r}", name,
                         raw["occurrence"].start_mark.line + 1)
    _normalise(fields, raw, name)
    return CuratedEntry(fields, name, line)


def _normalise(fields: dict[str, Any], raw: dict[str, yaml.Node], name: str) -> None:
    """Periods as text (an unquoted 2020 is read as a number), slugs and references checked."""
    for key in ("period", "period_start"):
        value = fields.get(key)
        if value is None:
            continue  # an explicit `period: null` overrides the file's default: no period
        fields[key] = str(value)
        if not _PERIOD.match(fields[key]):
            raise InputError(f"{key} must be a year, year-month or date (2020, 2020-09, "
                             f"2020-08-24), got {value!r}", name, raw[key].start_mark.line + 1)
    for key in SLUG_FIELDS:
        value = fields.get(key)
        if value is not None and not _SLUG.match(str(value)):
            raise InputError(f"{key} must be a slug (lower-case letters, digits and '-'), "
                             f"got {value!r}", name, raw[key].start_mark.line + 1)
    about = fields.get("about")
    if about is not None:
        kind, _, slug = str(about).partition(":")
        if kind not in ENTITY_KINDS or not _SLUG.match(slug):
            raise InputError(f"about must be kind:slug with kind one of "
                             f"{', '.join(sorted(ENTITY_KINDS))}, got {about!r}", name,
                             raw["about"].start_mark.line + 1)


def _check_ids(observations: tuple[CuratedEntry, ...], name: str) -> None:
    ids: dict[str, int] = {}
    for entry in observations:
        oid = entry.fields["id"]
        if oid in ids:
            raise InputError(f"id {oid!r} already used at line {ids[oid]}", name, entry.line)
        ids[oid] = entry.line
    for entry in observations:
        for key in LINK_FIELDS:
            target = entry.fields.get(key)
            if target is not None and target not in ids:
                raise InputError(f"{key}: no observation with id {target!r} in this file",
                                 name, entry.line)
            if target is not None and target == entry.fields["id"]:
                raise InputError(f"{key}: an observation cannot link to itself", name,
                                 entry.line)
