"""The linking report: every place, indicator and unit with the identifiers it got, or why not."""

from __future__ import annotations

from kg.export import packaged_query
from kg.namespaces import ID
from kg.store import Source, select

LINKING_COLUMNS = ("id", "kind", "label_zh", "label_en", "division_code", "wikidata",
                   "geonames", "sdg", "qudt", "note")

WHY_NOT = {
    "place": "no Wikidata item known; the division code is the join key (Wikidata P442, "
             "see `kg link --wikidata`)",
    "indicator": "no UN SDG target or indicator fits closely enough",
    "unit": "QUDT has no such unit; defined in the project's unit vocabulary",
}


def linking_rows(graph: Source) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for r in select(graph, packaged_query("linking")):
        b = {k: str(v) for k, v in r.items()}
        row = {c: b.get(c, "") for c in LINKING_COLUMNS}
        row["id"] = b["resource"].removeprefix(str(ID))
        for column in ("wikidata", "geonames", "sdg", "qudt"):
            # GROUP_CONCAT has no order in SPARQL; sort so the file is byte-identical.
            row[column] = " ".join(sorted(row[column].split()))
        external = {"place": row["wikidata"] or row["geonames"],
                    "indicator": row["sdg"], "unit": row["qudt"]}[row["kind"]]
        if not external:
            row["note"] = WHY_NOT[row["kind"]]
        rows.append(row)
    return rows
