"""Exact and near-duplicate (syndicated copy) detection."""

from __future__ import annotations

from storywire.tasks.dedup import (
    DuplicateIndex,
    content_hash,
    minhash_signature,
    signature_bytes,
    signature_from_bytes,
)

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
    index = DuplicateIndex()
    assert _add(index, "a", ORIGINAL) is None
    match = _add(index, "b", ORIGINAL.replace("\n\n", "\n\n  ").replace(",", " ,"))
    assert match is not None and (match.of, match.kind) == ("a", "exact")


def test_syndicated_copy_is_a_near_duplicate_of_the_first_copy():
    index = DuplicateIndex()
    _add(index, "a", ORIGINAL)
    match = _add(index, "b", SYNDICATED)
    assert match is not None and match.of == "a" and match.kind == "near"
    assert 0.7 <= match.similarity < 1.0


def test_unrelated_story_is_not_a_duplicate():
    index = DuplicateIndex()
    _add(index, "a", ORIGINAL)
    assert _add(index, "b", UNRELATED) is None


def test_duplicates_point_at_the_root_not_at_each_other():
    index = DuplicateIndex()
    _add(index, "a", ORIGINAL)
    _add(index, "b", ORIGINAL)
    assert _add(index, "c", ORIGINAL).of == "a"


def test_a_new_version_of_the_same_story_is_not_its_own_duplicate():
    index = DuplicateIndex()
    _add(index, "a", ORIGINAL)
    assert _add(index, "a", SYNDICATED) is None


def test_the_old_text_of_a_replaced_story_is_no_longer_an_original():
    """A story re-ingested with new text: a later story carrying its old text copies nothing
    the index still holds, so it is an original (and its own copies point at it)."""
    index = DuplicateIndex()
    _add(index, "a", ORIGINAL)
    _add(index, "a", UNRELATED)  # a's file was rewritten
    assert _add(index, "b", ORIGINAL) is None
    assert _add(index, "c", ORIGINAL).of == "b"


def test_signatures_round_trip_through_the_warehouse_bytes():
    sig = minhash_signature(ORIGINAL)
    restored = signature_from_bytes(signature_bytes(sig))
    assert restored.jaccard(sig) == 1.0
    index = DuplicateIndex.from_rows([("a", content_hash(None, ORIGINAL), signature_bytes(sig), None)])
    assert _add(index, "z", SYNDICATED).of == "a"
