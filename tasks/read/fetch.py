"""Read the bytes of source files (I/O edge), bounded, with retries for transient errors only.

Errors are sorted the way dlt sorts them: a *transient* failure (HTTP 5xx/429, timeout,
connection reset) is retried with exponential backoff and, if it persists, recorded as a
transient reject that the next run tries again; a *permanent* one (404, too large, a
scheme we do not fetch) is recorded at once and never retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlparse

import httpx
from tenacity import (
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from storywire.tasks.read.sources import REFUSED, SourceRef
from storywire.tasks.records import CodedError

ALLOWED_URL_SCHEMES = frozenset({"http", "https"})
_USER_AGENT = "storywire/0.1 (+news ingest)"


class FetchError(CodedError):
    """A source that could not be read. ``code`` is the rejects table's ``reason``."""

    def __init__(self, code: str, detail: str, *, transient: bool = False) -> None:
        super().__init__(code, detail)
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
    timeout: float  # seconds, httpx's bound on connecting and on each read
    attempts: int = 4  # total tries for a transient failure
    backoff_initial: float = 0.5
    backoff_max: float = 8.0


def fetch(ref: SourceRef, limits: FetchLimits, client: httpx.Client | None = None) -> Payload:
    """Read one source; raise FetchError (transient or permanent) when it cannot be read."""
    if ref.refused:
        raise FetchError(ref.refused, REFUSED[ref.refused])
    if ref.size is not None and ref.size > limits.max_bytes:
        raise FetchError("too_large", f"{ref.size} bytes > limit {limits.max_bytes}")
    if ref.is_http:
        if client is None:
            with make_client(limits) as own:
                return _fetch_http_retrying(ref, limits, own)
        return _fetch_http_retrying(ref, limits, client)
    return _fetch_file(ref, limits)


def make_client(limits: FetchLimits) -> httpx.Client:
    return httpx.Client(
        timeout=limits.timeout,
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": _USER_AGENT},
    )


def _fetch_file(ref: SourceRef, limits: FetchLimits) -> Payload:
    import fsspec

    now = dt.datetime.now(dt.UTC)
    try:
        with fsspec.open(ref.uri, "rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except FileNotFoundError as exc:
        raise FetchError("not_found", f"{ref.uri} disappeared before it was read") from exc
    except PermissionError as exc:
        raise FetchError("unreadable", str(exc)) from exc
    except (TimeoutError, ConnectionError) as exc:
        raise FetchError("io_error", str(exc), transient=True) from exc
    except OSError as exc:
        raise FetchError("unreadable", str(exc)) from exc
    if len(data) > limits.max_bytes:
        raise FetchError("too_large", f"more than the limit of {limits.max_bytes} bytes")
    sidecar = None
    if ref.sidecar:
        try:
            with fsspec.open(ref.sidecar, "rb") as fh:
                sidecar = fh.read(1024 * 1024)
        except OSError:
            sidecar = None  # the story is still good; the sidecar parse step warns
    return Payload(ref=ref, data=data, fetched_at=now, sidecar=sidecar, etag=ref.etag)


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, FetchError) and exc.transient


def _fetch_http_retrying(ref: SourceRef, limits: FetchLimits, client: httpx.Client) -> Payload:
    fetcher = retry(
        retry=retry_if_exception(_is_transient),
        stop=stop_after_attempt(limits.attempts),
        wait=wait_exponential_jitter(
            multiplier=limits.backoff_initial, max=limits.backoff_max, jitter=limits.backoff_initial
        ),
        reraise=True,
    )(_fetch_http_once)
    return fetcher(ref, limits, client)


def _fetch_http_once(ref: SourceRef, limits: FetchLimits, client: httpx.Client) -> Payload:
    scheme = urlparse(ref.uri).scheme.lower()
    if scheme not in ALLOWED_URL_SCHEMES:
        raise FetchError("scheme_not_allowed", f"{scheme}:// is not fetched")
    now = dt.datetime.now(dt.UTC)
    try:
        with client.stream("GET", ref.uri) as resp:
            if resp.status_code >= 400:
                transient = resp.status_code >= 500 or resp.status_code in (408, 425, 429)
                raise FetchError(
                    f"http_{resp.status_code}", f"GET {ref.uri} -> {resp.status_code}", transient=transient
                )
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError("too_large", f"Content-Length {declared} > limit {limits.max_bytes}")
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
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
    except httpx.TimeoutException as exc:
        raise FetchError("timeout", f"GET {ref.uri} timed out after {limits.timeout}s", transient=True) from exc
    except httpx.TransportError as exc:  # connection refused/reset, DNS failure
        raise FetchError("unreachable", f"GET {ref.uri}: {exc}", transient=True) from exc
    except httpx.HTTPError as exc:
        raise FetchError("http_error", f"GET {ref.uri}: {exc}") from exc
