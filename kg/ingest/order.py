"""Reading-order repair: decide which fragment continues which, for a whole page at once.

Two global assignments (maximum-weight matchings):

1. *joins*: every fragment that ends mid-sentence is matched with the fragment that continues
   it, scored by a dictionary word across the boundary, a bridge string the page prints
   elsewhere, open constructions (在…的同时) and TF-IDF cohesion, with a small bonus for the
   next fragment in the file. Joined fragments form *runs* (one paragraph each).
2. *order*: runs are matched with the run that follows them, scored by position in the file,
   enumerators (一是 … 四是 must appear in order) and cohesion.

An override can force or forbid a successor where the method is wrong.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kg.ingest.cohesion import (
    BridgeIndex,
    TfIdf,
    boundary_word,
    ends_sentence,
    enumerator_at_start,
    enumerators_in,
    open_construction,
    starts_fresh,
)
from kg.ingest.scramble import file_order_joins, scramble_evidence
from kg.ingest.script import simplified_view
from kg.model import Block, BlockKind

JOIN_THRESHOLD = 0.1
ORDER_THRESHOLD = 0.2
FORCED = 100.0
CHUNK = 60
"""The most fragments repaired together (a newspaper page has a few dozen)."""
MAX_REPAIR = 600
"""The most fragments of one file that are repaired (about ten scrambled pages); a longer
file that looks scrambled is kept in file order and flagged, so the time stays bounded."""
MAX_REPAIR_CHARS = 300_000
"""The most characters of one file that are repaired (a printed page has about 10,000)."""
"""The most fragments repaired together (a newspaper page has a few dozen)."""


@dataclass(frozen=True)
class Link:
    left: int  # pool position
    right: int
    weight: float
    evidence: tuple[str, ...]
    forced: bool = False


@dataclass
class Overrides:
    """Successors forced (``pairs``) or forbidden (``ends``) by the user, as pool positions."""

    pairs: dict[int, int] = field(default_factory=dict)
    ends: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Order:
    chains: tuple[tuple[tuple[int, ...], ...], ...]  # chains of runs of pool positions
    joins: tuple[Link, ...]
    links: tuple[Link, ...]  # run-to-run successors
    orphans: tuple[tuple[int, ...], ...]  # runs reached from no chain start
    note: str | None = None  # why the order was not repaired, for the ingest report


def repair_order(
    pool: Sequence[Block],
    heading_between: Callable[[int, int], bool],
    region: Sequence[int],
    overrides: Overrides | None = None,
    duplicates: int = 0,
) -> Order:
    """Order the page's fragments. ``pool`` is in file order; ``region`` is each fragment's
    article region (the last lead at or before it); chain starts are the lead fragments, or
    the first fragment when the page has no lead. ``duplicates`` is how many paragraphs the
    ingest dropped as printed twice (evidence that the page is a scrambled print layout).

    A page without evidence of scrambling keeps its file order. A scrambled page is repaired
    in chunks of at most ``CHUNK`` fragments cut at article leads (a column continues on its
    own page, never hundreds of fragments away), so the time is linear in the page length.
    """
    overrides = overrides or Overrides()
    # Evidence is read in simplified characters (one for one), so traditional pages too
    # find their dictionary words and cohesion.
    texts = [simplified_view(b.text) for b in pool]
    forced = bool(overrides.pairs or overrides.ends)
    if not forced and scramble_evidence(pool, texts, heading_between, region,
                                        duplicates) is None:
        return _as_printed(pool, texts, heading_between, region)
    size = sum(len(t) for t in texts)
    if len(pool) > MAX_REPAIR or size > MAX_REPAIR_CHARS:
        kept = _as_printed(pool, texts, heading_between, region)
        return dataclasses.replace(kept, note=(
            f"looks scrambled but has {len(pool)} fragments ({size} characters), over the "
            f"repair limit of {MAX_REPAIR} fragments or {MAX_REPAIR_CHARS} characters: kept "
            "in file order; split the file into pages to repair it"))
    orders: list[Order] = []
    for lo, hi in _chunks(pool, overrides):
        def between(a: int, b: int, lo: int = lo) -> bool:
            return heading_between(a + lo, b + lo)
        part = _repair(pool[lo:hi], texts[lo:hi], between, region[lo:hi],
                       _shift(overrides, lo, hi), continues=lo > 0)
        orders.append(_shifted(part, lo))
    return _merge(orders, [pool[lo].kind is BlockKind.LEAD for lo, _ in _chunks(pool, overrides)])


def _repair(
    pool: Sequence[Block],
    texts: Sequence[str],
    heading_between: Callable[[int, int], bool],
    region: Sequence[int],
    overrides: Overrides,
    continues: bool,
) -> Order:
    tfidf = TfIdf(texts)
    bridges = BridgeIndex(texts)
    n = len(pool)

    def adjacency(a: int, b: int) -> float:
        if b != a + 1:
            return 0.0
        return 0.5 if heading_between(a, b) else 1.0

    # ---- pass 1: joins of fragments that end mid-sentence
    candidates: dict[tuple[int, int], Link] = {}
    for a in range(n):
        if ends_sentence(texts[a]) or a in overrides.ends:
            continue
        for b in range(n):
            if b == a or pool[b].kind is BlockKind.LEAD or starts_fresh(texts[b]):
                continue
            parts = {
                "dictionary word": 2.0 * boundary_word(texts[a], texts[b]),
                "printed elsewhere": 1.0 * bridges.score(a, b),
                "open construction": 1.0 * open_construction(texts[a], texts[b]),
                "cohesion": 1.5 * tfidf.cosine(a, b),
                "continuity": 1.5 * tfidf.continuity(a, b),
                "next in file": 0.3 * adjacency(a, b),
                "other article": -0.5 * (region[a] != region[b]),
            }
            weight = sum(parts.values())
            if weight >= JOIN_THRESHOLD:
                evidence = tuple(k for k, v in parts.items() if v > 0.05)
                candidates[(a, b)] = Link(a, b, round(weight, 4), evidence)
    _apply_overrides(candidates, overrides, lambda a: not ends_sentence(texts[a]))
    joins = _match(candidates)
    runs = _chains_from(joins, heads=[i for i in range(n) if i not in {j.right for j in joins}])

    # ---- pass 2: order the runs
    run_of = {pos: r for r, run in enumerate(runs) for pos in run}
    heads = sorted(run[0] for run in runs)
    order_candidates: dict[tuple[int, int], Link] = {}
    for r, run in enumerate(runs):
        last = run[-1]
        if last in overrides.ends:
            continue
        run_text = "".join(texts[p] for p in run)
        for s, other in enumerate(runs):
            first = other[0]
            if s == r or pool[first].kind is BlockKind.LEAD:
                continue
            lo, hi = min(last, first), max(last, first)
            between = bisect.bisect_left(heads, hi) - bisect.bisect_right(heads, lo)
            if first > last:
                prox = (0.6 if heading_between(last, first) else 1.0) / (1 + between)
            else:
                prox = 0.1 / (1 + between)
            parts = {"position in file": prox}
            k = enumerator_at_start(texts[first])
            if k is not None:
                seen = enumerators_in(run_text)
                if any(e >= k for e in seen):
                    parts["enumerator order"] = -1.5
                elif k - 1 in seen:
                    parts["enumerator order"] = 0.8
            parts["cohesion"] = 0.3 * tfidf.cosine(last, first)
            parts["other article"] = -1.0 * (region[last] != region[first])
            parts["ends mid-sentence"] = -0.5 * (not ends_sentence(texts[last]))
            weight = sum(parts.values())
            if weight >= ORDER_THRESHOLD:
                evidence = tuple(k2 for k2, v in parts.items() if v > 0.05)
                order_candidates[(r, s)] = Link(r, s, round(weight, 4), evidence)
    run_overrides = Overrides(
        pairs={
            run_of[a]: run_of[b]
            for a, b in overrides.pairs.items()
            if a == runs[run_of[a]][-1] and b == runs[run_of[b]][0]
        }
    )
    _apply_overrides(order_candidates, run_overrides, lambda r: True)
    links = _match(order_candidates)
    starts = [r for r, run in enumerate(runs) if pool[run[0]].kind is BlockKind.LEAD]
    if not starts and runs:
        starts = [0]
    elif continues and pool[0].kind is not BlockKind.LEAD and run_of[0] not in starts:
        starts.insert(0, run_of[0])  # the chunk goes on with the article before it
    run_chains = _chains_from(links, heads=starts)
    reached = {r for chain in run_chains for r in chain}
    orphan_runs = [r for r in range(len(runs)) if r not in reached]
    chains = tuple(tuple(runs[r] for r in chain) for chain in run_chains)
    return Order(
        chains=chains,
        joins=tuple(sorted(joins, key=lambda j: j.left)),
        links=tuple(
            Link(runs[x.left][-1], runs[x.right][0], x.weight, x.evidence, x.forced)
            for x in sorted(links, key=lambda x: x.left)
        ),
        orphans=tuple(runs[r] for r in orphan_runs),
    )


def _apply_overrides(
    candidates: dict[tuple[int, int], Link], overrides: Overrides, applies: Callable[[int], bool]
) -> None:
    for a, b in overrides.pairs.items():
        if not applies(a):
            continue
        for key in [k for k in candidates if k[0] == a or k[1] == b]:
            del candidates[key]
        candidates[(a, b)] = Link(a, b, FORCED, ("override",), forced=True)
    for a in overrides.ends:
        for key in [k for k in candidates if k[0] == a]:
            del candidates[key]


def _match(candidates: dict[tuple[int, int], Link]) -> list[Link]:
    """Maximum-weight assignment of successors: each item gets at most one successor and at
    most one predecessor."""
    import networkx as nx  # here, not at the top: networkx takes 0.3 s to import

    graph = nx.Graph()
    for (a, b), link in sorted(candidates.items()):
        graph.add_edge(("out", a), ("in", b), weight=link.weight)
    chosen: list[Link] = []
    for u, v in nx.max_weight_matching(graph):
        out, inn = (u, v) if u[0] == "out" else (v, u)
        chosen.append(candidates[(out[1], inn[1])])
    return _break_cycles(chosen)


def _break_cycles(links: list[Link]) -> list[Link]:
    succ = {x.left: x for x in links}
    removed: set[tuple[int, int]] = set()
    for start in sorted(succ):
        path: list[Link] = []
        seen: set[int] = set()
        node = start
        while node in succ and node not in seen:
            seen.add(node)
            link = succ[node]
            if (link.left, link.right) in removed:
                break
            path.append(link)
            node = link.right
        if node == start and path:
            weakest = min(path, key=lambda x: (x.forced, x.weight))
            removed.add((weakest.left, weakest.right))
    return [x for x in links if (x.left, x.right) not in removed]


def _chains_from(links: Sequence[Link], heads: Sequence[int]) -> list[tuple[int, ...]]:
    succ = {x.left: x.right for x in links}
    chains: list[tuple[int, ...]] = []
    for head in heads:
        chain = [head]
        while chain[-1] in succ and succ[chain[-1]] not in chain:
            chain.append(succ[chain[-1]])
        chains.append(tuple(chain))
    return chains


def _as_printed(
    pool: Sequence[Block],
    texts: Sequence[str],
    heading_between: Callable[[int, int], bool],
    region: Sequence[int],
) -> Order:
    """File order: each lead starts an article; cut-off prose joins the block after it."""
    joins = [Link(a, b, 1.0, (why,)) for a, b, why in
             file_order_joins(pool, texts, heading_between, region)]
    joined = {j.right for j in joins}
    runs = _chains_from(joins, heads=[i for i in range(len(pool)) if i not in joined])
    chains: list[list[tuple[int, ...]]] = []
    orphans: list[tuple[int, ...]] = []
    has_lead = any(b.kind is BlockKind.LEAD for b in pool)
    for run in runs:
        if pool[run[0]].kind is BlockKind.LEAD or (not chains and not has_lead):
            chains.append([run])
        elif chains:
            chains[-1].append(run)
        else:
            orphans.append(run)  # before the first lead: reported, as for a scrambled page
    return Order(tuple(tuple(c) for c in chains), tuple(joins), (), tuple(orphans))


def _chunks(pool: Sequence[Block], overrides: Overrides) -> list[tuple[int, int]]:
    """Consecutive ranges of at most CHUNK fragments, cut before a lead where one is near;
    never between the two fragments of an override."""
    tied = [(min(a, b), max(a, b)) for a, b in overrides.pairs.items()]
    bounds = [0]
    n = len(pool)
    while bounds[-1] + CHUNK < n:
        lo = bounds[-1]
        cut = next((p for p in range(lo + CHUNK, lo + CHUNK // 2, -1)
                    if pool[p].kind is BlockKind.LEAD), lo + CHUNK)
        while any(a < cut <= b for a, b in tied):
            cut += 1
        if cut >= n:
            break
        bounds.append(cut)
    return [(lo, hi) for lo, hi in zip(bounds, [*bounds[1:], n], strict=True)]


def _shift(overrides: Overrides, lo: int, hi: int) -> Overrides:
    return Overrides(
        pairs={a - lo: b - lo for a, b in overrides.pairs.items() if lo <= a < hi},
        ends={a - lo for a in overrides.ends if lo <= a < hi},
    )


def _shifted(order: Order, lo: int) -> Order:
    def run(r: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(p + lo for p in r)

    def link(x: Link) -> Link:
        return Link(x.left + lo, x.right + lo, x.weight, x.evidence, x.forced)

    return Order(
        chains=tuple(tuple(run(r) for r in chain) for chain in order.chains),
        joins=tuple(link(x) for x in order.joins),
        links=tuple(link(x) for x in order.links),
        orphans=tuple(run(r) for r in order.orphans),
    )


def _merge(orders: Sequence[Order], starts_with_lead: Sequence[bool]) -> Order:
    """Chunks in file order; a chunk that does not start with a lead continues the last
    article of the chunk before it."""
    chains: list[tuple[tuple[int, ...], ...]] = []
    for order, lead in zip(orders, starts_with_lead, strict=True):
        parts = list(order.chains)
        if parts and chains and not lead:
            chains[-1] = chains[-1] + parts.pop(0)
        chains += parts
    return Order(
        chains=tuple(chains),
        joins=tuple(x for o in orders for x in o.joins),
        links=tuple(x for o in orders for x in o.links),
        orphans=tuple(r for o in orders for r in o.orphans),
    )
