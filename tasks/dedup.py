"""Exact and near-duplicate (syndicated copy) detection.

Exact duplicates share the hash of their normalized body. Near duplicates (the same wire story
re-published with a different headline, a trimmed ending or a site's boilerplate) are found
with MinHash over word 3-shingles and an LSH index (datasketch): candidate pairs come from
LSH, and the estimated Jaccard similarity must clear ``threshold``. A duplicate always points
at the first copy seen (its root), never at another duplicate, so ``duplicate_of`` groups
a syndication cluster under one story.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3
SCHEME = "affine32"  # 32-bit hash values: stored as 4 bytes each
DEFAULT_THRESHOLD = 0.7
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


def min_equal_values(threshold: float = DEFAULT_THRESHOLD) -> int:
    """Fewest equal hash values out of NUM_PERM that make two signatures similar enough
    (the test :class:`DuplicateIndex` applies), for a lookup that counts them in SQL."""
    return next(m for m in range(NUM_PERM + 1) if float(m) / NUM_PERM >= threshold)


@functools.cache
def lsh_bands(threshold: float = DEFAULT_THRESHOLD) -> tuple[int, int]:
    """(bands, bytes per band in a stored signature) of datasketch's LSH for ``threshold``:
    the banding a lookup over stored signatures (``signature_bytes``, 4 bytes per value) must
    use to find the same candidates as ``MinHashLSH``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r * np.dtype(np.uint32).itemsize


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    of: str  # story_id of the first copy
    kind: str  # "exact" or "near"
    similarity: float


class DuplicateIndex:
    """Remembers the stories it is given and finds each new story's original among them.

    The ingest flow builds one per chunk from what the warehouse says the chunk's check needs
    (``Warehouse.duplicate_candidates``: each new story's best stored near copy, the first
    stored exact copy, the versions the chunk replaces), then checks the chunk's stories in
    order, so a copy is found whether its original is in the warehouse or earlier in the same
    chunk, with the matches an index of every stored story would give, without holding every
    story ever seen in memory.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
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
        threshold: float = DEFAULT_THRESHOLD,
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
