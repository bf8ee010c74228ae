"""A tiny HTTP server on 127.0.0.1 for fetch tests: scripted responses per path."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterator
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

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
