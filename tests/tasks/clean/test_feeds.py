"""JSON / JSONL feeds and sidecar metadata into normalized records."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.clean.feeds import (
    FeedError,
    FeedRecord,
    FeedRecordError,
    SidecarError,
    feed_kind,
    parse_feed,
    parse_feed_date,
    parse_sidecar,
)
from storywire.tasks.clean.sniff import PayloadKind

FEEDS = FIXTURES / "feeds"
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


def _feed(name: str) -> str:
    return (FEEDS / name).read_text(encoding="utf-8")


def test_json_array_with_field_aliases() -> None:
    records = parse_feed(_feed("array.json"), PayloadKind.JSON)
    assert all(isinstance(r, FeedRecord) for r in records)
    first, second, third = records

    assert first.index == 0
    assert first.id == "cl-2024-0418-001"
    assert first.headline == "Ferry terminal approved for Port Avalen"
    assert first.body.startswith("PORT AVALEN, April 18 — The harbour board voted")
    assert "\n\nConstruction is due to start next spring." in first.body
    assert first.published == dt.datetime(2024, 4, 18, 9, 30, tzinfo=PLUS_ONE)
    assert first.published.tzinfo is not None
    assert first.source == "Coastal Ledger Wire"
    assert first.url == "https://coastal-ledger.example/news/ferry-terminal"
    assert first.language == "en"
    assert first.extra == {"section": "Local"}

    # guid (a number), title, HTML content, RFC 2822 pubDate, agency, link.
    assert second.id == "88121"
    assert second.headline == "Fish prices climb again"
    assert (
        second.body
        == "Prices at the Port Avalen fish market rose for a third week.\n\nTraders blamed storms at sea."
    )
    assert second.published == dt.datetime(2024, 4, 18, 15, 20, tzinfo=PLUS_ONE)
    assert second.source == "Harbour News Service"
    assert second.url == "https://harbour-news.example/fish-prices"

    # uuid, text, epoch seconds (UTC), publisher.
    assert third.id == "5d1c8f0e-2f7e-4a51-9a0b-3c9a6f7b2d11"
    assert third.body == "The island school marked its centenary with a regatta on Saturday."
    assert third.published == dt.datetime(2024, 4, 20, 8, 0, tzinfo=dt.UTC)
    assert third.source == "Island Gazette"
    assert third.language is None


def test_object_with_items_epoch_ms_and_missing_body() -> None:
    records = parse_feed(_feed("items.json"), PayloadKind.JSON)
    first, second, third = records
    assert isinstance(first, FeedRecord)
    assert first.published == dt.datetime(2022, 4, 22, 8, 0, tzinfo=dt.UTC)  # epoch ms
    assert first.source == "Valley Farming Weekly"  # {"name": ...}
    assert isinstance(second, FeedRecordError)
    assert (second.index, second.code) == (1, "no_body")
    assert isinstance(third, FeedRecord)
    assert third.headline == "Reservoir levels fall to a ten-year low"  # {"rendered": ...}
    assert third.body == "The Varden reservoir is at 41 per cent of capacity."
    assert third.published == dt.date(2022, 4, 24)
    assert third.url == "https://vfw.example/reservoir"


def test_jsonl_keeps_good_lines_and_reports_bad_ones() -> None:
    records = parse_feed(_feed("stories.jsonl"), PayloadKind.JSONL)
    assert [type(r).__name__ for r in records] == [
        "FeedRecord",
        "FeedRecordError",
        "FeedRecord",
        "FeedRecordError",
        "FeedRecordError",
    ]
    good1, bad_json, good2, no_body, not_object = records
    assert good1.id == "bw-101" and good1.line == 1
    assert good1.published == dt.datetime(2023, 11, 7, 14, 5, tzinfo=dt.UTC)
    assert (bad_json.code, bad_json.line, bad_json.index) == ("invalid_json", 3, 1)
    assert bad_json.detail.startswith("line 3")
    assert good2.id == "bw-103" and good2.line == 4 and good2.index == 2
    assert good2.body.startswith("The mayor named housing and transport")
    assert good2.published == dt.datetime(2023, 11, 9, 12, 0, tzinfo=dt.UTC)  # epoch string
    assert (no_body.code, no_body.line) == ("no_body", 6)
    assert (not_object.code, not_object.line) == ("not_an_object", 7)


@pytest.mark.parametrize("container", ["items", "stories", "articles", "data", "records"])
def test_container_keys(container: str) -> None:
    text = f'{{"{container}": [{{"title": "T", "body": "Story body."}}]}}'
    (record,) = parse_feed(text, PayloadKind.JSON)
    assert isinstance(record, FeedRecord)
    assert record.headline == "T"


def test_single_story_object_is_one_record() -> None:
    (record,) = parse_feed('{"headline": "H", "text": "Body.", "tags": ["a"]}', PayloadKind.JSON)
    assert record.body == "Body."
    assert record.extra == {"tags": ["a"]}


def test_unparseable_date_is_a_warning_not_an_error() -> None:
    (record,) = parse_feed('[{"body": "Body.", "date": "sometime soon"}]', PayloadKind.JSON)
    assert isinstance(record, FeedRecord)
    assert record.published is None
    assert record.warnings and record.warnings[0].startswith("unparseable_date")


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ('[{"body": "a"},', PayloadKind.JSON, "invalid_json"),
        ('{"feed": "x", "count": 2}', PayloadKind.JSON, "no_records"),
        ('"just a string"', PayloadKind.JSON, "no_records"),
        ("<html></html>", PayloadKind.HTML, "unsupported_kind"),
    ],
)
def test_unusable_feeds_raise(text: str, kind: PayloadKind, code: str) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(text, kind)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1713600000, dt.datetime(2024, 4, 20, 8, 0, tzinfo=dt.UTC)),
        (1713600000000, dt.datetime(2024, 4, 20, 8, 0, tzinfo=dt.UTC)),
        (1713600000.5, dt.datetime(2024, 4, 20, 8, 0, 0, 500000, tzinfo=dt.UTC)),
        ("1713600000000", dt.datetime(2024, 4, 20, 8, 0, tzinfo=dt.UTC)),
        ("2024-04-20", dt.date(2024, 4, 20)),
        ("20240420", dt.date(2024, 4, 20)),
        ("2024-04-20T10:00:00Z", dt.datetime(2024, 4, 20, 10, 0, tzinfo=dt.UTC)),
        ("2024-04-20T10:00:00", dt.datetime(2024, 4, 20, 10, 0)),
        ("Sat, 20 Apr 2024 10:00:00 GMT", dt.datetime(2024, 4, 20, 10, 0, tzinfo=dt.UTC)),
        ("Sat, 20 Apr 2024 10:00:00 -0500", dt.datetime(2024, 4, 20, 15, 0, tzinfo=dt.UTC)),
        ("April 20, 2024", dt.date(2024, 4, 20)),
        ("20 April 2024 9:30 AM", dt.datetime(2024, 4, 20, 9, 30)),
    ],
)
def test_parse_feed_date(value: object, expected: dt.date) -> None:
    parsed = parse_feed_date(value)
    assert parsed == expected
    assert type(parsed) is type(expected)
    if isinstance(expected, dt.datetime):
        assert (parsed.tzinfo is None) == (expected.tzinfo is None)


@pytest.mark.parametrize("value", ["April 2024", "2024", "10:30", "soon", "", None, True, [2024]])
def test_parse_feed_date_rejects_non_dates(value: object) -> None:
    with pytest.raises(ValueError):
        parse_feed_date(value)


def test_sidecar() -> None:
    meta = parse_sidecar(_feed("story.meta.json"))
    assert meta == {
        "published": dt.datetime(2024, 4, 18, 9, 30, tzinfo=PLUS_ONE),
        "url": "https://coastal-ledger.example/news/ferry-terminal",
        "source": "Coastal Ledger Wire",
        "language": "en",
        "headline": "Ferry terminal approved for Port Avalen",
        "extra": {"desk": "Local"},
        "warnings": [],
    }


def test_sidecar_minimal_and_aliases() -> None:
    meta = parse_sidecar('{"date": "2020-10-26", "link": "https://x.example/a", "agency": "TASS"}')
    assert meta["published"] == dt.date(2020, 10, 26)
    assert meta["url"] == "https://x.example/a"
    assert meta["source"] == "TASS"
    assert meta["language"] is None and meta["headline"] is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"published": "2020-10-26",', "invalid_json"),
        ('["2020-10-26"]', "not_an_object"),
        ("[" * 100_000 + "]" * 100_000, "invalid_json"),
    ],
)
def test_sidecar_errors(text: str, code: str) -> None:
    with pytest.raises(SidecarError) as info:
        parse_sidecar(text)
    assert info.value.code == code


# --------------------------------------------------------------------------- sidecar fields


@pytest.mark.parametrize(
    ("sidecar", "bad_key", "kept"),
    [
        ({"published": "the day after the storm", "url": "https://harbour.example/a",
          "source": "Harbour Gazette"}, "published",
         {"url": "https://harbour.example/a", "source": "Harbour Gazette", "published": None}),
        ({"date": "2024-02-30", "link": "https://harbour.example/b"}, "date",
         {"url": "https://harbour.example/b"}),
        ({"published": "2024-03-05", "url": 404, "source": "Valley Courier"}, "url",
         {"published": dt.date(2024, 3, 5), "url": None, "source": "Valley Courier"}),
        ({"url": "not a url at all", "headline": "Ferry back"}, "url",
         {"url": None, "headline": "Ferry back"}),
        ({"source": {"logo": "x.png"}, "url": "https://harbour.example/c"}, "source",
         {"source": None, "url": "https://harbour.example/c"}),
        ({"language": "English (UK)", "source": "Gazette"}, "language",
         {"language": None, "source": "Gazette"}),
        ({"title": ["", "  "], "lang": "en-GB"}, "title", {"headline": None, "language": "en"}),
    ],
)
def test_sidecar_keeps_its_good_fields(sidecar: dict, bad_key: str, kept: dict) -> None:
    meta = parse_sidecar(json.dumps(sidecar))
    for key, value in kept.items():
        assert meta[key] == value, key
    assert len(meta["warnings"]) == 1
    assert meta["warnings"][0].startswith(f"sidecar_bad_field:{bad_key}:")


def test_sidecar_dates_out_of_range_are_kept_for_the_date_resolver() -> None:
    # The range rule needs the fetch time: it belongs to pubdate, not to the parser.
    meta = parse_sidecar('{"published": "1066-10-14", "url": "https://harbour.example/e"}')
    assert meta["published"] == dt.date(1066, 10, 14)
    assert meta["warnings"] == []


# --------------------------------------------------------------------------- repeated ids


def test_repeated_ids_stay_separate_records() -> None:
    text = "\n".join([
        '{"id": "wx-114", "body": "First story."}',
        '{"id": "wx-114", "body": "Second story, same id."}',
        '{"id": "wx-114", "body": "Third story, same id again."}',
        '{"id": "wx-114#1", "body": "An id that looks like a renamed one."}',
    ])
    records = parse_feed(text, PayloadKind.JSONL)
    ids = [r.id for r in records]
    assert ids[0] == "wx-114"
    assert len(set(ids)) == 4
    assert ids[1] == "wx-114#1" and ids[2] == "wx-114#2"
    assert records[0].warnings == ()
    assert records[1].warnings == ("duplicate_id:wx-114->wx-114#1",)
    assert records[3].warnings and records[3].id.startswith("wx-114#1#3")


def test_an_id_equal_to_the_index_of_an_unnamed_record_is_renamed() -> None:
    # The composer keys a record without an id by its index: "1" would collide.
    records = parse_feed('[{"id": 1, "body": "A."}, {"body": "B."}]', PayloadKind.JSON)
    keys = [r.id or str(r.index) for r in records]
    assert len(set(keys)) == 2
    assert records[0].warnings


def test_blank_id_is_no_id() -> None:
    (record,) = parse_feed('[{"id": "  ", "body": "A."}]', PayloadKind.JSON)
    assert record.id is None


_JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["id", "body", "text", "title",
                                                             "date", "url", "source", "lang",
                                                             "items", "x"]), inner, max_size=5)),
    max_leaves=20,
)


@given(items=st.lists(_JSON_VALUES, max_size=8))
@settings(max_examples=200, deadline=None)
def test_any_feed_gives_records_or_errors_with_distinct_keys(items: list) -> None:
    try:
        records = parse_feed(json.dumps(items), PayloadKind.JSON)
    except FeedError:
        return
    assert len(records) == len(items)
    keys = [r.id or str(r.index) for r in records if isinstance(r, FeedRecord)]
    assert len(keys) == len(set(keys))


@given(value=_JSON_VALUES)
@settings(max_examples=200, deadline=None)
def test_any_sidecar_gives_fields_or_a_sidecar_error(value: object) -> None:
    try:
        meta = parse_sidecar(json.dumps(value))
    except SidecarError as exc:
        assert exc.code in {"invalid_json", "not_an_object"}
        return
    assert set(meta) == {"published", "url", "source", "language", "headline", "extra", "warnings"}
    repairs = {"nul_removed", "lone_surrogates_repaired"}  # of a string, kept
    assert all(w.startswith("sidecar_bad_field:") or w in repairs for w in meta["warnings"])


def test_a_line_nested_too_deep_costs_only_that_line() -> None:
    deep = '{"id": "nest", "body": ' + '{"text": ' * 5000 + '"x"' + "}" * 5000 + "}"
    records = parse_feed("\n".join(['{"id": "a", "body": "A."}', deep, '{"id": "b", "body": "B."}']),
                         PayloadKind.JSONL)
    assert [type(r).__name__ for r in records] == ["FeedRecord", "FeedRecordError", "FeedRecord"]
    assert records[1].code == "invalid_json"
    with pytest.raises(FeedError) as info:
        parse_feed("[" * 100_000 + "]" * 100_000, PayloadKind.JSON)
    assert info.value.code == "invalid_json"


def test_deeply_wrapped_body_parts_are_not_text() -> None:
    shallow, deep = parse_feed(json.dumps([{"body": [["Part one."], ["Part two."]]},
                                           {"body": [[[[[[[[[["x"]]]]]]]]]]}]), PayloadKind.JSON)
    assert shallow.body == "Part one.\n\nPart two."
    assert isinstance(deep, FeedRecordError) and deep.code == "no_body"


# --------------------------------------------------------------------------- huge numbers

# One digit past Python's int-conversion limit (4,300 digits): ``int()`` refuses it.
HUGE = "9" * 4301


def test_an_integer_past_the_conversion_limit_costs_no_record() -> None:
    text = (
        f'[{{"id": "a", "body": "Story A.", "views": {HUGE}}},'
        f' {{"id": {HUGE}, "headline": {HUGE}, "body": "Story B.", "published": {HUGE}}},'
        ' {"id": "c", "body": "Story C."}]'
    )
    a, b, c = parse_feed(text, PayloadKind.JSON)
    assert isinstance(a, FeedRecord) and a.extra == {"views": HUGE}  # kept as its digits
    assert isinstance(b, FeedRecord) and b.id == HUGE and b.headline == HUGE
    assert b.published is None and b.warnings[0].startswith("unparseable_date:'9999")
    assert len(b.warnings[0]) < 120, "a warning quotes a bounded part of the value"
    assert isinstance(c, FeedRecord) and c.id == "c"
    lines = parse_feed(f'{{"body": "A.", "n": -{HUGE}}}\n{{"body": "B."}}', PayloadKind.JSONL)
    assert [type(r) for r in lines] == [FeedRecord, FeedRecord]
    assert lines[0].extra == {"n": f"-{HUGE}"}


def test_a_sidecar_with_a_huge_integer_keeps_its_fields() -> None:
    meta = parse_sidecar(f'{{"published": "2024-03-05", "views": {HUGE}, "url": {HUGE}}}')
    assert meta["published"] == dt.date(2024, 3, 5)
    assert meta["extra"] == {"views": HUGE}
    assert meta["url"] is None and meta["warnings"][0].startswith("sidecar_bad_field:url:")


def test_feed_kind_reads_what_the_strict_sniffer_could_not() -> None:
    assert feed_kind(f'[{{"body": "A.", "views": {HUGE}}}]') is PayloadKind.JSON
    assert feed_kind('  {"body": "A."}\n') is PayloadKind.JSON
    assert feed_kind("{Editor's note} The council met on Tuesday.") is None
    assert feed_kind("The council met on Tuesday.") is None
    assert feed_kind("[" * 100_000 + "]" * 100_000) is None


@given(
    items=st.lists(_JSON_VALUES, min_size=1, max_size=6),
    at=st.integers(min_value=0),
    jsonl=st.booleans(),
)
@settings(max_examples=100, deadline=None)
def test_a_huge_integer_anywhere_costs_at_most_its_record(
    items: list, at: int, jsonl: bool
) -> None:
    at %= len(items)
    poisoned = list(items)
    poisoned[at] = {"body": "Story.", "n": [int("1" * 4000)], "x": poisoned[at]}
    texts = [json.dumps(v) for v in poisoned]
    texts[at] = texts[at].replace("1" * 4000, HUGE)  # json.dumps cannot write past the limit
    text = "\n".join(texts) if jsonl else "[" + ", ".join(texts) + "]"
    clean = "\n".join(json.dumps(v) for v in items) if jsonl else json.dumps(items)
    kind = PayloadKind.JSONL if jsonl else PayloadKind.JSON
    try:
        expected = parse_feed(clean, kind)
    except FeedError:
        return
    records = parse_feed(text, kind)
    assert len(records) == len(expected)
    assert isinstance(records[at], FeedRecord) and records[at].extra["n"] == [HUGE]
    for i, (got, want) in enumerate(zip(records, expected, strict=True)):
        if i == at:
            continue
        assert type(got) is type(want)
        if isinstance(want, FeedRecord):
            assert (got.body, got.headline) == (want.body, want.headline)
        else:
            assert got.code == want.code


# --------------------------------------------------------------------------- lone surrogates


def _storable(value: object) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def test_a_lone_surrogate_escape_becomes_a_replacement_character() -> None:
    # Valid JSON that JavaScript writes for half of a UTF-16 pair; a whole pair is one character.
    text = (
        r'[{"id": "x\ud800", "headline": "Lone \ud800 surrogate", "body": "Dock \udfff strike.",'
        r' "tags": [{"\udc00": ["\ud83d"]}]},'
        r' {"headline": "Pair \ud83d\ude00", "body": "Fine."}]'
    )
    lone, pair = parse_feed(text, PayloadKind.JSON)
    assert (lone.id, lone.headline, lone.body) == ("x\ufffd", "Lone \ufffd surrogate", "Dock \ufffd strike.")
    assert lone.extra == {"tags": [{"\ufffd": ["\ufffd"]}]}
    assert lone.warnings == ("lone_surrogates_repaired",)
    assert pair.headline == "Pair \U0001f600" and pair.warnings == ()
    (line,) = parse_feed(r'{"body": "A \ud800 b."}', PayloadKind.JSONL)
    assert line.body == "A \ufffd b." and line.warnings == ("lone_surrogates_repaired",)


def test_a_sidecar_with_a_lone_surrogate_keeps_the_field_repaired() -> None:
    meta = parse_sidecar(r'{"headline": "Port \udbff strike", "source": "Wire"}')
    assert meta["headline"] == "Port \ufffd strike" and meta["source"] == "Wire"
    assert meta["warnings"] == ["lone_surrogates_repaired"]


def test_a_deeply_nested_record_is_repaired_without_recursion() -> None:
    depth = 900  # the parser's own limit is near 1,000 levels
    text = '{"body": "B.", "x": ' + "[" * depth + r'"\ud800"' + "]" * depth + "}"
    (record,) = parse_feed(text, PayloadKind.JSON)
    assert record.warnings == ("lone_surrogates_repaired",) and _storable(record.extra)


_SURROGATE_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010), max_size=8
)
_SURROGATE_VALUES = st.recursive(
    st.one_of(st.none(), st.integers(), _SURROGATE_TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["id", "body", "title", "date", "url", "source", "lang"])
            | _SURROGATE_TEXT,
            inner,
            max_size=5,
        ),
    ),
    max_leaves=15,
)


@given(items=st.lists(_SURROGATE_VALUES, max_size=6), jsonl=st.booleans())
@settings(max_examples=150, deadline=None)
def test_every_string_a_feed_gives_is_storable(items: list, jsonl: bool) -> None:
    # json.dumps writes a lone surrogate as its \uXXXX escape, as JavaScript does.
    text = "\n".join(json.dumps(v) for v in items) if jsonl else json.dumps(items)
    try:
        records = parse_feed(text, PayloadKind.JSONL if jsonl else PayloadKind.JSON)
    except FeedError:
        return
    assert len(records) == len(items)
    for record in records:
        if isinstance(record, FeedRecord):
            fields = (record.id, record.headline, record.body, record.source, record.url)
            assert _storable([fields, record.language, record.extra, record.warnings]), record


# --------------------------------------------------------------------------- not a feed


@pytest.mark.parametrize(
    ("text", "what"),
    [("42", "number"), ("-1.5e3", "number"), ("true", "boolean"), ("null", "null"),
     ('"Council approves budget"', "string")],
)
def test_a_lone_json_scalar_holds_no_records(text: str, what: str) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(f" {text}\n", PayloadKind.JSON)
    assert info.value.code == "no_records"
    assert f"lone {what}" in info.value.detail


def test_documents_back_to_back_are_records_in_turn() -> None:
    a, b, c, d, e = parse_feed(
        '{"id": "a", "body": "A."}{"id": "b", "body": "B."}\n [{"body": "C."}, 7]'
        '{"items": [{"body": "E."}]}',
        PayloadKind.JSON,
    )
    assert [(r.id, r.body) for r in (a, b)] == [("a", "A."), ("b", "B.")]
    assert c.body == "C." and (d.code, e.body) == ("not_an_object", "E.")
    assert [r.index for r in (a, b, c, d, e)] == [0, 1, 2, 3, 4]


def test_a_tail_that_does_not_parse_costs_only_the_tail() -> None:
    a, b, rest = parse_feed(
        '{"id": "a", "body": "A."}\n{"id": "b", "body": "B."}\n{"id": "c", "bo', PayloadKind.JSON
    )
    assert (a.id, b.id) == ("a", "b")
    assert isinstance(rest, FeedRecordError) and (rest.code, rest.index) == ("invalid_json", 2)
    assert rest.detail.startswith("line 3 column") and "rest of the file" in rest.detail
    # An array followed by garbage keeps the array's records.
    x, tail = parse_feed('[{"body": "X."}] trailing words', PayloadKind.JSON)
    assert x.body == "X." and tail.code == "invalid_json"
    with pytest.raises(FeedError) as info:
        parse_feed('{"id": "c", "bo', PayloadKind.JSON)  # nothing parses: the file is invalid
    assert info.value.code == "invalid_json"


@pytest.mark.parametrize(
    ("text", "name", "content_type", "kind"),
    [
        ("42", "/data/feed.json", None, PayloadKind.JSON),  # then no_records
        ("true", "https://x.example/api", "application/json; charset=utf-8", PayloadKind.JSON),
        ('"Council approves budget"', "/data/feed.jsonl", None, PayloadKind.JSON),
        ("42", "/data/story.txt", None, None),  # names lie, but text that says 42 is text
        ("true", "https://x.example/api", "text/plain", None),
        ("Council approves budget", "/data/feed.json", None, None),  # not JSON at all
        ('{"body": "A."}{"body": "B."}', "/data/story.txt", None, PayloadKind.JSON),
        ('{"body": "A."}\n{"body": "B."', "/data/story.txt", None, None),
        ('{"body": "A."}\n{"body": "B."', "/data/feed.json", None, PayloadKind.JSON),
        ("{Editor's note} The council met.", "/data/feed.json", None, PayloadKind.JSON),
        ("{Editor's note} The council met.", "/data/story.txt", None, None),
    ],
)
def test_feed_kind_of_text_the_sniffer_did_not_take_for_json(
    text: str, name: str, content_type: str | None, kind: PayloadKind | None
) -> None:
    assert feed_kind(text, name, content_type) is kind


_RECORD_VALUES = st.dictionaries(
    st.sampled_from(["id", "body", "text", "title", "date", "url", "x"]),
    st.one_of(st.none(), st.integers(), st.text(max_size=20)),
    max_size=5,
)


@given(
    items=st.lists(_RECORD_VALUES, min_size=2, max_size=6),
    gaps=st.lists(st.sampled_from(["", " ", "\n", "\r\n", "\t\n\n"]), min_size=6, max_size=6),
)
@settings(max_examples=150, deadline=None)
def test_objects_back_to_back_read_as_json_lines_do(items: list, gaps: list[str]) -> None:
    glued = "".join(json.dumps(v) + gap for v, gap in zip(items, gaps, strict=False))
    lines = "\n".join(json.dumps(v) for v in items)
    assert feed_kind(glued, "/data/feed.json") is PayloadKind.JSON
    got, want = parse_feed(glued, PayloadKind.JSON), parse_feed(lines, PayloadKind.JSONL)
    assert [type(r) for r in got] == [type(r) for r in want]
    for a, b in zip(got, want, strict=True):
        if isinstance(a, FeedRecord):
            assert (a.id, a.headline, a.body, a.url) == (b.id, b.headline, b.body, b.url)
        else:
            assert a.code == b.code


# --------------------------------------------------------------------------- field values


def test_a_nul_escape_is_removed_from_every_string_with_a_warning() -> None:
    text = (
        r'[{"id": "n\u0000ul", "headline": "NUL\u0000 in body", "body": "po\u0000rt strike.",'
        r' "x": {"k\u0000": ["v\u0000"]}}, {"body": "Clean."}]'
    )
    record, clean = parse_feed(text, PayloadKind.JSON)
    assert (record.id, record.headline, record.body) == ("nul", "NUL in body", "port strike.")
    assert record.extra == {"x": {"k": ["v"]}}
    assert record.warnings == ("nul_removed",) and clean.warnings == ()
    meta = parse_sidecar(r'{"headline": "Port\u0000 strike"}')
    assert meta["headline"] == "Port strike" and meta["warnings"] == ["nul_removed"]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "javascript:alert(1)\n\u0000",
        "JavaScript://%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://files.example/story.txt",
        "//no-scheme.example/story",
        "/news/story",
        "http://",
        "https://exa mple.example/story",
        "https://x.example/\u0007bell",
        "https://[::1",
        "http://x.example:99999/story",
        404,
        {"logo": "x.png"},
    ],
)
def test_a_feed_url_that_is_not_http_is_dropped_with_a_warning(url: object) -> None:
    (record,) = parse_feed(json.dumps([{"body": "Story.", "url": url}]), PayloadKind.JSON)
    assert isinstance(record, FeedRecord) and record.body == "Story."
    assert record.url is None
    assert [w for w in record.warnings if w.startswith("feed_bad_field:url:")], record.warnings


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://x.example/a?b=c#d", "https://x.example/a?b=c#d"),
        ("  HTTP://X.EXAMPLE/story  ", "HTTP://X.EXAMPLE/story"),
        ({"href": "http://[::1]:8080/x"}, "http://[::1]:8080/x"),
    ],
)
def test_an_http_feed_url_is_kept(url: object, kept: str) -> None:
    (record,) = parse_feed(json.dumps([{"body": "Story.", "link": url}]), PayloadKind.JSON)
    assert record.url == kept and record.warnings == ()


def test_a_sidecar_url_must_be_http_too() -> None:
    meta = parse_sidecar('{"url": "ftp://files.example/story.txt", "source": "Wire"}')
    assert meta["url"] is None and meta["source"] == "Wire"
    assert meta["warnings"][0].startswith("sidecar_bad_field:url: not an http(s) URL")


@given(url=st.one_of(st.text(max_size=40), st.text(max_size=30).map("https://x.example/".__add__),
                     st.text(max_size=30).map("javascript:".__add__)))
@settings(max_examples=200, deadline=None)
def test_a_feed_url_kept_is_an_http_url(url: str) -> None:
    (record,) = parse_feed(json.dumps([{"body": "Story.", "url": url}]), PayloadKind.JSON)
    if record.url is not None:
        assert record.url.lower().startswith(("http://", "https://"))
        assert not any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in record.url)
