"""User overrides of the reading order: a small YAML file beside the page.

```yaml
# page.order.yaml
successors:
  - after: "在落实好"            # the last characters of a fragment
    next: "“3+1”政策保障的同时"   # the first characters of the fragment that follows it
  - after: "公益岗"
    next: null                  # nothing follows: the article ends here
```
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.ingest.order import Overrides
from kg.model import Block
from kg.yamlfiles import compose_yaml, read_yaml_text

ORDER_SUFFIX = ".order.yaml"


@dataclass(frozen=True)
class OrderOverride:
    after: str
    next: str | None
    file: str
    line: int


def load_overrides(path: Path) -> list[OrderOverride]:
    node = compose_yaml(read_yaml_text(path, str(path), "override file"), str(path))
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise InputError("expected a mapping with a 'successors' list", path, 1)
    entries: list[OrderOverride] = []
    for key, value in node.value:
        if key.value != "successors":
            raise InputError(f"unknown key {key.value!r}; expected 'successors'", path,
                             key.start_mark.line + 1)
        if not isinstance(value, yaml.SequenceNode):
            raise InputError("'successors' must be a list", path, value.start_mark.line + 1)
        for item in value.value:
            line = item.start_mark.line + 1
            if not isinstance(item, yaml.MappingNode):
                raise InputError("each successor needs 'after' and 'next'", path, line)
            fields = {k.value: v for k, v in item.value}
            after = fields.get("after")
            nxt = fields.get("next")
            if not isinstance(after, yaml.ScalarNode) or not after.value:
                raise InputError("'after' must be the last characters of a fragment", path, line)
            if nxt is None or not isinstance(nxt, yaml.ScalarNode):
                raise InputError("'next' must be the first characters of a fragment, or null",
                                 path, line)
            nxt_value = None if nxt.tag.endswith(":null") else str(nxt.value)
            entries.append(OrderOverride(str(after.value), nxt_value, str(path.name), line))
    return entries


def resolve_overrides(
    overrides: Sequence[OrderOverride], pool: Sequence[Block], source: str
) -> Overrides:
    resolved = Overrides()
    for o in overrides:
        left = _unique([i for i, b in enumerate(pool) if b.text.endswith(o.after)], o, "ends with",
                       o.after, source)
        if o.next is None:
            resolved.ends.add(left)
            continue
        right = _unique([i for i, b in enumerate(pool) if b.text.startswith(o.next)], o,
                        "starts with", o.next, source)
        resolved.pairs[left] = right
    return resolved


def _unique(found: list[int], o: OrderOverride, how: str, what: str, source: str) -> int:
    if len(found) != 1:
        problem = "no fragment" if not found else f"{len(found)} fragments"
        raise InputError(f"{problem} of {source} {how} {what!r}; quote more characters",
                         o.file, o.line)
    return found[0]
