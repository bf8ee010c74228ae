"""Bounded fetching: transient errors retried with backoff, permanent ones rejected at once."""

from __future__ import annotations

import pytest
from loopback import serve

from storywire.flows.settings import MAX_BYTES, TIMEOUT
from storywire.tasks.read.fetch import FetchError, FetchLimits, fetch
from storywire.tasks.read.sources import SourceRef

FAST = FetchLimits(max_bytes=MAX_BYTES, timeout=0.5, attempts=3, backoff_initial=0.01, backoff_max=0.02)
STORY = b"Harbour reopens\n\nODESA, May 2 (Reuters) - The harbour reopened on Friday."


def test_story_over_http():
    with serve({"/s": [(200, STORY, 0)]}) as (base, hits):
        p = fetch(SourceRef(uri=f"{base}/s"), FAST)
    assert p.data == STORY and p.content_type.startswith("text/plain") and hits["/s"] == 1


def test_transient_500_is_retried_until_it_succeeds():
    with serve({"/s": [(500, b"oops", 0), (503, b"busy", 0), (200, STORY, 0)]}) as (base, hits):
        p = fetch(SourceRef(uri=f"{base}/s"), FAST)
    assert p.data == STORY and hits["/s"] == 3


def test_persistent_500_gives_up_as_transient():
    with serve({"/s": [(500, b"oops", 0)]}) as (base, hits), pytest.raises(FetchError) as err:
        fetch(SourceRef(uri=f"{base}/s"), FAST)
    assert err.value.code == "http_500" and err.value.transient and hits["/s"] == FAST.attempts


def test_404_is_permanent_and_not_retried():
    with serve({}) as (base, hits), pytest.raises(FetchError) as err:
        fetch(SourceRef(uri=f"{base}/gone"), FAST)
    assert err.value.code == "http_404" and not err.value.transient and hits["/gone"] == 1


def test_timeout_is_transient():
    with serve({"/slow": [(200, STORY, 2.0)]}) as (base, _), pytest.raises(FetchError) as err:
        fetch(SourceRef(uri=f"{base}/slow"), FetchLimits(max_bytes=MAX_BYTES, timeout=0.2, attempts=1))
    assert err.value.code == "timeout" and err.value.transient


def test_unreachable_host_is_transient():
    with pytest.raises(FetchError) as err:
        fetch(SourceRef(uri="http://127.0.0.1:9/none"), FetchLimits(max_bytes=MAX_BYTES, timeout=0.5, attempts=1))
    assert err.value.code == "unreachable" and err.value.transient


def test_too_large_over_http_and_on_disk(tmp_path):
    limits = FetchLimits(max_bytes=10, timeout=TIMEOUT, attempts=1)
    with serve({"/big": [(200, b"x" * 100, 0)]}) as (base, _), pytest.raises(FetchError) as err:
        fetch(SourceRef(uri=f"{base}/big"), limits)
    assert err.value.code == "too_large" and not err.value.transient
    f = tmp_path / "big.txt"
    f.write_bytes(b"x" * 100)
    with pytest.raises(FetchError, match="too_large"):
        fetch(SourceRef(uri=str(f), size=100), limits)


def test_local_file_with_sidecar(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(STORY)
    meta = tmp_path / "a.meta.json"
    meta.write_text('{"published": "2022-05-02"}')
    p = fetch(SourceRef(uri=str(f), size=len(STORY), sidecar=str(meta)), FAST)
    assert p.data == STORY and p.sidecar == meta.read_bytes()
