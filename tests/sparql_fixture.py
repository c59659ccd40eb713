"""A minimal SPARQL 1.1 Protocol server over a fixture graph, for tests of clients."""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rdflib import Graph


@contextmanager
def sparql_server(fixture: Path) -> Iterator[str]:
    """Serve ``fixture`` at http://127.0.0.1:<free port>/sparql (POST form or GET)."""
    graph = Graph().parse(fixture, format="turtle")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, query: str) -> None:
            try:
                body = graph.query(query).serialize(format="json")
            except Exception as exc:  # a malformed query is the client's problem
                self.send_error(400, str(exc)[:200])
                return
            assert isinstance(body, bytes)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            qs = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            self._answer(qs.get("query", [""])[0])

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
            self._answer(form.get("query", [""])[0])

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
