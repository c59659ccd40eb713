"""Answers remembered by the endpoint: the store never changes while it is served, so the
same query asked in the same format has the same answer, and a repeat need not reach a
query worker at all (the pipe, the evaluator and the serialiser cost ~15 ms of CPU; a hit
costs a dictionary lookup).

Only successful answers (200) are kept, never errors or 503s, and never a query whose
answer may change between runs (NOW, RAND, UUID, STRUUID, BNODE: found in the text, so a
word in a string literal only means the answer is not kept). The cache is bounded in
bytes, least recently used first out, and one answer may take at most an eighth of it.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from kg.serve.sparql import Outcome

Key = tuple[str, str | None, str | None]  # query text, Accept header, format= parameter
VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


class AnswerCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max(0, max_bytes)
        self.hits = self.misses = 0
        self._used = 0
        self._kept: OrderedDict[Key, Outcome] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> Outcome | None:
        if not self.max_bytes:
            return None
        with self._lock:
            outcome = self._kept.get(key)
            if outcome is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return outcome

    def put(self, key: Key, outcome: Outcome) -> None:
        size = len(outcome.body) + len(key[0])
        if (outcome.status != 200 or size > self.max_bytes // 8
                or VOLATILE.search(key[0])):
            return
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._used -= len(old.body) + len(key[0])
            self._kept[key] = outcome
            self._used += size
            while self._used > self.max_bytes:
                dropped_key, dropped = self._kept.popitem(last=False)
                self._used -= len(dropped.body) + len(dropped_key[0])
