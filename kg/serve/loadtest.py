"""A bounded load test of ``kg serve`` on loopback: N clients for S seconds, then (optionally)
the same clients while four runaway queries hold long-query slots.

``python -m kg.serve.loadtest --clients 32 --seconds 60`` starts ``kg serve`` on the sample
(a subprocess on a free loopback port), runs the library's queries (bound to their defaults)
from every client over keep-alive connections, and prints one JSON object: queries/s, median
and p95 latency, errors (any status but 200), resets (connection errors), the server's memory (PSS)
(server plus its query workers) before and after, and the median latency of the normal
clients while ``--runaway`` cartesian-product queries run. ``--url`` tests a running server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Phase:
    queries: int = 0
    errors: int = 0
    resets: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)

    def summary(self, seconds: float) -> dict[str, object]:
        lat = sorted(self.latencies_ms)
        return {"queries": self.queries, "queries_per_s": round(self.queries / seconds, 1),
                "median_ms": round(statistics.median(lat), 1) if lat else None,
                "p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 1) if lat else None,
                "errors": self.errors, "resets": self.resets, "statuses": self.statuses}


def library_queries() -> list[str]:
    from kg.query import bind, parse_query_file
    from kg.resources import queries_dir

    return [bind(parse_query_file(p), {}) for p in sorted(queries_dir().glob("*.rq"))]


def _client(url: str, queries: Sequence[str], until: float, phase: Phase, lock: threading.Lock,
            offset: int, limit: int | None = None) -> None:
    parts = urllib.parse.urlsplit(url)
    conn: http.client.HTTPConnection | None = None
    i = offset
    while time.monotonic() < until and (limit is None or i - offset < limit):
        query = queries[i % len(queries)]
        i += 1
        body = urllib.parse.urlencode({"query": query}).encode()
        started = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port,
                                                  timeout=60)
                conn.connect()
                # http.client writes a POST's head and body separately: with Nagle's
                # algorithm the body then waits for the server's delayed ACK (~40 ms), a
                # latency of the client, not of the server. curl and browsers do not wait.
                assert conn.sock is not None
                conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.request("POST", "/sparql", body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            with lock:
                phase.resets += 1
            if conn is not None:
                conn.close()
            conn = None
            continue
        elapsed = (time.monotonic() - started) * 1000
        with lock:
            phase.queries += 1
            phase.statuses[str(status)] = phase.statuses.get(str(status), 0) + 1
            if status == 200:
                phase.latencies_ms.append(elapsed)
            else:
                phase.errors += 1
    if conn is not None:
        conn.close()


def run_clients(url: str, clients: int, seconds: float, queries: Sequence[str]) -> Phase:
    phase, lock = Phase(), threading.Lock()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=_client, args=(url, queries, until, phase, lock, n))
               for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return phase


def run_clients_once(url: str, queries: Sequence[str]) -> Phase:
    phase, lock = Phase(), threading.Lock()
    for n in range(len(queries)):
        _client(url, [queries[n]], time.monotonic() + 120, phase, lock, 0, limit=1)
    return phase


def run_load(url: str, clients: int, seconds: float, queries: Sequence[str],
             runaway: int = 0, rss: Callable[[], float] | None = None) -> dict[str, object]:
    """The figures of one load test against ``url`` (see the module's docstring).

    Each query is first sent once, unmeasured: the server checks a new query text by
    parsing it with rdflib's grammar (hundreds of ms), and remembers the verdict."""
    warm = run_clients_once(url, queries)
    before = rss() if rss else None
    normal = run_clients(url, clients, seconds, queries)
    report: dict[str, object] = {"clients": clients, "seconds": seconds,
                                 "warm_up_statuses": warm.statuses, **normal.summary(seconds)}
    if runaway:
        slow = Phase()
        lock = threading.Lock()
        until = time.monotonic() + seconds
        runners = [threading.Thread(target=_client, args=(url, [RUNAWAY], until, slow, lock, 0))
                   for _ in range(runaway)]
        for t in runners:
            t.start()
        time.sleep(min(1.5, seconds / 4))  # let the runaway queries take their slots
        during = run_clients(url, clients, max(1.0, seconds - 1.5), queries)
        for t in runners:
            t.join()
        report["with_runaway"] = {"runaway_clients": runaway, **during.summary(seconds),
                                  "runaway_statuses": slow.statuses}
    if rss:
        report["pss_mb_before"] = before
        report["pss_mb_after"] = rss()
    return report


def process_rss_mb(pid: int) -> float:
    """Memory of ``pid`` and all its descendants, in MB: the sum of their proportional set
    sizes (Linux /proc), so pages the forked workers share are counted once."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as f:
                m = re.search(r"^Pss:\s+(\d+) kB", f.read(), re.M)
            total += int(m.group(1)) if m else 0
            for task in os.listdir(f"/proc/{p}/task"):  # workers forked by any thread
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return round(total / 1024, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.serve.loadtest", description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runaway", type=int, default=4,
                        help="cartesian-product queries run in a second phase (0: none)")
    parser.add_argument("--url", help="a running kg serve (default: start one on the sample)")
    parser.add_argument("--backend", default="oxigraph", choices=["oxigraph", "rdflib"])
    parser.add_argument("--answer-cache-mb", type=int, default=64,
                        help="passed to the kg serve it starts (0: every query reaches a "
                             "worker)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 256 or not 0 < args.seconds <= 600:
        parser.error("keep it bounded: 1-256 clients, at most 600 seconds")
    queries = library_queries()
    if args.url:
        print(json.dumps(run_load(args.url, args.clients, args.seconds, queries,
                                  args.runaway), indent=1))
        return 0
    command = [sys.executable, "-m", "kg.cli", "serve", "--port", "0", "--quiet",
               "--backend", args.backend, "--answer-cache-mb", str(args.answer_cache_mb)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                break
        else:
            print("kg serve did not start", file=sys.stderr)
            return 2
        threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep draining
        url = f"http://127.0.0.1:{m.group(1)}"
        report = run_load(url, args.clients, args.seconds, queries, args.runaway,
                          rss=lambda: process_rss_mb(proc.pid))
        report["backend"] = args.backend
        report["answer_cache_mb"] = args.answer_cache_mb
        report["cpus"] = os.cpu_count()
        print(json.dumps(report, indent=1))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
