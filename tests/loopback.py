"""A tiny HTTP server on 127.0.0.1 for fetch tests: scripted responses per path."""

from __future__ import annotations

import base64
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path -> list of (status, body, delay seconds); the last entry repeats.
Script = dict[str, list[tuple[int, bytes, float]]]


@contextmanager
def serve(script: Script, content_type: str = "text/plain; charset=utf-8") -> Iterator[tuple[str, dict]]:
    hits: dict[str, int] = defaultdict(int)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            n = hits[self.path]
            hits[self.path] += 1
            steps = script.get(self.path)
            if steps is None:
                self.send_error(404)
                return
            status, body, delay = steps[min(n, len(steps) - 1)]
            if delay:
                time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep test output quiet
            pass

    yield from _running(Handler, hits)


# --- Routes that behave over time: trickle, flood, redirect loops, gzip bombs, flaky servers.
# A route writes the whole response itself; ``hit`` counts earlier requests for its path. Every
# route ends by itself (a byte budget or a fixed body), so no test can leave a thread streaming.

Route = Callable[[BaseHTTPRequestHandler, int], None]

_CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


def _head(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def route_static(body: bytes, content_type: str = "text/plain; charset=utf-8", status: int = 200) -> Route:
    def respond(handler: BaseHTTPRequestHandler, hit: int) -> None:
        _head(handler, status, {"Content-Type": content_type, "Content-Length": str(len(body))})
        handler.wfile.write(body)

    return respond


def route_flaky(body: bytes, fails: int = 1, status: int = 503,
                content_type: str = "text/plain; charset=utf-8") -> Route:
    """``status`` for the first ``fails`` requests, then ``body``: a server that recovers."""
    ok = route_static(body, content_type)
    down = route_static(b"service unavailable\n", status=status)
    return lambda handler, hit: (down if hit < fails else ok)(handler, hit)


def route_trickle(body: bytes, interval: float = 0.2, content_type: str = "text/plain; charset=utf-8") -> Route:
    """Declares the whole length, then sends one byte every ``interval`` seconds: each read
    succeeds, only a bound on the whole fetch stops it."""
    def respond(handler: BaseHTTPRequestHandler, hit: int) -> None:
        _head(handler, 200, {"Content-Type": content_type, "Content-Length": str(len(body))})
        for i in range(len(body)):
            handler.wfile.write(body[i:i + 1])
            handler.wfile.flush()
            time.sleep(interval)

    return respond


def route_trickle_head(body: bytes, interval: float = 0.2) -> Route:
    """Sends even the status line and headers one byte every ``interval`` seconds: the wait
    for the response itself must be bounded, not only the body's reads."""
    def respond(handler: BaseHTTPRequestHandler, hit: int) -> None:
        head = (f"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n"
                .encode())
        for i in range(len(head)):
            handler.wfile.write(head[i:i + 1])
            handler.wfile.flush()
            time.sleep(interval)
        handler.wfile.write(body)

    return respond


def route_flood(limit: int = 64 * 1024 * 1024, chunk: int = 64 * 1024) -> Route:
    """A text body with no declared length that goes on until the client hangs up (or
    ``limit`` bytes): only a size limit on what is read stops it."""
    line = b"flood " * (chunk // 6)

    def respond(handler: BaseHTTPRequestHandler, hit: int) -> None:
        _head(handler, 200, {"Content-Type": "text/plain; charset=utf-8"})
        sent = 0
        while sent < limit:
            handler.wfile.write(line)
            sent += len(line)

    return respond


def route_redirect(location: str, status: int = 302) -> Route:
    """Always redirects to ``location``: two of them pointing at each other make a loop."""
    return lambda handler, hit: _head(handler, status, {"Location": location, "Content-Length": "0"})


def route_gzip_bomb(inflated: int = 32 * 1024 * 1024) -> Route:
    """A few kB of ``Content-Encoding: gzip`` that inflate to ``inflated`` bytes: the declared
    length is small, only a limit on the decoded bytes stops it."""
    import gzip

    body = gzip.compress(b"\0" * inflated, compresslevel=9)
    headers = {"Content-Type": "text/plain; charset=utf-8", "Content-Encoding": "gzip",
               "Content-Length": str(len(body))}

    def respond(handler: BaseHTTPRequestHandler, hit: int) -> None:
        _head(handler, 200, headers)
        handler.wfile.write(body)

    return respond


def route_basic_auth(body: bytes, user: str, password: str) -> Route:
    """``body`` to a request with HTTP Basic auth for ``user`` and ``password``, else 401."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def respond(handler: BaseHTTPRequestHandler, hit: int) -> None:
        if handler.headers.get("Authorization") != expected:
            _head(handler, 401, {"WWW-Authenticate": 'Basic realm="wire"', "Content-Length": "0"})
            return
        _head(handler, 200, {"Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(body))})
        handler.wfile.write(body)

    return respond


@contextmanager
def serve_routes(routes: dict[str, Route]) -> Iterator[tuple[str, dict[str, int]]]:
    """Serve ``routes`` (path -> Route; other paths 404) on 127.0.0.1; yields the base URL and
    the hits per path. ``routes`` is read per request, so routes can be added once the base
    URL is known (a URL list naming the server's own pages)."""
    hits: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            with lock:
                n = hits[self.path]
                hits[self.path] += 1
            route = routes.get(self.path)
            try:
                if route is None:
                    self.send_error(404)
                else:
                    route(self, n)
            except _CLIENT_GONE:  # the client gave up (a size or time limit): that is the point
                self.close_connection = True

        def log_message(self, *args):  # keep test output quiet
            pass

    yield from _running(Handler, hits)


def _running(handler: type[BaseHTTPRequestHandler], hits: dict) -> Iterator[tuple[str, dict]]:
    """Serve ``handler`` on a free loopback port for as long as the caller's ``with`` lasts."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True  # a client that hangs up mid-route never blocks shutdown
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
