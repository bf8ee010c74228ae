"""The duplicate check's band index keys (``warehouse/bands.py``)."""

from __future__ import annotations

import duckdb
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.warehouse.bands import (
    FOLD,
    HASH_BAND,
    SIGNATURE_BYTES,
    band_keys,
    hash_key,
    lsh_bands,
    story_num,
)

THRESHOLD = 0.7

signatures = st.one_of(
    st.none(),
    st.binary(min_size=SIGNATURE_BYTES, max_size=SIGNATURE_BYTES),
    st.binary(max_size=SIGNATURE_BYTES - 1),  # damaged: no bands
)
hashes = st.one_of(st.none(), st.text(alphabet="0123456789abcdef", min_size=16, max_size=64))


def _by_definition(chash: str | None, sig: bytes | None) -> list[tuple[int, int]]:
    """One story's keys as the module documents them, folded value by value in Python."""
    keys = [(HASH_BAND, hash_key(chash))] if chash else []
    if sig is not None and len(sig) == SIGNATURE_BYTES:
        bands, rows = lsh_bands(THRESHOLD)
        values = np.frombuffer(sig, dtype=np.uint32)
        for b in range(bands):
            total = sum(int(v) * int(f) for v, f in zip(values[b * rows:(b + 1) * rows], FOLD[:rows], strict=True))
            keys.append((b, total % 2**64))
    return keys


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(hashes, signatures), max_size=12))
def test_a_chunk_folded_at_once_gives_each_story_its_own_keys(stories):
    assert band_keys(stories, THRESHOLD) == [_by_definition(h, s) for h, s in stories]


def test_a_chunk_without_whole_signatures_has_hash_keys_only():
    assert band_keys([("ab" * 8, None), (None, b"\x00" * 10)], THRESHOLD) == [[(HASH_BAND, 0xABABABABABABABAB)], []]


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40).filter(lambda s: "\x00" not in s))
def test_a_story_number_is_what_the_sql_backfill_computes(story_id):
    """Rows of older lakes get theirs from ``md5_number_upper`` (``story_bands_backfill.sql``);
    new rows from Python: the lookup joins both, so they must agree on every id."""
    assert duckdb.execute("select md5_number_upper(?)", [story_id]).fetchone()[0] == story_num(story_id)
