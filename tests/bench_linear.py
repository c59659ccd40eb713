"""Benchmark: ingest and quantity extraction time against file length, up to 10 MB.

    .venv/bin/python -m tests.bench_linear [--max-mb 10] [--shape clean|one-line|scrambled]

Prints one row per size: bytes, seconds for ingest, sentences and the quantity grammar, and
seconds per MB (flat when the time is linear). Synthetic text only, generated here.
"""

from __future__ import annotations

import argparse
import random
import time

from kg.extract.quantity import find_number_tokens
from kg.ingest import ingest
from kg.ingest.sentences import split_sentences
from kg.model import SourceDoc

PARAGRAPHS = [
    "今年以来，全县共举办培训班{n}期，培训农民{m}余人次，带动贫困户增收。",
    "合作社带动入社农户{n}户，户均增收{m}元，群众参与积极性明显提高。",
    "县里引进两家加工企业，与种植户签订保底收购协议，每公斤收购价不低于{n}元。",
    "“搬下来以后，孩子上学近了，看病也方便了。”{n}岁的搬迁户告诉记者。",
    "社区旁建起扶贫车间{n}个，吸纳搬迁群众就近务工{m}人，人均月收入2200元左右。",
]
HEADS = ["技术有人教，销售有保障", "合作社带动，群众增收", "第一本是民情账"]


def clean_text(size: int, rng: random.Random) -> str:
    out = ["# 青禾县扎实推进产业扶贫\n\n本报讯 青禾县坚持把产业发展作为脱贫攻坚的根本之策。\n"]
    total = 0
    while total < size:
        if rng.random() < 0.1:
            line = rng.choice(HEADS)
        else:
            line = rng.choice(PARAGRAPHS).format(n=rng.randint(2, 999), m=rng.randint(100, 9999))
        out.append(line + "\n")
        total += len(line.encode("utf-8")) + 1
    return "".join(out)


def one_line(size: int, rng: random.Random) -> str:
    # No line break and no sentence end anywhere: the worst case for a splitter.
    head, _, body = clean_text(size, rng).partition("\n\n")
    return head + "\n\n" + body.replace("\n", "").replace("。", "，") + "\n"


def scrambled(size: int, rng: random.Random) -> str:
    """Column fragments cut mid-sentence and printed out of order, with duplicates."""
    lines = clean_text(size, rng).split("\n")
    out: list[str] = []
    for line in lines:
        if len(line) > 20 and rng.random() < 0.3:
            cut = rng.randint(5, len(line) - 5)
            out += [line[:cut], line[cut:]]
        else:
            out.append(line)
    for i in range(2, len(out) - 3, 7):
        out[i], out[i + 2] = out[i + 2], out[i]
    return "\n".join(out + out[2:4]) + "\n"


SHAPES = {"clean": clean_text, "one-line": one_line, "scrambled": scrambled}


def measure(text: str) -> tuple[float, float]:
    doc = SourceDoc(path="bench.md", name="bench.md", text=text, encoding="utf-8", sha256="0")
    began = time.perf_counter()
    page = ingest(doc)
    ingested = time.perf_counter()
    for article in page.articles:
        split_sentences(article)
        find_number_tokens(article.text)
    return ingested - began, time.perf_counter() - ingested


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-mb", type=float, default=10.0)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="clean")
    args = parser.parse_args()
    rng = random.Random(7)
    measure(SHAPES[args.shape](2_000, rng))  # warm-up: jieba loads its dictionary once
    size = 10_000
    print("shape,bytes,ingest_s,extract_s,s_per_mb")
    while size <= args.max_mb * 1_000_000:
        text = SHAPES[args.shape](size, rng)
        ingest_s, extract_s = measure(text)
        n = len(text.encode("utf-8"))
        print(f"{args.shape},{n},{ingest_s:.2f},{extract_s:.2f},"
              f"{(ingest_s + extract_s) / (n / 1e6):.2f}", flush=True)
        size *= 10


if __name__ == "__main__":
    main()
