"""The duplicate check's band index, as the warehouse stores it (``stored.story_bands``).

A story's MinHash signature is stored as ``NUM_PERM`` 32-bit values. LSH cuts it into bands of
``rows`` values; two stories sharing a band are candidate copies. The index keeps each band of
each story folded to one 64-bit key (odd multipliers, summed), plus a key of the content hash
(band ``HASH_BAND``), so a chunk's lookup is an equality join that reads only the files and
row groups (the table is sorted by date) its date window covers. A folded collision is not a
match: the check compares the candidates' signatures value by value (``tasks.dedup``).

The banding (how many bands of how many values) follows datasketch's ``MinHashLSH`` for a
threshold. A warehouse keeps the threshold its index was laid out for (``Warehouse.banding``),
chosen when it is created: the flow pairs stories with the same banding whatever threshold a
later run verifies matches with.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

#: Hash values in a stored signature (4 bytes each).
NUM_PERM = 128
SIGNATURE_BYTES = NUM_PERM * np.dtype(np.uint32).itemsize
#: The near-duplicate threshold a new warehouse's index is laid out for (the command line's
#: ``--near-duplicate-threshold`` default, ``flows.settings``, is the same number: a test
#: keeps them in step).
NEAR_DUPLICATE_THRESHOLD = 0.7
#: The band number of the content-hash key (LSH bands are 0, 1, ...).
HASH_BAND = -1
#: The date an undated story is filed under in the index: first in its order, where a
#: lookup reads by equality (DuckLake cannot skip files for ``is null``).
UNDATED = dt.date(1, 1, 1)
#: Odd 64-bit multipliers that fold a band's values into one integer.
FOLD = np.random.default_rng(20201026).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)


@functools.cache
@functools.lru_cache(maxsize=8)
def lsh_bands(threshold: float) -> tuple[int, int]:
    """(bands, values per band) of datasketch's LSH for ``threshold``: the banding that finds
    the candidates ``MinHashLSH`` finds (remembered: datasketch integrates numerically for it,
    a tenth of a second, and every chunk asks)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def fold(values: np.ndarray, threshold: float) -> list[np.ndarray]:
    """Each band of each signature (rows of ``values``, uint32) folded to one uint64."""
    bands, rows = lsh_bands(threshold)
    wide = values.astype(np.uint64)
    return [(wide[:, b * rows : (b + 1) * rows] * FOLD[:rows]).sum(axis=1, dtype=np.uint64) for b in range(bands)]


def hash_key(content_hash: str) -> int:
    """The index key of a content hash (its first 64 bits)."""
    return int(content_hash[:16], 16)


def story_num(story_id: str) -> int:
    """The 64-bit integer the lookup joins band rows on: the first half of the id's MD5, as
    DuckDB's ``md5_number_upper`` gives it (the backfill of older lakes computes it in SQL).
    Two ids sharing it only add a candidate the signature check rejects."""
    return int.from_bytes(hashlib.md5(story_id.encode("utf-8"), usedforsecurity=False).digest()[:8], "little")


def band_keys(stories: Sequence[tuple[str | None, bytes | None]], threshold: float) -> list[list[tuple[int, int]]]:
    """(band, key) pairs of each story ((content_hash, signature bytes) pairs): its content
    hash's key and, with a whole signature, each LSH band folded."""
    whole = [sig is not None and len(sig) == SIGNATURE_BYTES for _, sig in stories]
    signatures = b"".join(sig for (_, sig), ok in zip(stories, whole, strict=True) if ok)
    values = np.frombuffer(signatures, dtype=np.uint32).reshape(-1, NUM_PERM)
    # one numpy pass over the chunk, not one per story and band
    folded = iter(np.stack(fold(values, threshold), axis=1).tolist() if len(values) else [])
    out: list[list[tuple[int, int]]] = []
    for (chash, _), ok in zip(stories, whole, strict=True):
        keys = [(HASH_BAND, hash_key(chash))] if chash else []
        if ok:
            keys += list(enumerate(next(folded)))
        out.append(keys)
    return out


def band_table(stories: pa.Table, threshold: float, schema: pa.Schema) -> pa.Table:
    """The index rows (``schema``) of a table of stories rows: each key of each story, the
    content-hash row carrying the hash, the signature and the stored original."""
    columns = ("story_id", "published_date", "commit_id", "content_hash", "minhash", "duplicate_of")
    ids, dates, commits, hashes, sigs, originals = (stories.column(c).to_pylist() for c in columns)
    out: dict[str, list] = {name: [] for name in schema.names}
    pairs_of = band_keys(list(zip(hashes, sigs, strict=True)), threshold)
    for sid, date, cid, chash, sig, original, pairs in zip(ids, dates, commits, hashes, sigs, originals, pairs_of,
                                                           strict=True):
        num = story_num(sid)
        for band, key in pairs:
            carried = (chash, sig, original) if band == HASH_BAND else (None, None, None)
            row = (band, key, sid, date or UNDATED, cid, *carried, num)
            for name, value in zip(schema.names, row, strict=True):
                out[name].append(value)
    return pa.Table.from_pydict(out, schema=schema)
