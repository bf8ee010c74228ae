"""Exact and near-duplicate (syndicated copy) detection."""

from __future__ import annotations

import datetime as dt
import random

from datasketch import MinHashLSH

from storywire.flows.settings import NEAR_DUPLICATE_THRESHOLD as THRESHOLD
from storywire.tasks.dedup import (
    NUM_PERM,
    DuplicateIndex,
    DuplicateMatch,
    content_hash,
    index_candidates,
    minhash_signature,
    signature_bytes,
    signature_from_bytes,
    stored_candidates,
)
from storywire.warehouse.lake import Warehouse
from storywire.warehouse.schemas import to_table

ORIGINAL = (
    "The port authority in Gdansk said on Tuesday that container traffic rose 12 percent in the "
    "first half of the year, driven by new shipping lines from Asia and a deeper fairway.\n\n"
    '"We have never handled so many boxes in six months," director Marta Wielgosz told reporters, '
    "adding that a second terminal would open next spring.\n\n"
    "Rail links to the port remain a bottleneck, with freight trains often waiting for hours at "
    "junctions south of the city, according to the regional logistics association."
)
# A syndicated copy: typography changed, last paragraph trimmed, a sign-off added.
SYNDICATED = (
    ORIGINAL.replace('"', "\u201c", 1).replace("12 percent", "12 percent").rsplit("\n\n", 1)[0]
    + "\n\nRail links to the port remain a bottleneck, the regional logistics association said."
)
UNRELATED = (
    "Heavy rain flooded streets in the northern suburbs of Porto overnight, and firefighters "
    "pumped water from dozens of basements. Schools in two districts stayed closed on Wednesday "
    "while engineers inspected a bridge over the river."
)


def _add(index, story_id, body):
    return index.check_and_add(story_id, content_hash(None, body), minhash_signature(body))


def test_exact_duplicate_ignores_whitespace_and_punctuation():
    index = DuplicateIndex(THRESHOLD)
    assert _add(index, "a", ORIGINAL) is None
    match = _add(index, "b", ORIGINAL.replace("\n\n", "\n\n  ").replace(",", " ,"))
    assert match is not None and (match.of, match.kind) == ("a", "exact")


def test_syndicated_copy_is_a_near_duplicate_of_the_first_copy():
    index = DuplicateIndex(THRESHOLD)
    _add(index, "a", ORIGINAL)
    match = _add(index, "b", SYNDICATED)
    assert match is not None and match.of == "a" and match.kind == "near"
    assert 0.7 <= match.similarity < 1.0


def test_unrelated_story_is_not_a_duplicate():
    index = DuplicateIndex(THRESHOLD)
    _add(index, "a", ORIGINAL)
    assert _add(index, "b", UNRELATED) is None


def test_duplicates_point_at_the_root_not_at_each_other():
    index = DuplicateIndex(THRESHOLD)
    _add(index, "a", ORIGINAL)
    _add(index, "b", ORIGINAL)
    assert _add(index, "c", ORIGINAL).of == "a"


def test_a_new_version_of_the_same_story_is_not_its_own_duplicate():
    index = DuplicateIndex(THRESHOLD)
    _add(index, "a", ORIGINAL)
    assert _add(index, "a", SYNDICATED) is None


def test_the_old_text_of_a_replaced_story_is_no_longer_an_original():
    """A story re-ingested with new text: a later story carrying its old text copies nothing
    the index still holds, so it is an original (and its own copies point at it)."""
    index = DuplicateIndex(THRESHOLD)
    _add(index, "a", ORIGINAL)
    _add(index, "a", UNRELATED)  # a's file was rewritten
    assert _add(index, "b", ORIGINAL) is None
    assert _add(index, "c", ORIGINAL).of == "b"


def test_signatures_round_trip_through_the_warehouse_bytes():
    sig = minhash_signature(ORIGINAL)
    restored = signature_from_bytes(signature_bytes(sig))
    assert restored.jaccard(sig) == 1.0
    index = DuplicateIndex.from_rows([("a", content_hash(None, ORIGINAL), signature_bytes(sig), None)], THRESHOLD)
    assert _add(index, "z", SYNDICATED).of == "a"


# -- the lookup of what a chunk's check needs from the stored stories -------------------------


def _wire_text(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def _edited(rng: random.Random, text: str, rate: float) -> str:
    """A syndicated copy: each word replaced with probability ``rate``."""
    return " ".join("edited" + str(rng.randrange(10**6)) if rng.random() < rate else w for w in text.split())


def _key(story_id: str, body: str) -> tuple[str, str, bytes]:
    return story_id, content_hash(None, body), signature_bytes(minhash_signature(body))


def _stored(story_id: str, body: str, duplicate_of: str | None = None) -> dict:
    sid, chash, sig = _key(story_id, body)
    return {"story_id": sid, "source_uri": f"/in/{sid}.txt", "body": body, "content_hash": chash,
            "minhash": sig, "duplicate_of": duplicate_of, "ingested_at": dt.datetime(2024, 5, 6, tzinfo=dt.UTC)}


def _commit(wh: Warehouse, rows: list[dict]) -> str:
    return wh.commit({"stories": to_table("stories", [{**r, "commit_id": ""} for r in rows])})


def _matches(index: DuplicateIndex, chunk: list[tuple[str, str, bytes]]) -> list[DuplicateMatch | None]:
    return [index.check_and_add(sid, chash, signature_from_bytes(sig)) for sid, chash, sig in chunk]


def _batches(rows: list[dict]):
    """A scan over stored versions held in memory (what the warehouse would stream)."""
    table = to_table("stories", rows)
    return lambda columns: table.select(list(columns)).to_batches(max_chunksize=2)


def test_band_index_candidates_give_the_matches_of_an_index_of_the_whole_warehouse(tmp_path):
    """An index built from the rows the warehouse's band index gives finds, for a chunk of new stories checked in
    order, the same originals and similarities as an index holding every stored story: near
    copies of stories stored many times over, a copy of a copy (its root), an exact copy, a
    story re-ingested with new text (a later story in the chunk then compares with the new
    text and falls back to its next best match), unrelated text. And it needs about one row
    per new story, not every stored copy that shares a band."""
    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)]
    bases = [_wire_text(rng, words, 120) for _ in range(8)]
    # copies at every similarity from identical to unrelated, so some collide in a band and
    # some do not
    rates = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5]
    bodies = {f"s{k}{j}": _edited(rng, base, rate) for k, base in enumerate(bases) for j, rate in enumerate(rates)}
    ids = sorted(bodies)
    whole = DuplicateIndex(THRESHOLD)  # the reference: every stored story, checked as the flow would

    def stored(sid: str, body: str) -> dict:
        row = _stored(sid, body)
        match = whole.check_and_add(sid, row["content_hash"], signature_from_bytes(row["minhash"]))
        return {**row, "duplicate_of": match.of if match else None}

    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        commits = [_commit(wh, [stored(sid, bodies[sid]) for sid in part]) for part in (ids[:32], ids[32:])]
        # s00 (an exact copy of bases[0]) is re-ingested with unrelated text: only the new
        # signature may match
        commits.append(_commit(wh, [stored("s00", _wire_text(rng, words, 120))]))

    new = [_edited(rng, bases[k], 0.02) for k in range(8)] + [bases[0], _wire_text(rng, words, 120)]
    chunk = [_key(f"n{i}", b) for i, b in enumerate(new)]
    # s30 (bases[3] itself) comes back with unrelated text before n3, a copy of bases[3]
    chunk.insert(3, ("s30", content_hash(None, "x"), signature_bytes(minhash_signature(_wire_text(rng, words, 120)))))

    replaced = [sid for sid, _, _ in chunk if sid in bodies]  # stories the chunk may replace
    rows = index_candidates([(*k, None) for k in chunk], lambda keys, ids: wh.duplicate_rows(keys, ids, None),
                            THRESHOLD, wh.banding, replaced)
    assert rows == stored_candidates(chunk, _batches(_current(wh)), THRESHOLD)  # the same as a scan
    found = _matches(DuplicateIndex.from_rows(rows, THRESHOLD), chunk)
    expected = _matches(whole, chunk)
    assert found == expected
    kinds = [m.kind if m else None for m in expected]
    assert kinds.count("near") >= 6 and "exact" in kinds and None in kinds  # every case occurs
    assert expected[4] is not None and expected[4].similarity < 1.0  # n3 fell back from s30
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for sid in ids:
        lsh.insert(sid, minhash_signature(bodies[sid]))
    band_matches = {sid for body in new for sid in lsh.query(minhash_signature(body))}
    assert len(rows) <= len(chunk) + 2 < len(band_matches)
    commit_of = {sid: commits[0] if sid in ids[:32] else commits[1] for sid in ids} | {"s00": commits[2]}
    returned = [r[0] for r in rows]
    assert returned == sorted(returned, key=lambda sid: (commit_of[sid], sid)), "oldest commit first"


def _current(wh: Warehouse) -> list[dict]:
    """The stored stories, as rows (what a scan of the current versions reads)."""
    con = wh.connect()
    try:
        return con.execute("select story_id, source_uri, content_hash, minhash, duplicate_of, commit_id "
                           "from stored.stories").to_arrow_table().to_pylist()
    finally:
        con.close()


def test_a_superseded_version_is_not_a_candidate_but_the_version_a_chunk_replaces_is():
    old, other = ORIGINAL, UNRELATED
    rows = [_stored("a", old) | {"commit_id": "c1"}, _stored("a", other) | {"commit_id": "c2"},
            _stored("b", SYNDICATED, duplicate_of="a") | {"commit_id": "c1"}]
    # a copy of the old text of "a": "a" now says something else, so "b" is its original
    assert [r[0] for r in stored_candidates([_key("n", ORIGINAL + " Updated.")], _batches(rows), THRESHOLD)] == ["b"]
    # "a" itself comes back: its current version is returned, so the index can replace it
    assert [r[:2] for r in stored_candidates([_key("a", other + " Updated.")], _batches(rows), THRESHOLD)] == [
        ("a", content_hash(None, other))]


def test_exact_copies_match_by_hash_alone_and_keep_the_first_stored():
    rows = [_stored("late", ORIGINAL) | {"commit_id": "c2"}, _stored("early", ORIGINAL) | {"commit_id": "c1"},
            _stored("x", UNRELATED) | {"commit_id": "c1"}]
    sid, chash, _ = _key("n", ORIGINAL)
    # no signature (too short a body would give one; a missing one must still find the hash)
    assert [r[0] for r in stored_candidates([(sid, chash, None)], _batches(rows), THRESHOLD)] == ["early"]


def test_the_most_similar_stored_copy_is_the_one_returned():
    close = ORIGINAL.replace("second terminal", "new terminal")
    rows = [_stored("far", SYNDICATED) | {"commit_id": "c1"}, _stored("near", close) | {"commit_id": "c1"}]
    assert [r[0] for r in stored_candidates([_key("n", ORIGINAL)], _batches(rows), THRESHOLD)] == ["near"]
    assert stored_candidates([_key("n", UNRELATED)], _batches(rows), THRESHOLD) == []
    assert stored_candidates([], _batches(rows), THRESHOLD) == []


def test_mark_duplicates_marks_copies_of_stored_and_earlier_stories_in_chunk_order():
    """A chunk's story copying a stored one points at it; a copy of an earlier story of the same
    chunk points at that one; the first copy of new text and unrelated text stay unmarked."""
    from storywire.tasks.dedup import mark_duplicates, scan_candidates
    from storywire.tasks.records import StoryDraft

    def draft(story_id: str, body: str) -> StoryDraft:
        sid, chash, sig = _key(story_id, body)
        return StoryDraft(story_id=sid, source_uri=f"/in/{sid}.txt", item_key="", input_format="text",
                          encoding="utf-8", headline=None, body=body, content_hash=chash, minhash=sig)

    stored = _batches([{**_stored("old", ORIGINAL), "commit_id": "c1"}])
    rng = random.Random(5)
    first_new = UNRELATED + " The ministry will publish the full figures next week."
    chunk = [draft("copy-of-old", _edited(rng, ORIGINAL, 0.03)), draft("new", first_new),
             draft("copy-of-new", first_new), draft("other", UNRELATED.replace("a", "o"))]
    assert mark_duplicates(chunk, scan_candidates(stored, THRESHOLD), THRESHOLD) == 2
    marks = {s.story_id: (s.duplicate_of, s.duplicate_kind) for s in chunk}
    assert marks["copy-of-old"] == ("old", "near") and chunk[0].duplicate_similarity >= THRESHOLD
    assert marks["copy-of-new"] == ("new", "exact")
    assert marks["new"] == marks["other"] == (None, None)


def test_the_band_index_of_a_new_warehouse_is_laid_out_for_the_default_threshold():
    """The command line's default and the band index's default are one number (declared twice
    only so that commands that do not ingest need not import the duplicate check)."""
    from storywire.tasks import dedup

    assert dedup.NEAR_DUPLICATE_THRESHOLD == THRESHOLD
