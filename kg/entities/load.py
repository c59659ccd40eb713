"""Curated entity files: ``<page>.entities.yaml`` beside a source page.

```yaml
source: xingxian-2020-page.md
entities:
  - {type: Programme, label_zh: 易地扶贫搬迁, label_en: poverty-alleviation relocation,
     aliases: [易地搬迁]}
  - {type: Place, class: County, label_zh: 兴县, label_en: Xing County, local_aliases: [全县]}
articles:
  <article id>:
    mentions:                       # entity (label_zh or alias) → quote, or a list of quotes
      易地扶贫搬迁: 在打好易地扶贫搬迁收官战方面
    relations:
      - {s: 扶贫车间, p: implements, o: 易地扶贫搬迁, quote: 建立扶贫车间3个}
      - {s: 刘世庆, p: holdsPosition, o: 兴县人民政府, role: 县长, quote: 政府县长刘世庆}
page_mentions:                      # quotes from page furniture outside any article
  黄河: 古渡黄河
```
An entity's IRI is ``<kind>:<pinyin_slug(label_zh)>``. ``local_aliases`` name the entity
only on this page (县委 is 兴县县委 here). Every error names the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.ingest.slug import pinyin_slug
from kg.model import Article
from kg.yamlfiles import compose_yaml, read_yaml_text

SUFFIX = ".entities.yaml"
TYPES = {
    "Programme": "programme",
    "Policy": "policy",
    "Project": "project",
    "Place": "place",
    "Organisation": "org",
    "Person": "person",
    "PopulationGroup": "group",
    "Event": "event",
}
PLACE_CLASSES = {
    "Province", "Prefecture", "County", "Township", "Village", "ResettlementSite",
    "IndustrialPark",
}
PREDICATES = {
    "implements", "subProgrammeOf", "follows", "targets", "ledBy", "runsIn", "within",
    "holdsPosition", "participatesIn", "issuedBy", "heldIn",
}
ROLE_REQUIRED = {"holdsPosition"}
ENTITY_FIELDS = {"type", "class", "label_zh", "label_en", "aliases", "local_aliases", "id"}
RELATION_FIELDS = {"s", "p", "o", "quote", "role"}
TOP_FIELDS = {"source", "entities", "articles", "page_mentions"}
ARTICLE_FIELDS = {"mentions", "relations"}


@dataclass(frozen=True)
class EntityDef:
    type: str
    label_zh: str
    label_en: str
    slug: str
    line: int
    place_class: str | None = None
    aliases: tuple[str, ...] = ()
    local_aliases: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return TYPES[self.type]

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.slug}"

    def names(self, local: bool) -> tuple[str, ...]:
        """Surface forms: the label, the aliases, and on its own page the local aliases."""
        out = (self.label_zh, *self.aliases, *(self.local_aliases if local else ()))
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Mention:
    entity: str  # ref
    quote: str
    line: int
    article: str | None  # None: page furniture


@dataclass(frozen=True)
class Relation:
    subject: str  # ref
    predicate: str
    object: str  # ref
    quote: str
    line: int
    article: str
    role: str | None = None


@dataclass(frozen=True)
class CuratedEntities:
    path: str
    source: str | None
    entities: tuple[EntityDef, ...]
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    articles: frozenset[str] = field(default_factory=frozenset)

    def by_ref(self) -> dict[str, EntityDef]:
        return {e.ref: e for e in self.entities}


@dataclass(frozen=True)
class Located:
    """A quote found in an article: offsets into ``article.text``."""

    article: Article
    start: int
    end: int
    quote: str


# ---- YAML with line numbers -------------------------------------------------------------


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _scalar(node: yaml.Node, name: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise InputError(f"{what} must be a non-empty text", name, _line(node))
    return str(node.value).strip()


def _pairs(node: yaml.Node, name: str, what: str) -> list[tuple[str, yaml.Node, int]]:
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"{what} must be a mapping (key: value)", name, _line(node))
    out: list[tuple[str, yaml.Node, int]] = []
    seen: set[str] = set()
    for k, v in node.value:
        key = _scalar(k, name, "a key")
        if key in seen:
            raise InputError(f"{key!r} is given twice", name, _line(k))
        seen.add(key)
        out.append((key, v, _line(k)))
    return out


def _items(node: yaml.Node, name: str, what: str) -> list[yaml.Node]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if not isinstance(node, yaml.SequenceNode):
        raise InputError(f"{what} must be a list", name, _line(node))
    return list(node.value)


def _check_fields(keys: Iterable[str], allowed: set[str], name: str, line: int, what: str) -> None:
    unknown = sorted(set(keys) - allowed)
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r} in {what} "
                         f"(allowed: {', '.join(sorted(allowed))})", name, line)


def load_entities(path: Path, shown: str | None = None) -> CuratedEntities:
    name = shown or path.name
    return parse_entities(read_yaml_text(path, name, "entity file"), name)


def parse_entities(text: str, name: str) -> CuratedEntities:
    root = compose_yaml(text, name)
    if root is None:
        raise InputError("the entity file is empty", name, 1)
    top = _pairs(root, name, "the file")
    _check_fields((k for k, _, _ in top), TOP_FIELDS, name, _line(root), "the file")
    parts = {k: (v, ln) for k, v, ln in top}
    if "entities" not in parts:
        raise InputError("no `entities:` list", name, _line(root))
    entities = _entities(parts["entities"][0], name)
    names = _name_index(entities, name)
    mentions: list[Mention] = []
    relations: list[Relation] = []
    articles: set[str] = set()
    if "articles" in parts:
        for article_id, body, line in _pairs(parts["articles"][0], name, "`articles`"):
            articles.add(article_id)
            fields = _pairs(body, name, f"article {article_id}")
            _check_fields((k for k, _, _ in fields), ARTICLE_FIELDS, name, line, "an article")
            for key, node, _ in fields:
                if key == "mentions":
                    mentions += _mentions(node, name, names, article_id)
                else:
                    relations += [_relation(n, name, names, article_id)
                                  for n in _items(node, name, "relations")]
    if "page_mentions" in parts:
        mentions += _mentions(parts["page_mentions"][0], name, names, None)
    source = _scalar(parts["source"][0], name, "source") if "source" in parts else None
    return CuratedEntities(name, source, tuple(entities), tuple(mentions), tuple(relations),
                           frozenset(articles))


def _strings(node: yaml.Node, name: str, what: str) -> tuple[str, ...]:
    return tuple(_scalar(n, name, what) for n in _items(node, name, what))


def _entities(node: yaml.Node, name: str) -> list[EntityDef]:
    out: list[EntityDef] = []
    refs: dict[str, int] = {}
    for item in _items(node, name, "entities"):
        line = _line(item)
        f = {k: v for k, v, _ in _pairs(item, name, "an entity")}
        _check_fields(f, ENTITY_FIELDS, name, line, "an entity")
        for need in ("type", "label_zh", "label_en"):
            if need not in f:
                raise InputError(f"an entity needs `{need}`", name, line)
        etype = _scalar(f["type"], name, "type")
        if etype not in TYPES:
            raise InputError(f"unknown entity type {etype!r} (one of {', '.join(TYPES)})",
                             name, line)
        pclass = _scalar(f["class"], name, "class") if "class" in f else None
        if pclass is not None and (etype != "Place" or pclass not in PLACE_CLASSES):
            raise InputError(f"`class: {pclass}` needs type Place and one of "
                             f"{', '.join(sorted(PLACE_CLASSES))}", name, line)
        label = _scalar(f["label_zh"], name, "label_zh")
        slug = _scalar(f["id"], name, "id") if "id" in f else pinyin_slug(label)
        e = EntityDef(
            etype, label, _scalar(f["label_en"], name, "label_en"), slug, line, pclass,
            _strings(f["aliases"], name, "aliases") if "aliases" in f else (),
            _strings(f["local_aliases"], name, "local_aliases") if "local_aliases" in f else (),
        )
        if e.ref in refs:
            raise InputError(f"two entities get the IRI {e.ref} (the other is on line "
                             f"{refs[e.ref]}); give one an `id:`", name, line)
        refs[e.ref] = line
        out.append(e)
    return out


def _name_index(entities: Sequence[EntityDef], name: str) -> dict[str, str]:
    """label_zh or alias → ref; a name shared by two entities must use the label."""
    index: dict[str, str] = {}
    labels = {e.label_zh for e in entities}
    for e in entities:
        if e.label_zh in index and index[e.label_zh] != e.ref:
            raise InputError(f"label {e.label_zh!r} is used by two entities", name, e.line)
        index[e.label_zh] = e.ref
    for e in entities:
        for alias in (*e.aliases, *e.local_aliases):
            if alias not in labels:
                index.setdefault(alias, e.ref)
    return index


def _resolve(node: yaml.Node, name: str, names: dict[str, str]) -> str:
    key = _scalar(node, name, "an entity name")
    if key not in names:
        raise InputError(f"no entity named {key!r} in `entities`", name, _line(node))
    return names[key]


def _mentions(
    node: yaml.Node, name: str, names: dict[str, str], article: str | None
) -> list[Mention]:
    out: list[Mention] = []
    for key, value, line in _pairs(node, name, "mentions"):
        if key not in names:
            raise InputError(f"no entity named {key!r} in `entities`", name, line)
        for q in _items(value, name, "a mention"):
            out.append(Mention(names[key], _scalar(q, name, "a quote"), _line(q), article))
    return out


def _relation(node: yaml.Node, name: str, names: dict[str, str], article: str) -> Relation:
    line = _line(node)
    f = {k: v for k, v, _ in _pairs(node, name, "a relation")}
    _check_fields(f, RELATION_FIELDS, name, line, "a relation")
    for need in ("s", "p", "o", "quote"):
        if need not in f:
            raise InputError(f"a relation needs `{need}`", name, line)
    pred = _scalar(f["p"], name, "p")
    if pred not in PREDICATES:
        raise InputError(f"unknown predicate {pred!r} (one of {', '.join(sorted(PREDICATES))})",
                         name, line)
    role = _scalar(f["role"], name, "role") if "role" in f else None
    if pred in ROLE_REQUIRED and role is None:
        raise InputError(f"`{pred}` needs a `role`", name, line)
    return Relation(_resolve(f["s"], name, names), pred, _resolve(f["o"], name, names),
                    _scalar(f["quote"], name, "quote"), line, article, role)


# ---- binding to the corpus ----------------------------------------------------------------


def locate(quote: str, article: Article, path: str, line: int) -> Located:
    start = article.text.find(quote)
    if start < 0:
        raise InputError(f"quote not found in article {article.id!r}: {quote!r} "
                         "(quotes are exact text after reading-order repair)", path, line)
    return Located(article, start, start + len(quote), quote)


def check_mention(curated: CuratedEntities, mention: Mention) -> None:
    """A mention's quote must contain one of the entity's names."""
    entity = curated.by_ref()[mention.entity]
    if not any(n in mention.quote for n in entity.names(local=True)):
        raise InputError(f"the quote {mention.quote!r} does not contain any name of "
                         f"{entity.label_zh!r} (label or alias)", curated.path, mention.line)


def check_articles(curated: CuratedEntities, articles: dict[str, Article]) -> None:
    """Every article id must exist and every quote must be found; raise on the first miss."""
    for m in curated.mentions:
        check_mention(curated, m)
        if m.article is not None:
            if m.article not in articles:
                raise InputError(f"no article with id {m.article!r} in the corpus "
                                 "(`kg ingest` lists the ids)", curated.path, m.line)
            locate(m.quote, articles[m.article], curated.path, m.line)
    for r in curated.relations:
        if r.article not in articles:
            raise InputError(f"no article with id {r.article!r} in the corpus", curated.path,
                             r.line)
        locate(r.quote, articles[r.article], curated.path, r.line)


def find_entity_files(root: Path) -> list[Path]:
    """``*.entities.yaml`` in a corpus folder (or beside a single source file)."""
    folder = root if root.is_dir() else root.parent
    if not root.is_dir():
        sidecar = root.with_name(root.stem + SUFFIX)
        return [sidecar] if sidecar.exists() else []
    return sorted(p for p in folder.rglob("*" + SUFFIX) if p.is_file())
