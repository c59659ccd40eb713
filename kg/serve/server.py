"""Running the app: uvicorn on a socket we bind ourselves (port 0 works, the backlog is ours).

Limits: a connection idle for ``KEEP_ALIVE`` seconds is closed; a request's headers must
arrive within ``HEADER_TIMEOUT`` seconds of the connection (or of the previous response), and
its body within ``app.BODY_TIMEOUT`` seconds, so a slow client cannot hold a connection;
beyond ``MAX_CONNECTIONS`` open connections uvicorn answers 503 itself; the listen backlog
holds ``BACKLOG_PER_WORKER`` pending connections per query worker, so a burst of clients
waits in the kernel instead of being reset.
"""

from __future__ import annotations

import asyncio
import copy
import socket
import threading

import uvicorn
from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.h11_impl import H11Protocol

from kg.serve.app import make_app
from kg.serve.site import Site

KEEP_ALIVE = 5  # seconds
HEADER_TIMEOUT = 10.0  # seconds
MAX_CONNECTIONS = 1000
BACKLOG_PER_WORKER = 64


class DeadlineProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for the request line and headers: uvicorn
    resets its keep-alive timer on every byte received, so a client sending one byte at a
    time would otherwise hold the connection forever."""

    _deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(HEADER_TIMEOUT, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if (self.cycle is None or self.cycle.response_complete) and \
                not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # asyncio sets TCP_NODELAY only on sockets made with proto=IPPROTO_TCP, which ours
        # (and the ones it accepts) are not: without it a response's body waits behind its
        # head for the client's delayed ACK, 40 ms per request on a kept-alive connection.
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers are in; the body has its own deadline

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


class KgServer:
    """The server bound to host:port; ``serve_forever`` blocks (in any thread) until
    ``shutdown``, which another thread may call."""

    def __init__(self, site: Site, host: str, port: int, log: bool = False):
        self.site = site
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        backlog = BACKLOG_PER_WORKER * site.pool.size
        try:
            self.socket.bind((host, port))
            self.socket.listen(backlog)
        except OSError:
            self.socket.close()
            raise
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        logging = copy.deepcopy(LOGGING_CONFIG)
        # uvicorn logs requests to standard output; ours carries data only
        logging["handlers"]["access"]["stream"] = "ext://sys.stderr"
        config = uvicorn.Config(
            make_app(site), log_config=logging, access_log=log,
            log_level="info" if log else "warning", timeout_keep_alive=KEEP_ALIVE,
            limit_concurrency=MAX_CONNECTIONS, backlog=backlog, lifespan="off",
            http=DeadlineProtocol, loop="asyncio", timeout_graceful_shutdown=3, server_header=False)
        self._server = uvicorn.Server(config)
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        self._server.should_exit = True
        self._stopped.wait(10)

    def server_close(self) -> None:
        self.socket.close()
        self.site.close()


def make_server(site: Site, host: str = "127.0.0.1", port: int = 0,
                log: bool = False) -> KgServer:
    """A server bound to host:port (0 = a free port), not yet serving."""
    return KgServer(site, host, port, log)
