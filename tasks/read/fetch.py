"""Read the bytes of source files (I/O edge), bounded, with retries for transient errors only.

Errors are sorted the way dlt sorts them: a *transient* failure (HTTP 5xx/429, timeout,
connection reset) is retried with exponential backoff and, if it persists, recorded as a
transient reject that the next run tries again; a *permanent* one (404, too large, a
scheme we do not fetch) is recorded at once and never retried.

An HTTP fetch has one time budget, ``FetchLimits.timeout``, for all of it: connecting,
redirects, every read and the retries. httpx bounds each connect and read on its own, so
a server sending a byte now and then would hold a fetch for as long as it likes; a timer
cuts the connection when the budget is spent (``_Cutoff``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    stop_any,
    wait_exponential_jitter,
)

from storywire.tasks.read.sources import REFUSED, UNLISTED_TRANSIENT, SourceRef, local_path
from storywire.tasks.read.urls import url_problem
from storywire.tasks.records import CodedError

_USER_AGENT = "storywire/0.1 (+news ingest)"


class FetchError(CodedError):
    """A source that could not be read. ``code`` is the rejects table's ``reason``."""

    def __init__(self, code: str, detail: str, *, transient: bool = False) -> None:
        # An OS error's text may hold a file name that is not valid UTF-8 (lone surrogates),
        # which no Parquet string can store: escape it.
        super().__init__(code, detail.encode("utf-8", "backslashreplace").decode("utf-8"))
        self.transient = transient


@dataclass(frozen=True, slots=True)
class Payload:
    """The raw bytes of one source, plus what the fetch learned about them."""

    ref: SourceRef
    data: bytes
    fetched_at: dt.datetime
    content_type: str | None = None
    sidecar: bytes | None = None
    etag: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class FetchLimits:
    max_bytes: int
    timeout: float  # seconds one HTTP fetch may take in all: connecting, redirects, reads, retries
    attempts: int = 4  # total tries for a transient failure
    backoff_initial: float = 0.5
    backoff_max: float = 8.0


def fetch(ref: SourceRef, limits: FetchLimits, client: httpx.Client | None = None) -> Payload:
    """Read one source; raise FetchError (transient or permanent) when it cannot be read."""
    if ref.refused:
        raise FetchError(ref.refused, ref.refused_detail or REFUSED.get(ref.refused, ref.refused),
                         transient=ref.refused in UNLISTED_TRANSIENT)
    if ref.size is not None and ref.size > limits.max_bytes:
        raise FetchError("too_large", f"{ref.size} bytes > limit {limits.max_bytes}")
    if ref.is_http:
        deadline = time.monotonic() + limits.timeout
        if client is None:
            with make_client(limits) as own:
                return _fetch_http_retrying(ref, limits, own, deadline)
        return _fetch_http_retrying(ref, limits, client, deadline)
    return _fetch_file(ref, limits)


def make_client(limits: FetchLimits) -> httpx.Client:
    return httpx.Client(
        timeout=limits.timeout,
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": _USER_AGENT},
    )


def _fetch_file(ref: SourceRef, limits: FetchLimits) -> Payload:
    now = dt.datetime.now(dt.UTC)
    try:
        with _open(ref.uri) as fh:
            data = fh.read(limits.max_bytes + 1)
    except FileNotFoundError as exc:
        raise FetchError("not_found", f"{ref.uri} disappeared before it was read") from exc
    except PermissionError as exc:
        raise FetchError("unreadable", f"{ref.uri}: {exc.strerror or exc}") from exc
    except (TimeoutError, ConnectionError) as exc:
        raise FetchError("io_error", str(exc), transient=True) from exc
    except OSError as exc:
        raise FetchError("unreadable", str(exc)) from exc
    if len(data) > limits.max_bytes:
        raise FetchError("too_large", f"more than the limit of {limits.max_bytes} bytes")
    sidecar = None
    if ref.sidecar:
        try:
            with _open(ref.sidecar) as fh:
                sidecar = fh.read(1024 * 1024)
        except OSError:
            sidecar = None  # the story is still good; the sidecar parse step warns
    return Payload(ref=ref, data=data, fetched_at=now, sidecar=sidecar, etag=ref.etag)


def _open(uri: str) -> Any:
    """Opens (as a context manager) a local file's ``uri`` (see ``local_uri``) or an fsspec URL."""
    import fsspec

    if uri.startswith(("/", "file://")):
        return open(local_path(uri), "rb")
    return fsspec.open(uri, "rb")


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, FetchError) and exc.transient


def _fetch_http_retrying(
    ref: SourceRef, limits: FetchLimits, client: httpx.Client, deadline: float
) -> Payload:
    def out_of_time(state: RetryCallState) -> bool:  # no retry the budget cannot wait for
        return time.monotonic() + (state.upcoming_sleep or 0.0) >= deadline

    fetcher = retry(
        retry=retry_if_exception(_is_transient),
        stop=stop_any(stop_after_attempt(limits.attempts), out_of_time),
        wait=wait_exponential_jitter(
            multiplier=limits.backoff_initial, max=limits.backoff_max, jitter=limits.backoff_initial
        ),
        reraise=True,
    )(_fetch_http_once)
    return fetcher(ref, limits, client, deadline)


def _fetch_http_once(ref: SourceRef, limits: FetchLimits, client: httpx.Client, deadline: float) -> Payload:
    if (problem := url_problem(ref.uri)) is not None:  # checked here too: a ref built by hand
        raise FetchError("invalid_url", f"{ref.uri!r}: {problem}")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _too_slow(ref, limits)
    now = dt.datetime.now(dt.UTC)
    cutoff = _Cutoff(remaining)
    try:
        with cutoff, client.stream("GET", ref.uri, timeout=remaining, auth=ref.auth,
                                   extensions={"trace": cutoff.trace}) as resp:
            cutoff.watch(resp.extensions.get("network_stream"))  # a pooled connection
            if resp.status_code >= 400:
                transient = resp.status_code >= 500 or resp.status_code in (408, 425, 429)
                raise FetchError(
                    "http_error", f"GET {ref.uri} -> HTTP {resp.status_code}", transient=transient
                )
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError("too_large", f"Content-Length {declared} > limit {limits.max_bytes}")
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
                if cutoff.expired or time.monotonic() >= deadline:
                    raise _too_slow(ref, limits)
                total += len(chunk)
                if total > limits.max_bytes:
                    raise FetchError("too_large", f"more than the limit of {limits.max_bytes} bytes")
                chunks.append(chunk)
            return Payload(
                ref=ref,
                data=b"".join(chunks),
                fetched_at=now,
                content_type=resp.headers.get("content-type"),
                etag=resp.headers.get("etag"),
            )
    except (httpx.TimeoutException, httpx.TransportError) as exc:
        if cutoff.expired or isinstance(exc, httpx.TimeoutException):
            raise _too_slow(ref, limits) from exc
        raise FetchError("unreachable", f"GET {ref.uri}: {exc}", transient=True) from exc  # refused, DNS
    except httpx.HTTPError as exc:
        raise FetchError("http_error", f"GET {ref.uri}: {exc}") from exc
    except httpx.InvalidURL as exc:  # a redirect to a malformed Location
        raise FetchError("invalid_url", f"GET {ref.uri}: {exc}") from exc


def _too_slow(ref: SourceRef, limits: FetchLimits) -> FetchError:
    return FetchError(
        "timeout",
        f"GET {ref.uri}: the whole fetch (connecting, redirects and reading) took longer than "
        f"the timeout of {limits.timeout:g}s",
        transient=True,
    )


class _Cutoff:
    """Shuts the connections of one HTTP attempt down when its time is up, so that a read
    blocked in another thread returns at once (an error the attempt reports as a timeout).

    Connections are learned from httpx's ``trace`` extension as they open (covering the wait
    for the response headers) and from the response (a connection reused from the pool).
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._streams: list[Any] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Cutoff:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self.watch(info.get("return_value"))

    def watch(self, stream: Any) -> None:
        if stream is None:
            return
        with self._lock:
            self._streams.append(stream)
            expired = self.expired
        if expired:
            _shut_down(stream)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            streams = list(self._streams)
        for stream in streams:
            _shut_down(stream)


def _shut_down(stream: Any) -> None:
    """End a connection's traffic without closing its file descriptor under its owner: a
    duplicate of the descriptor is shut down (a TLS socket's reader sees a clean EOF)."""
    sock = stream.get_extra_info("socket")
    try:
        fd = sock.fileno() if sock is not None else -1
        if fd < 0:
            return
        with socket.socket(fileno=os.dup(fd)) as dup:
            dup.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to stop
