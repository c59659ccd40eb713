"""Answers kept for repeated queries (kg.serve.answers): a repeat is answered without a
worker, byte for byte the same; errors, volatile queries and other formats are not mixed up."""

from __future__ import annotations

import urllib.parse

from kg.serve.answers import AnswerCache
from kg.serve.sparql import Outcome, text_outcome
from tests.test_serve import PLACES, fetch, running_server


def _ask(url: str, query: str, accept: str = "application/sparql-results+json") -> bytes:
    reply = fetch(f"{url}/sparql?query={urllib.parse.quote(query)}", headers={"Accept": accept})
    assert reply.status == 200, reply.text
    return reply.body


def test_a_repeat_is_answered_from_the_cache_with_the_same_bytes() -> None:
    with running_server(backend="oxigraph") as server:
        answers = server.site.answers
        first = _ask(server.url, PLACES)
        hits = answers.hits
        assert _ask(server.url, PLACES) == first and answers.hits == hits + 1
        csv = _ask(server.url, PLACES, "text/csv")  # another format is another answer
        assert not csv.startswith(b"{") and b"," in csv.splitlines()[0]
        assert answers.hits == hits + 1
        # NOW() differs between runs: never kept
        now = "SELECT (NOW() AS ?t) WHERE {}"
        _ask(server.url, now)
        hits = answers.hits
        _ask(server.url, now)
        assert answers.hits == hits
        # an error is not kept either: the second ask still reaches a worker and fails again
        bad = fetch(f"{server.url}/sparql?query={urllib.parse.quote('SELECT * WHERE {')}")
        again = fetch(f"{server.url}/sparql?query={urllib.parse.quote('SELECT * WHERE {')}")
        assert bad.status == again.status == 400 and answers.hits == hits


def test_turned_off_every_query_reaches_a_worker() -> None:
    with running_server(backend="oxigraph", answer_cache_mb=0) as server:
        _ask(server.url, PLACES)
        _ask(server.url, PLACES)
        assert server.site.answers.hits == 0


def _answer(size: int) -> Outcome:
    return Outcome(200, "text/csv", b"x" * size)


def test_the_cache_is_bounded_least_recently_used_first_out() -> None:
    cache = AnswerCache(8000)
    for name in "abcd":
        cache.put((name, None, None), _answer(900))
    assert cache.get(("a", None, None)) is not None  # a is now the most recent
    for name in "efghij":
        cache.put((name, None, None), _answer(900))
    kept = [n for n in "abcdefghij" if cache.get((n, None, None)) is not None]
    assert "a" in kept and "b" not in kept and kept[-1] == "j"
    assert sum(901 for _ in kept) <= 8000
    cache.put(("huge", None, None), _answer(1001))  # over an eighth of the cache
    assert cache.get(("huge", None, None)) is None
    cache.put(("err", None, None), text_outcome(400, "no"))
    assert cache.get(("err", None, None)) is None
