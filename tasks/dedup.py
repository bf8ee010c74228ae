"""Exact and near-duplicate (syndicated copy) detection.

Exact duplicates share the hash of their normalized body. Near duplicates (the same wire story
re-published with a different headline, a trimmed ending or a site's boilerplate) are found
with MinHash over word 3-shingles and an LSH index (datasketch): candidate pairs come from
LSH, and the estimated Jaccard similarity must clear ``threshold``. A duplicate is stored
pointing at the first copy seen (its root), never at another duplicate, so the stored
``duplicate_of`` groups a syndication cluster under one stable id. Which copy a reader sees as
the original (the earliest published) is decided in the ``stories`` view, which can see every
member of the group (``warehouse/views/stories.sql``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from datasketch import MinHash, MinHashLSH

# The stored signature format and the band index are the warehouse's (``warehouse.bands``).
from storywire.warehouse.bands import (
    NEAR_DUPLICATE_THRESHOLD,
    NUM_PERM,
    SIGNATURE_BYTES,
    band_keys,
    fold,
    lsh_bands,
)

__all__ = ["NEAR_DUPLICATE_THRESHOLD", "NUM_PERM", "band_keys", "lsh_bands"]

SHINGLE = 3
SCHEME = "affine32"  # 32-bit hash values: stored as 4 bytes each
_WORD = re.compile(r"\w+", re.UNICODE)


def normalize_for_hash(text: str) -> str:
    """Casefolded words only: typography, whitespace and punctuation do not make a story new."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def content_hash(headline: str | None, body: str) -> str:
    """Hash of the normalized body (the headline is excluded: syndicators rewrite it)."""
    del headline  # kept in the signature to make the choice explicit at call sites
    return hashlib.sha256(normalize_for_hash(body).encode()).hexdigest()


def minhash_signature(body: str) -> MinHash:
    words = normalize_for_hash(body).split()
    if len(words) < SHINGLE:
        shingles = [" ".join(words)] if words else [""]
    else:
        shingles = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    m.update_batch([s.encode() for s in shingles])
    return m


@functools.cache
def _permutations() -> np.ndarray:
    """The hash permutations for (NUM_PERM, seed 1, SCHEME), drawn once per process and shared
    by every signature (datasketch would draw them again, and keep a copy, per MinHash)."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def signature_bytes(m: MinHash) -> bytes:
    """MinHash values fit in 32 bits (datasketch's hash range); store them compactly."""
    return m.hashvalues.astype(np.uint32).tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        scheme=SCHEME,
        hashvalues=np.frombuffer(data, dtype=np.uint32).astype(np.uint64),
        permutations=_permutations(),
    )


def min_equal_values(threshold: float) -> int:
    """Fewest equal hash values out of NUM_PERM that make two signatures similar enough
    (the test :class:`DuplicateIndex` applies), for a lookup that counts them in SQL."""
    return next(m for m in range(NUM_PERM + 1) if float(m) / NUM_PERM >= threshold)


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    of: str  # story_id of the first copy
    kind: str  # "exact" or "near"
    similarity: float


class DuplicateIndex:
    """Remembers the stories it is given and finds each new story's original among them.

    The ingest flow builds one per chunk from what the warehouse says the chunk's check needs
    (``stored_candidates``: each new story's best stored near copy, the first stored exact
    copy, the versions the chunk replaces), then checks the chunk's stories in
    order, so a copy is found whether its original is in the warehouse or earlier in the same
    chunk, with the matches an index of every stored story would give, without holding every
    story ever seen in memory.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=lsh_bands(threshold))
        self._by_hash: dict[str, list[str]] = {}  # content hash -> stories, first seen first
        self._hash_of: dict[str, str] = {}
        # Hash values only (uint64 view of the stored bytes): a MinHash object per story would
        # cost several times more memory, and the index grows with every story ever seen.
        self._signatures: dict[str, np.ndarray] = {}
        self._root: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, str | None, bytes | None, str | None]],
        threshold: float,
    ) -> DuplicateIndex:
        """Load (story_id, content_hash, minhash bytes, duplicate_of) rows from the warehouse."""
        index = cls(threshold)
        for story_id, chash, sig, duplicate_of in rows:
            if sig is None:
                continue
            index._add(story_id, chash, signature_from_bytes(sig), duplicate_of)
        return index

    def _add(self, story_id: str, chash: str | None, sig: MinHash, duplicate_of: str | None) -> None:
        if story_id in self._signatures:  # a newer version of the same story replaces the old
            self._lsh.remove(story_id)
            old_hash = self._hash_of.pop(story_id, None)
            if old_hash is not None:  # its old text is no longer a story to copy
                holders = self._by_hash[old_hash]
                holders.remove(story_id)
                if not holders:
                    del self._by_hash[old_hash]
        self._signatures[story_id] = sig.hashvalues
        self._lsh.insert(story_id, sig)
        self._root[story_id] = duplicate_of or story_id
        if chash:
            self._by_hash.setdefault(chash, []).append(story_id)
            self._hash_of[story_id] = chash

    def check_and_add(self, story_id: str, chash: str, sig: MinHash) -> DuplicateMatch | None:
        """Find the original of a new story (if any), then remember the story."""
        match = self._find(story_id, chash, sig)
        self._add(story_id, chash, sig, match.of if match else None)
        return match

    def _find(self, story_id: str, chash: str, sig: MinHash) -> DuplicateMatch | None:
        first = self._by_hash.get(chash, [None])[0]
        if first is not None and first != story_id:
            return DuplicateMatch(of=self._root.get(first, first), kind="exact", similarity=1.0)
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(sig):
            if candidate == story_id:
                continue
            similarity = float(np.count_nonzero(sig.hashvalues == self._signatures[candidate])) / NUM_PERM
            if similarity >= self.threshold and (best is None or (similarity, candidate) > best):
                best = (similarity, candidate)
        if best is None:
            return None
        root = self._root.get(best[1], best[1])
        if root == story_id:  # the old version of this story was itself the root
            return None
        return DuplicateMatch(of=root, kind="near", similarity=round(best[0], 3))


# -- what a chunk's check needs from the stored stories ---------------------------------------

#: The ``stories`` columns the lookup reads from every stored version.
LOOKUP_COLUMNS = ("story_id", "commit_id", "content_hash", "minhash", "duplicate_of")

#: (story_id, content_hash, minhash, duplicate_of): the rows ``DuplicateIndex.from_rows`` loads.
StoredRow = tuple[str, str | None, bytes | None, str | None]
#: Reads the given ``stories`` columns of every stored story version, a batch at a time.
Scan = Callable[[Sequence[str]], Iterable[pa.RecordBatch]]


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """One stored version of a story that shares an LSH band or the content hash with a new one."""

    story_id: str
    commit_id: str
    content_hash: str | None
    minhash: bytes | None
    duplicate_of: str | None


class ChunkLookup:
    """What the duplicate check of one chunk of new stories needs from the stored stories,
    found by streaming every stored version past the chunk's band keys and content hashes.

    The rows it chooses (``choose``) make a ``DuplicateIndex`` that gives the chunk the
    matches an index of every stored story would: for each new story its most similar
    current stored story among those sharing a band (with at least the threshold's equal hash
    values), the first current story carrying each new content hash (oldest commit, then
    smallest id), and the current versions the chunk replaces. That is about one row per new
    story, however many stored copies a wire story has (returning every band match made the
    flow's memory grow with them). Only a story's newest version counts: a superseded
    signature is not in the index.
    """

    def __init__(self, stories: Sequence[tuple[str, str | None, bytes | None]],
                 threshold: float, banding: float | None = None) -> None:
        # banding: the threshold whose LSH bands pair stories (default: ``threshold``); a
        # warehouse's band index keeps the banding it was created with
        self._banding = threshold if banding is None else banding
        self._bands, self._rows = lsh_bands(self._banding)
        self._min_matches = min_equal_values(threshold)
        self._ids = {sid for sid, _, _ in stories}
        self._hashes = {chash for _, chash, _ in stories if chash}
        self._hash_set = pa.array(sorted(self._hashes), type=pa.string())
        self._new: list[np.ndarray] = []  # the hash values of each new story with a signature
        self._by_key: dict[tuple[int, bytes], list[int]] = {}
        for _, _, sig in stories:
            if sig is None or len(sig) != SIGNATURE_BYTES:
                continue
            values = np.frombuffer(sig, dtype=np.uint32)
            for band, key in enumerate(self._band_keys(values)):
                self._by_key.setdefault((band, key), []).append(len(self._new))
            self._new.append(values)
        # every new signature's bands folded in one numpy pass
        matrix = np.stack(self._new) if self._new else np.empty((0, NUM_PERM), dtype=np.uint32)
        self._folded = [np.unique(keys) for keys in self._fold(matrix)]

    def __bool__(self) -> bool:
        return bool(self._new or self._hashes)

    def _band_keys(self, values: np.ndarray) -> list[bytes]:
        r = self._rows
        return [values[b * r : (b + 1) * r].tobytes() for b in range(self._bands)]

    def _fold(self, values: np.ndarray) -> list[np.ndarray]:
        """Each band of each signature (rows of ``values``) folded to one uint64."""
        return fold(values, self._banding)

    def matching(self, batch: pa.RecordBatch) -> list[StoredVersion]:
        """The versions in ``batch`` (``LOOKUP_COLUMNS``) that share a band or a content hash
        with a new story (current or superseded: ``choose`` keeps the current ones)."""
        hit = np.zeros(batch.num_rows, dtype=bool)
        if self._hashes:
            hit |= pc.fill_null(pc.is_in(batch.column("content_hash"), value_set=self._hash_set), False).to_numpy(
                zero_copy_only=False)
        signed = np.flatnonzero(
            pc.fill_null(pc.equal(pc.binary_length(batch.column("minhash")), SIGNATURE_BYTES), False).to_numpy(
                zero_copy_only=False))
        if self._new and len(signed):
            fixed = batch.column("minhash").take(pa.array(signed)).cast(pa.binary(SIGNATURE_BYTES))
            values = np.frombuffer(fixed.buffers()[1], dtype=np.uint32, count=len(fixed) * NUM_PERM,
                                   offset=fixed.offset * SIGNATURE_BYTES).reshape(len(fixed), NUM_PERM)
            near = np.zeros(len(signed), dtype=bool)
            for band, keys in enumerate(self._fold(values)):
                near |= np.isin(keys, self._folded[band])
            for row in np.flatnonzero(near):  # the few folded hits, checked byte for byte
                keys = self._band_keys(values[row])
                if any((band, key) in self._by_key for band, key in enumerate(keys)):
                    hit[signed[row]] = True
        rows = batch.select(LOOKUP_COLUMNS).take(pa.array(np.flatnonzero(hit))).to_pylist()
        return [StoredVersion(**row) for row in rows]

    @staticmethod
    def newest(story_ids: set[str], batches: Iterable[pa.RecordBatch]) -> dict[str, str]:
        """The newest commit of each of ``story_ids`` over ``batches`` (story_id, commit_id) of
        every stored version: a version that matched may have been replaced by one that does not."""
        newest: dict[str, str] = {}
        wanted = pa.array(sorted(story_ids), type=pa.string())
        for batch in batches:
            mask = pc.is_in(batch.column("story_id"), value_set=wanted)
            picked = batch.filter(mask)
            for sid, cid in zip(picked.column("story_id").to_pylist(), picked.column("commit_id").to_pylist(),
                                strict=True):
                if cid > newest.get(sid, ""):
                    newest[sid] = cid
        return newest

    def choose(self, versions: Iterable[StoredVersion], newest: dict[str, str]) -> list[StoredRow]:
        """The rows the chunk's ``DuplicateIndex`` needs, oldest commit first (its load order)."""
        best: dict[int, tuple[int, str, StoredVersion]] = {}  # new story -> (equal values, id, version)
        first: dict[str, StoredVersion] = {}  # content hash -> its first current story
        wanted: dict[tuple[str, str], StoredVersion] = {}
        for v in versions:
            if newest.get(v.story_id) != v.commit_id:
                continue  # superseded
            if v.story_id in self._ids:  # a version the chunk replaces
                wanted[v.story_id, v.commit_id] = v
            if v.content_hash in self._hashes:
                held = first.get(v.content_hash)
                if held is None or (v.commit_id, v.story_id) < (held.commit_id, held.story_id):
                    first[v.content_hash] = v
            if v.story_id in self._ids or v.minhash is None or len(v.minhash) != SIGNATURE_BYTES:
                # A later story of the chunk compares with the new version of a replaced story.
                continue
            values = np.frombuffer(v.minhash, dtype=np.uint32)
            paired = {i for band, key in enumerate(self._band_keys(values)) for i in self._by_key.get((band, key), ())}
            for i in paired:
                matches = int(np.count_nonzero(values == self._new[i]))
                if matches >= self._min_matches and (matches, v.story_id) > best.get(i, (0, ""))[:2]:
                    best[i] = (matches, v.story_id, v)
        for v in [*first.values(), *(b[2] for b in best.values())]:
            wanted[v.story_id, v.commit_id] = v
        ordered = sorted(wanted.values(), key=lambda v: (v.commit_id, v.story_id))
        return [(v.story_id, v.content_hash, v.minhash, v.duplicate_of) for v in ordered]


#: Reads the stored stories a chunk's check needs from the warehouse's band index: given the
#: chunk's (band, key, published_date) table and the ids it may replace, the stories' rows
#: (``LOOKUP_COLUMNS``) as an Arrow table (``Warehouse.duplicate_rows``).
IndexLookup = Callable[[pa.Table, Sequence[str]], pa.Table]


def index_candidates(
    stories: Sequence[tuple[str, str | None, bytes | None, object]],
    lookup: IndexLookup,
    threshold: float,
    banding: float,
    maybe_stored: Sequence[str] = (),
) -> list[StoredRow]:
    """``stored_candidates`` over the warehouse's band index instead of a scan: the stories
    ((story_id, content_hash, minhash, published_date)) are looked up by their band keys,
    so the cost follows what can match, not the warehouse's size. The index holds current
    versions only; the same ``ChunkLookup`` then picks the rows, so the matches are the ones
    a scan of every stored story gives (within the lookup's date window)."""
    keys = [(sid, chash, sig) for sid, chash, sig, _ in stories]
    chunk = ChunkLookup(keys, threshold, banding)
    if not chunk:
        return []
    bands, band_values, dates = [], [], []
    for (_, _, _, date), pairs in zip(stories, band_keys([(c, s) for _, c, s in keys], banding), strict=True):
        for band, key in pairs:
            bands.append(band)
            band_values.append(key)
            dates.append(date)
    table = pa.table({"band": pa.array(bands, pa.int16()), "key": pa.array(band_values, pa.uint64()),
                      "published_date": pa.array(dates, pa.date32())})
    found = lookup(table, sorted(set(maybe_stored)))
    if not found.num_rows:
        return []
    versions = [v for batch in found.select(LOOKUP_COLUMNS).to_batches() for v in chunk.matching(batch)]
    return chunk.choose(versions, {v.story_id: v.commit_id for v in versions})


def stored_candidates(
    stories: Sequence[tuple[str, str | None, bytes | None]],
    scan: Scan,
    threshold: float,
) -> list[StoredRow]:
    """(story_id, content_hash, minhash, duplicate_of) of the stored stories the duplicate
    check of ``stories`` ((story_id, content_hash, minhash) triples) needs (``ChunkLookup``),
    read with ``scan`` (batches of stored rows; the warehouse itself is read through its band
    index instead: ``index_candidates``).

    Two passes over the stored versions, a batch at a time: one finds those sharing a band or
    a content hash, one finds whether each is still its story's newest. Nothing the size of
    the warehouse is held: a DuckDB query doing the same held state per stored file and sized
    its operators by the rows it saw, so its transient grew with the warehouse.
    """
    lookup = ChunkLookup(stories, threshold)
    if not lookup:
        return []
    found = [v for batch in scan(LOOKUP_COLUMNS) for v in lookup.matching(batch)]
    if not found:
        return []
    newest = lookup.newest({v.story_id for v in found}, scan(("story_id", "commit_id")))
    return lookup.choose(found, newest)


class _Story(Protocol):
    story_id: str
    published_date: dt.date | None
    content_hash: str
    minhash: bytes | None
    duplicate_of: str | None
    duplicate_kind: str | None
    duplicate_similarity: float | None


#: The stored rows a chunk's check needs, given the chunk's stories: ``stored_candidates``
#: over a scan, or ``index_candidates`` over the warehouse's band index.
Candidates = Callable[[Sequence[_Story]], list[StoredRow]]


def scan_candidates(scan: Scan, threshold: float) -> Candidates:
    """``Candidates`` from a scan of every stored version (``stored_candidates``)."""
    return lambda stories: stored_candidates([(s.story_id, s.content_hash, s.minhash) for s in stories], scan,
                                             threshold)


def mark_duplicates(stories: Sequence[_Story], candidates: Candidates, threshold: float) -> int:
    """Mark each of a chunk's stories that copies a stored story or an earlier one of the chunk
    (``duplicate_of``/``duplicate_kind``/``duplicate_similarity``), in chunk order; returns how
    many it marked. ``candidates`` gives the stored stories the check needs."""
    index = DuplicateIndex.from_rows(candidates(stories), threshold)
    marked = 0
    for story in stories:
        match = index.check_and_add(story.story_id, story.content_hash, signature_from_bytes(story.minhash))
        if match is not None:
            story.duplicate_of, story.duplicate_kind = match.of, match.kind
            story.duplicate_similarity = match.similarity
            marked += 1
    return marked
