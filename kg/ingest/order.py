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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import networkx as nx

from kg.ingest.cohesion import (
    TfIdf,
    boundary_word,
    ends_sentence,
    enumerator_at_start,
    enumerators_in,
    open_construction,
    repeated_bridge,
    starts_fresh,
)
from kg.ingest.script import simplified_view
from kg.model import Block, BlockKind

JOIN_THRESHOLD = 0.1
ORDER_THRESHOLD = 0.2
FORCED = 100.0


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


def repair_order(
    pool: Sequence[Block],
    heading_between: Callable[[int, int], bool],
    region: Sequence[int],
    overrides: Overrides | None = None,
) -> Order:
    """Order the page's fragments. ``pool`` is in file order; ``region`` is each fragment's
    article region (the last lead at or before it); chain starts are the lead fragments, or
    the first fragment when the page has no lead."""
    overrides = overrides or Overrides()
    # Evidence is read in simplified characters (one for one), so traditional pages too
    # find their dictionary words and cohesion.
    texts = [simplified_view(b.text) for b in pool]
    tfidf = TfIdf(texts)
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
            others = [t for k, t in enumerate(texts) if k not in (a, b)]
            parts = {
                "dictionary word": 2.0 * boundary_word(texts[a], texts[b]),
                "printed elsewhere": 1.0 * repeated_bridge(texts[a], texts[b], others),
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
    heads = [run[0] for run in runs]
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
            between = sum(1 for h in heads if min(last, first) < h < max(last, first))
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
