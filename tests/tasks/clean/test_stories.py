"""The cleaning composer, ``build_stories``: one fetched source -> drafts, rejects or a URL list.

Fast unit tests on small invented inputs (no spaCy, no Prefect); the batch and flow tests
cover the same function end to end, these pin what each kind of input turns into.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storywire.tasks.clean import stories
from storywire.tasks.clean.stories import build_stories, make_story_id
from storywire.tasks.read.fetch import Payload
from storywire.tasks.read.sources import SourceRef
from storywire.tasks.reasons import REASONS
from storywire.tasks.records import Reject, StoryDraft, UrlList

FETCHED_AT = dt.datetime(2024, 3, 20, 12, 0, tzinfo=dt.UTC)
MTIME = dt.datetime(2024, 3, 19, 8, 0, tzinfo=dt.UTC)
LOCAL_URI = "/data/wire/ferry.txt"
HTTP_URI = "https://news.example.org/wire/ferry"

# An invented wire story: a headline, then a TASS-style dateline (PLACE, Month D. /AGENCY/.).
# "on Thursday" lets the year be inferred: March 14, 2024 was a Thursday.
FERRY = """\
Harbour board approves new ferry terminal

PORT AVALEN, March 14. /CWN/. The harbour board of Port Avalen on Thursday approved plans \
for a new ferry terminal on the eastern quay, ending two years of debate.

The terminal will handle up to twelve sailings a day to the outer islands, the board said \
in a statement.

Construction is due to start in the autumn and should take about eighteen months.
"""
FERRY_LEDE = (
    "The harbour board of Port Avalen on Thursday approved plans for a new ferry terminal "
    "on the eastern quay, ending two years of debate."
)

FISH_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Fish prices climb for a third week</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article>
<h1>Fish prices climb for a third week</h1>
<p>Prices at the Port Avalen fish market rose for a third week running on Friday, as winter
storms kept most of the fleet in harbour.</p>
<p>Traders said cod was selling at almost twice its autumn price, and some restaurants had
taken it off their menus.</p>
<p>The harbour master expects the weather to clear by the middle of next week, when the boats
should be back at sea.</p>
</article>
</body>
</html>
"""


def _payload(
    data: bytes,
    uri: str = LOCAL_URI,
    *,
    content_type: str | None = None,
    sidecar: bytes | None = None,
) -> Payload:
    return Payload(
        ref=SourceRef(uri=uri, mtime=MTIME),
        data=data,
        fetched_at=FETCHED_AT,
        content_type=content_type,
        sidecar=sidecar,
    )


def _one_story(payload: Payload) -> StoryDraft:
    out = build_stories(payload)
    assert isinstance(out, list) and len(out) == 1, out
    [story] = out
    assert isinstance(story, StoryDraft), story
    return story


def _one_reject(payload: Payload) -> Reject:
    out = build_stories(payload)
    assert isinstance(out, list) and len(out) == 1, out
    [reject] = out
    assert isinstance(reject, Reject), reject
    return reject


# --------------------------------------------------------------------------- plain wire text


def test_wire_story_with_dateline_becomes_one_draft() -> None:
    story = _one_story(_payload(FERRY.encode()))

    assert story.source_uri == LOCAL_URI
    assert story.item_key == ""
    assert story.story_id == make_story_id(LOCAL_URI)
    assert story.input_format == "text"
    assert story.encoding == "utf-8"
    assert story.headline == "Harbour board approves new ferry terminal"
    assert story.dateline == "PORT AVALEN, March 14. /CWN/."
    assert story.dateline_place == "Port Avalen"
    assert story.agency == "CWN"
    # The dateline is structure, not body text: the lede starts after it.
    assert story.lede == FERRY_LEDE
    assert story.body.startswith(FERRY_LEDE + "\n\n")
    assert story.body.endswith("should take about eighteen months.")
    assert story.paragraphs == 3
    assert story.word_count == 58
    assert story.language == "en"
    assert story.language_confidence is not None and story.language_confidence > 0.9
    assert len(story.content_hash) == 64
    int(story.content_hash, 16)  # hex digest
    assert isinstance(story.minhash, bytes) and len(story.minhash) == 512
    # Month and day from the dateline, the year from the weekday in the text.
    assert story.published_date == dt.date(2024, 3, 14)
    assert story.published_date_source == "inferred"
    assert story.url is None
    assert story.duplicate_of is None


def test_same_text_gives_same_hashes() -> None:
    a = _one_story(_payload(FERRY.encode()))
    b = _one_story(_payload(FERRY.encode(), uri="/data/wire/copy-of-ferry.txt"))
    assert a.story_id != b.story_id
    assert a.content_hash == b.content_hash
    assert a.minhash == b.minhash


def test_edited_text_changes_content_hash() -> None:
    a = _one_story(_payload(FERRY.encode()))
    b = _one_story(_payload(FERRY.replace("twelve sailings", "ten sailings").encode()))
    assert a.content_hash != b.content_hash


# --------------------------------------------------------------------------- URL lists

URLS = b"https://coastal.example/news/ferry\nhttps://coastal.example/news/fish\n"


def test_http_source_listing_urls_is_a_url_list() -> None:
    out = build_stories(
        _payload(URLS, "https://coastal.example/today.txt", content_type="text/plain")
    )
    assert out == UrlList(
        "https://coastal.example/today.txt",
        ("https://coastal.example/news/ferry", "https://coastal.example/news/fish"),
    )


def test_url_list_skips_comments_and_repeats() -> None:
    data = b"# today's stories\n" + URLS + b"https://coastal.example/news/ferry\n"
    out = build_stories(_payload(data, "https://coastal.example/today.txt"))
    assert isinstance(out, UrlList)
    assert out.urls == ("https://coastal.example/news/ferry", "https://coastal.example/news/fish")


def test_local_file_listing_urls_is_not_a_url_list() -> None:
    # Only HTTP sources are followed; a local file of URLs is just text without a body.
    out = build_stories(_payload(URLS, "/data/wire/today.txt"))
    assert not isinstance(out, UrlList)
    assert [r.reason for r in out if isinstance(r, Reject)] == ["no_body"]


# --------------------------------------------------------------------------- rejects


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n"])
def test_empty_payload_is_rejected(data: bytes) -> None:
    reject = _one_reject(_payload(data))
    assert reject.reason == "empty"
    assert reject.source_uri == LOCAL_URI
    assert not reject.transient


def test_binary_payload_is_rejected() -> None:
    png_like = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert _one_reject(_payload(png_like, "/data/wire/photo.png")).reason == "binary"


def test_headline_without_body_is_rejected() -> None:
    reject = _one_reject(_payload(b"Harbour board approves new ferry terminal\n"))
    assert reject.reason == "no_body"
    assert "Harbour board approves new ferry terminal" in reject.detail


# --------------------------------------------------------------------------- feeds


def _jsonl(*lines: object) -> bytes:
    return "".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines).encode()


SCHOOL = {
    "id": "cw-0316-001",
    "headline": "Island school marks its centenary",
    "body": "The island school on Little Avalen marked its hundredth year with a regatta on "
    "Saturday, and former pupils sailed in from the mainland.",
    "published": "2024-03-16T10:00:00Z",
    "url": "https://coastal.example/news/school",
}


def test_jsonl_feed_keeps_good_records_and_rejects_bad_ones() -> None:
    uri = "/data/wire/coastal.jsonl"
    out = build_stories(_payload(_jsonl(SCHOOL, {"id": "cw-0316-002", "headline": "No body"}), uri))
    assert isinstance(out, list) and len(out) == 2
    story, reject = out

    assert isinstance(story, StoryDraft)
    assert story.input_format == "jsonl"
    assert story.item_key == "cw-0316-001"
    assert story.story_id == make_story_id(uri, "cw-0316-001")
    assert story.headline == "Island school marks its centenary"
    assert story.body == SCHOOL["body"]
    assert story.paragraphs == 1
    assert story.url == "https://coastal.example/news/school"
    assert story.published_date == dt.date(2024, 3, 16)
    assert story.published_date_source == "feed"
    assert story.published_at == dt.datetime(2024, 3, 16, 10, 0, tzinfo=dt.UTC)
    assert len(story.minhash or b"") == 512

    assert isinstance(reject, Reject)
    assert reject.source_uri == uri
    assert reject.reason == "no_body"
    assert reject.item_key == "1"  # the record's position: it has no usable body


def test_jsonl_line_that_is_not_json_is_rejected_alone() -> None:
    out = build_stories(_payload(_jsonl(SCHOOL, "{broken"), "/data/wire/coastal.jsonl"))
    assert isinstance(out, list)
    assert [type(r) for r in out] == [StoryDraft, Reject]
    assert out[1].reason == "invalid_json"
    assert out[1].item_key == "1"


# One digit past Python's int-conversion limit (4,300 digits): ``int()`` refuses it.
HUGE = "9" * 4301
PORT = {
    "id": "cw-0316-002",
    "headline": "Dock strike enters second week",
    "body": "Dock workers at Port Avalen extended their strike into a second week on Monday, "
    "union leaders said, as talks with the harbour board stalled over pay.",
    "published": "2024-03-16T11:00:00Z",
}


@pytest.mark.parametrize("jsonl", [False, True])
def test_a_huge_integer_in_a_feed_costs_no_other_record(jsonl: bool) -> None:
    odd = json.dumps({**PORT, "views": 0}).replace('"views": 0', f'"views": {HUGE}')
    texts = [json.dumps(SCHOOL), odd]
    data = ("\n".join(texts) if jsonl else "[\n" + ",\n".join(texts) + "\n]").encode()
    out = build_stories(_payload(data, "/data/wire/coastal" + (".jsonl" if jsonl else ".json")))
    assert [type(r) for r in out] == [StoryDraft, StoryDraft], out
    assert [s.item_key for s in out] == ["cw-0316-001", "cw-0316-002"]
    assert out[1].input_format == ("jsonl" if jsonl else "json")


_PROSE = [
    SCHOOL["body"],
    PORT["body"],
    "The harbour board of Port Avalen on Thursday approved plans for a new ferry terminal on "
    "the eastern quay, ending two years of debate.",
    "Prices at the Port Avalen fish market rose for a third week running on Friday, as winter "
    "storms kept most of the fleet in harbour.",
]
# A JSON value that breaks a strict reader, put in one record's field (the text it replaces).
_POISONS = {"huge_int": HUGE, "lone_surrogate": r'"Lone \ud800 surrogate"'}
_POISONED_FIELDS = ["views", "id", "headline", "published", "source", "url", "body"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bodies=st.lists(st.sampled_from(_PROSE), min_size=2, max_size=5),
    at=st.integers(min_value=0),
    field=st.sampled_from(_POISONED_FIELDS),
    poison=st.sampled_from(sorted(_POISONS)),
    jsonl=st.booleans(),
)
def test_one_poisoned_record_costs_no_other_story(
    bodies: list[str], at: int, field: str, poison: str, jsonl: bool
) -> None:
    at %= len(bodies)
    records = [{"id": f"r{i}", "headline": f"Story {i}", "body": b} for i, b in enumerate(bodies)]
    records[at][field] = "\x1ePOISON\x1e"
    texts = [json.dumps(r).replace('"\\u001ePOISON\\u001e"', _POISONS[poison]) for r in records]
    data = "\n".join(texts) if jsonl else "[\n" + ",\n".join(texts) + "\n]"
    out = build_stories(_payload(data.encode(), "/data/feed." + ("jsonl" if jsonl else "json")))
    assert isinstance(out, list)
    stored = {s.item_key for s in out if isinstance(s, StoryDraft)}
    assert {f"r{i}" for i in range(len(bodies)) if i != at} <= stored, out
    assert all(r.reason in REASONS for r in out if isinstance(r, Reject)), out


def test_a_lone_surrogate_in_a_feed_is_repaired_with_a_warning() -> None:
    # JavaScript writes half of a UTF-16 pair as a valid JSON escape; UTF-8 cannot store it.
    record = json.dumps({**PORT, "headline": "Dock strike \ud800 second week"})
    assert "\\ud800" in record
    out = build_stories(_payload(f"[{json.dumps(SCHOOL)}, {record}]".encode(), "/data/feed.json"))
    assert [type(r) for r in out] == [StoryDraft, StoryDraft], out
    story = out[1]
    assert story.headline == "Dock strike \ufffd second week"
    assert "lone_surrogates_repaired" in story.warnings
    assert "lone_surrogates_repaired" not in out[0].warnings
    sidecar = b'{"source": "Port Avalen \\udc00 Courier"}'
    text = "Ferry fares rise\n\nFerry fares will rise in April, the operator said.\n"
    story = _one_story(_payload(text.encode(), "/data/wire/fares.txt", sidecar=sidecar))
    assert story.agency == "Port Avalen \ufffd Courier"
    assert "lone_surrogates_repaired" in story.warnings


@pytest.mark.parametrize("text", ["42", "true", "null", '"Council approves budget"', "-0.5"])
def test_a_json_file_that_is_a_lone_scalar_is_no_story(text: str) -> None:
    reject = _one_reject(_payload(f"{text}\n".encode(), "/data/wire/feed.json"))
    assert reject.reason == "no_records" and "lone" in reject.detail


def test_json_objects_back_to_back_in_a_json_file_are_stories() -> None:
    data = (json.dumps(SCHOOL) + json.dumps(PORT)).encode()  # no separator at all
    out = build_stories(_payload(data, "/data/wire/coastal.jsonl.json"))
    assert [type(r) for r in out] == [StoryDraft, StoryDraft], out
    assert [s.item_key for s in out] == ["cw-0316-001", "cw-0316-002"]
    assert out[0].body == SCHOOL["body"] and out[0].input_format == "json"
    broken = (json.dumps(SCHOOL) + "\n" + json.dumps(PORT)[:-20]).encode()
    story, reject = build_stories(_payload(broken, "/data/wire/coastal.json"))
    assert isinstance(story, StoryDraft) and story.item_key == "cw-0316-001"
    assert isinstance(reject, Reject) and reject.reason == "invalid_json"


def test_a_numeric_feed_headline_is_the_headline_only() -> None:
    record = {**PORT, "headline": 12345}
    story = _one_story(_payload(json.dumps([record]).encode(), "/data/feed.json"))
    assert story.headline == "12345"
    assert story.body == PORT["body"] and story.paragraphs == 1
    # A body that starts with its own paragraph equal to the headline keeps it once.
    record = {**PORT, "headline": "2024", "body": "2024\n\n" + PORT["body"]}
    story = _one_story(_payload(json.dumps([record]).encode(), "/data/feed.json"))
    assert story.body == "2024\n\n" + PORT["body"]


def test_a_feed_url_that_is_not_http_is_not_stored() -> None:
    record = {**PORT, "url": "javascript:alert(1)\n\u0000"}
    story = _one_story(_payload(json.dumps([record]).encode(), "/data/feed.json"))
    assert story.url is None
    assert any(w.startswith("feed_bad_field:url: not an http(s) URL") for w in story.warnings)
    story = _one_story(_payload(_jsonl(SCHOOL), "/data/feed.jsonl"))
    assert story.url == SCHOOL["url"] and not any("bad_field" in w for w in story.warnings)


def test_a_nul_in_a_feed_body_is_removed_as_from_a_text_file() -> None:
    record = {**PORT, "body": PORT["body"].replace("strike", "str\u0000ike", 1)}
    assert "\\u0000" in json.dumps(record)
    story = _one_story(_payload(json.dumps([record]).encode(), "/data/feed.json"))
    assert "\x00" not in story.body and story.body == PORT["body"]
    assert "nul_removed" in story.warnings


def test_a_feed_parser_bug_is_an_internal_error_not_an_undocumented_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(text: str, kind: object) -> object:
        raise ValueError("parser bug")

    monkeypatch.setattr(stories, "parse_feed", broken)
    reject = _one_reject(_payload(_jsonl(SCHOOL), "/data/wire/coastal.jsonl"))
    assert reject.reason == "internal_error"


# --------------------------------------------------------------------------- HTML


def test_html_page_uses_its_title_as_headline() -> None:
    story = _one_story(_payload(FISH_HTML.encode(), "/data/wire/fish.html"))
    assert story.input_format == "html"
    assert story.headline == "Fish prices climb for a third week"
    # The <h1> repeating the title is not counted as body text, nor is the navigation.
    assert story.lede.startswith("Prices at the Port Avalen fish market rose")
    assert story.paragraphs == 3
    assert "Home" not in story.body
    assert story.language == "en"
    # No date in the page: the file's modification time is the fallback.
    assert story.published_date == MTIME.date()
    assert story.published_date_source == "fetched"


# --------------------------------------------------------------------------- sidecars


def test_sidecar_date_wins_over_the_dateline() -> None:
    sidecar = json.dumps(
        {"published": "2024-03-12T09:30:00+01:00", "url": "https://coastal.example/news/ferry"}
    ).encode()
    story = _one_story(_payload(FERRY.encode(), sidecar=sidecar))
    assert story.published_date == dt.date(2024, 3, 12)
    assert story.published_date_source == "metadata"
    assert story.published_at == dt.datetime(2024, 3, 12, 8, 30, tzinfo=dt.UTC)
    assert story.published_tz == "+01:00"
    assert story.url == "https://coastal.example/news/ferry"
    # The dateline is still parsed and kept.
    assert story.dateline_place == "Port Avalen"
    assert not any(w.startswith("sidecar_ignored") for w in story.warnings)


@pytest.mark.parametrize(
    ("sidecar", "code"),
    [(b"{not json", "invalid_json"), (b'["2024-03-12"]', "not_an_object")],
)
def test_broken_sidecar_is_ignored_with_a_warning(sidecar: bytes, code: str) -> None:
    plain = _one_story(_payload(FERRY.encode()))
    story = _one_story(_payload(FERRY.encode(), sidecar=sidecar))
    ignored = [w for w in story.warnings if w.startswith("sidecar_ignored")]
    assert len(ignored) == 1 and ignored[0].startswith(f"sidecar_ignored: {code}:"), ignored
    # The story itself is what it would be without the sidecar.
    assert story.body == plain.body
    assert story.published_date == plain.published_date
    assert story.published_date_source == plain.published_date_source


def test_sidecar_with_a_bad_field_keeps_its_good_ones() -> None:
    sidecar = json.dumps({"published": "the day after the storm",
                          "url": "https://coastal.example/news/ferry", "source": "Coastal Wire"})
    story = _one_story(_payload(FERRY.encode(), sidecar=sidecar.encode()))
    assert story.url == "https://coastal.example/news/ferry"
    assert [w for w in story.warnings if w.startswith("sidecar_")] == [
        "sidecar_bad_field:published: not a date: 'the day after the storm'"
    ]
    assert story.published_date_source == "inferred"  # the dateline, as without a sidecar


def test_out_of_range_sidecar_date_gives_way_with_a_warning() -> None:
    sidecar = json.dumps({"published": "1066-10-14"}).encode()
    story = _one_story(_payload(FERRY.encode(), sidecar=sidecar))
    assert (story.published_date, story.published_date_source) == (dt.date(2024, 3, 14), "inferred")
    assert "date_out_of_range:metadata:1066-10-14" in story.warnings


@pytest.mark.parametrize("bad", ["0001-01-01", "1066-10-14", "2099-05-01T10:00:00Z"])
def test_out_of_range_sidecar_date_gives_way_to_the_page_date(bad: str) -> None:
    page = FISH_HTML.replace(
        "<title>", '<meta property="article:published_time" content="2024-03-15T18:20:00+02:00">'
        "<title>")
    sidecar = json.dumps({"published": bad, "url": "https://coastal.example/fish"}).encode()
    story = _one_story(_payload(page.encode(), HTTP_URI, sidecar=sidecar))
    assert (story.published_date, story.published_date_source) == (dt.date(2024, 3, 15), "html")
    assert story.published_at == dt.datetime(2024, 3, 15, 16, 20, tzinfo=dt.UTC)
    assert f"date_out_of_range:metadata:{bad[:10]}" in story.warnings
    assert story.url == "https://coastal.example/fish"  # the sidecar's other fields still win


def test_out_of_range_sidecar_date_gives_way_to_the_feed_date() -> None:
    feed = _jsonl({**SCHOOL, "published": "2024-03-16T10:30:00+00:00"})
    sidecar = json.dumps({"published": "0001-01-01"}).encode()
    [story] = build_stories(_payload(feed, "/data/feed.jsonl", sidecar=sidecar))
    assert (story.published_date, story.published_date_source) == (dt.date(2024, 3, 16), "feed")
    assert "date_out_of_range:metadata:0001-01-01" in story.warnings


def test_valid_sidecar_date_still_wins_over_the_feed_date() -> None:
    feed = _jsonl({**SCHOOL, "published": "2024-03-16T10:30:00+00:00"})
    sidecar = json.dumps({"published": "2024-03-15"}).encode()
    [story] = build_stories(_payload(feed, "/data/feed.jsonl", sidecar=sidecar))
    assert (story.published_date, story.published_date_source) == (dt.date(2024, 3, 15), "metadata")


def test_feed_time_without_zone_takes_the_agency_home_zone() -> None:
    feed = _jsonl({**SCHOOL, "published": "2024-03-16 08:05:00", "source": "ТАСС"})
    [story] = build_stories(_payload(feed, "/data/feed.jsonl"))
    assert story.published_date == dt.date(2024, 3, 16)
    assert story.published_at == dt.datetime(2024, 3, 16, 5, 5, tzinfo=dt.UTC)
    assert story.published_tz == "Europe/Moscow"
    assert "timezone_from_agency" in story.warnings


def test_feed_time_without_any_zone_evidence_keeps_only_the_date() -> None:
    feed = _jsonl({**SCHOOL, "published": "2024-03-16 08:05:00", "source": "Island Gazette"})
    [story] = build_stories(_payload(feed, "/data/feed.jsonl"))
    assert (story.published_date, story.published_at, story.published_tz) == (
        dt.date(2024, 3, 16), None, None)
    assert "time_without_zone" in story.warnings


def test_url_day_dates_a_story_without_other_evidence() -> None:
    sidecar = json.dumps({"url": "https://coastal.example/2024/03/14/ferry-terminal"}).encode()
    text = FERRY.replace("on Thursday ", "")  # no weekday: the year would be a guess
    story = _one_story(_payload(text.encode(), sidecar=sidecar))
    assert (story.published_date, story.published_date_source) == (dt.date(2024, 3, 14), "url")


def test_date_line_above_the_dateline_dates_the_story() -> None:
    text = FERRY.replace("\n\nPORT AVALEN", "\nPublished: March 14, 2023 at 9:05 AM CET\n\nPORT AVALEN")
    story = _one_story(_payload(text.encode()))
    assert (story.published_date, story.published_date_source) == (dt.date(2023, 3, 14), "text")
    assert story.published_at == dt.datetime(2023, 3, 14, 8, 5, tzinfo=dt.UTC)
    assert story.published_tz == "+01:00"


def test_future_mtime_is_not_a_date() -> None:
    payload = _payload(b"Crowds gathered on the quay to watch the new ferry arrive.")
    payload = Payload(ref=SourceRef(uri=LOCAL_URI, mtime=dt.datetime(2099, 1, 1, tzinfo=dt.UTC)),
                      data=payload.data, fetched_at=FETCHED_AT)
    story = _one_story(payload)
    assert (story.published_date, story.published_date_source) == (FETCHED_AT.date(), "fetched")
    assert "date_out_of_range:mtime:2099-01-01" in story.warnings


def test_repeated_feed_ids_stay_two_stories() -> None:
    out = build_stories(_payload(_jsonl(
        {"id": "cw-7", "headline": "Ferry terminal approved", "body": "The board approved it."},
        {"id": "cw-7", "headline": "Fish prices climb", "body": "Prices rose for a third week."},
    ), "/data/feed.jsonl"))
    assert [type(r) for r in out] == [StoryDraft, StoryDraft]
    assert out[0].item_key == "cw-7" and out[1].item_key != "cw-7"
    assert out[0].story_id != out[1].story_id
    assert any(w.startswith("duplicate_id:cw-7") for w in out[1].warnings)


def test_html_without_date_metadata_is_not_dated_as_html() -> None:
    page = FISH_HTML.replace("<p>Prices", '<p><img src="data:image/png;base64,iVBO20190412AAAA">'
                             "Prices").replace("Friday, as", "Friday, the first time since 2019, as")
    story = _one_story(_payload(page.encode(), HTTP_URI + "/fish"))
    assert story.published_date_source == "fetched"
    assert story.published_date == MTIME.date()
    # A day in the page's URL path is evidence of its own kind, never labelled html.
    story = _one_story(_payload(page.encode(), HTTP_URI + "/2019/04/12/fish"))
    assert (story.published_date, story.published_date_source) == (dt.date(2019, 4, 12), "url")


def test_html_published_time_with_offset_fills_published_at() -> None:
    page = FISH_HTML.replace(
        "<title>", '<meta property="article:published_time" content="2024-03-15T18:20:00+02:00">'
        "<title>")
    story = _one_story(_payload(page.encode(), HTTP_URI))
    assert (story.published_date, story.published_date_source) == (dt.date(2024, 3, 15), "html")
    assert story.published_at == dt.datetime(2024, 3, 15, 16, 20, tzinfo=dt.UTC)
    assert story.published_tz == "+02:00"


# --------------------------------------------------------------------------- ids and errors


def test_story_id_is_stable_per_source_and_item() -> None:
    assert make_story_id("/a.jsonl", "7") == make_story_id("/a.jsonl", "7")
    assert make_story_id("/a.jsonl", "7") != make_story_id("/a.jsonl", "8")
    assert make_story_id("/a.jsonl", "7") != make_story_id("/b.jsonl", "7")
    assert make_story_id("/a.jsonl") != make_story_id("/a.jsonl", "0")
    # Ids do not depend on the content: a changed file replaces its story.
    first = _one_story(_payload(FERRY.encode()))
    edited = _one_story(_payload(FERRY.replace("twelve", "ten").encode()))
    assert first.story_id == edited.story_id == make_story_id(LOCAL_URI)
    other = _one_story(_payload(FERRY.encode(), "/data/wire/ferry-2.txt"))
    assert other.story_id != first.story_id


def test_parser_exception_becomes_an_internal_error_reject(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(text: str) -> object:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(stories, "parse_wire_text", broken)
    reject = _one_reject(_payload(FERRY.encode()))
    assert reject.reason == "internal_error"
    assert reject.detail == "RuntimeError: parser bug" and reject.transient  # read again next run
    assert reject.source_uri == LOCAL_URI


# --------------------------------------------------------------------------- any input at all

_HOSTILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_WIRE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=1500
) | st.lists(
    st.sampled_from(["", "World", "Ferry service resumes", "PORT AVALEN, March 14. /CWN/.",
                     '"We are ready," the harbour master said.', "\u00a9 Photo: Wire", "\t", "<p>", "{",
                     "\u200b", "\x00", "\ufeff", "2024", "Monday"]),
    max_size=30,
).map("\n".join)


def _assert_well_formed(payload: Payload) -> None:
    out = build_stories(payload)
    if isinstance(out, UrlList):
        assert out.urls and all(u.startswith(("http://", "https://")) for u in out.urls)
        return
    assert out, "every source has an outcome"
    for item in out:
        assert isinstance(item, StoryDraft | Reject)
        if isinstance(item, Reject):
            assert item.reason in REASONS and item.reason != "internal_error", item
            continue
        assert item.body.strip() and item.lede == item.body.split("\n\n")[0]
        assert item.paragraphs == len(item.body.split("\n\n")) and item.word_count >= 0
        assert len(item.content_hash) == 64 and item.minhash is not None and len(item.minhash) == 512
        assert item.story_id == make_story_id(item.source_uri, item.item_key)


@_HOSTILE
@given(st.binary(max_size=3000))
def test_any_bytes_give_well_formed_outcomes(data: bytes) -> None:
    """Whatever the bytes, the composer returns stories or rejects with a reason, and no parser
    raises on its way there (an internal_error reject would mean one did)."""
    _assert_well_formed(_payload(data))


@_HOSTILE
@given(_WIRE_TEXT, st.sampled_from(["utf-8", "utf-16", "cp1251", "latin-1"]), st.booleans())
def test_any_text_in_any_encoding_gives_well_formed_outcomes(text: str, encoding: str, http: bool) -> None:
    data = text.encode(encoding, errors="replace")
    _assert_well_formed(_payload(data, HTTP_URI if http else LOCAL_URI))


# --------------------------------------------------------------------------- wire layouts (#15)

QUARTER = """\
Harbour Operator Posts Record Quarter

By Jane Holloway

(Bloomberg) -- Port Avalen Holdings reported its best quarter on record on Tuesday, as \
container volumes at its eastern terminal rose for a sixth straight month.

Revenue climbed 14% to 2.1 billion crowns, the company said.
"""


def test_placeless_dateline_sets_agency_and_leaves_the_place_empty() -> None:
    story = _one_story(_payload(QUARTER.encode()))
    assert story.headline == "Harbour Operator Posts Record Quarter"
    assert story.byline == "By Jane Holloway"
    assert (story.dateline, story.dateline_place, story.agency) == ("(Bloomberg) --", None, "Bloomberg")
    assert story.lede.startswith("Port Avalen Holdings reported its best quarter")
    assert "(Bloomberg)" not in story.body


@pytest.mark.parametrize(
    ("text", "sidecar_source", "agency"),
    [
        (FERRY.replace("/CWN/", "/ITAR-TASS/"), None, "TASS"),
        (FERRY.replace("PORT AVALEN, March 14. /CWN/.", "PORT AVALEN (The Associated Press) —"), None, "AP"),
        ("Ferry fares rise\n\nFerry fares will rise in April, the operator said.\n", "PRNewswire", "PR Newswire"),
        ("Ferry fares rise\n\nFerry fares will rise in April, the operator said.\n", "PR NEWSWIRE", "PR Newswire"),
        ("Ferry fares rise\n\nFerry fares will rise in April, the operator said.\n", "Port Avalen Courier",
         "Port Avalen Courier"),
    ],
)
def test_agency_column_holds_the_canonical_name(text: str, sidecar_source: str | None, agency: str) -> None:
    sidecar = json.dumps({"source": sidecar_source}).encode() if sidecar_source else None
    assert _one_story(_payload(text.encode(), sidecar=sidecar)).agency == agency


def test_invisible_characters_leave_every_field_with_a_warning() -> None:
    text = ("Harbour\u200b board approves new \u2066ferry\u2069 terminal\n\n"
            "PORT AVALEN, March 14. /CWN/. Board chair Mi\u200briam Odu\u00adya said on Thursday the "
            "\u202aterminal\u202c would open next year.\n")
    story = _one_story(_payload(text.encode()))
    assert story.headline == "Harbour board approves new ferry terminal"
    assert "Miriam Oduya said" in story.lede and "\u202a" not in story.body
    assert "invisible_chars_removed" in story.warnings
    clean = _one_story(_payload(text.encode().decode().translate(
        {ord(c): None for c in "\u200b\u2066\u2069\u00ad\u202a\u202c"}).encode()))
    assert story.content_hash == clean.content_hash
    assert "invisible_chars_removed" not in clean.warnings


def test_character_references_written_as_text_are_read_as_characters() -> None:
    text = ("Harbour board picks Procter &AMP; Gamble site\n\n"
            "PORT AVALEN, March 14. /CWN/. The board&#8217;s chair said on Thursday the "
            "Procter &AMP; Gamble warehouse would become a ferry terminal. &UR; \n")
    story = _one_story(_payload(text.encode()))
    assert story.headline == "Harbour board picks Procter & Gamble site"
    assert "board\u2019s chair" in story.lede and "&" not in story.body.replace("Procter & Gamble", "")
    assert "character_references_replaced" in story.warnings
    typed = text.replace("&AMP;", "&").replace("&#8217;", "\u2019").replace(" &UR; ", " ")
    clean = _one_story(_payload(typed.encode()))
    assert story.content_hash == clean.content_hash
    assert "character_references_replaced" not in clean.warnings


def test_invisible_characters_in_a_feed_headline_are_removed() -> None:
    record = {**SCHOOL, "headline": "Island\u200b school marks its \u200fcentenary"}
    story = build_stories(_payload(_jsonl(record), "/data/wire/coastal.jsonl"))[0]
    assert isinstance(story, StoryDraft)
    assert story.headline == "Island school marks its centenary"


def test_story_padded_with_nuls_is_a_story() -> None:
    story = _one_story(_payload(FERRY.encode() + b"\x00" * 8192))
    assert story.lede == FERRY_LEDE
    assert "padding_removed" in story.warnings


def test_body_that_is_not_prose_is_rejected() -> None:
    dump = "\n".join(f"{i:08x}: 4865 6c6c 6f20 776f 726c 640a {i * 7 % 9973:04x} ffee" for i in range(400))
    reject = _one_reject(_payload(("Server dump\n\n" + dump).encode()))
    assert reject.reason == "not_prose" and reject.detail


def test_feed_record_that_is_not_prose_is_rejected_alone() -> None:
    garbage = {"id": "cw-0316-009", "headline": "Filler", "body": "BLOCK 0042 lorem ipsum. " * 400}
    out = build_stories(_payload(_jsonl(SCHOOL, garbage), "/data/wire/coastal.jsonl"))
    assert isinstance(out, list) and [type(o) for o in out] == [StoryDraft, Reject]
    assert (out[1].reason, out[1].item_key) == ("not_prose", "cw-0316-009")


def test_chinese_story_is_a_story() -> None:
    text = ("河畔市批准滨江步道改造计划\n\n"
            "新华社河畔3月12日电 河畔市政府12日批准了滨江步道改造计划，这一项目当地居民已经等待了近十年。"
            "市长欧文平表示，工程将于5月开工，预计历时两年左右。\n\n"
            "据介绍，改造后的滨江步道将新建人行道、现代照明设施和休闲区域。欧文平在会后对记者说："
            "“我们希望这条河重新成为城市的中心，而不是城市的后院。”\n\n"
            "该项目总投资估计为1.8亿元，其中一部分由省级财政承担，其余资金来自国家城市更新计划。\n")
    story = _one_story(_payload(text.encode()))
    assert story.headline == "河畔市批准滨江步道改造计划"
    assert story.paragraphs == 3 and story.language == "zh"


def test_story_id_of_an_undecodable_file_name_is_stable() -> None:
    uri = "/data/wire/caf\udce9.txt"  # a Latin-1 name read with surrogate escapes
    assert make_story_id(uri) == make_story_id(uri) != make_story_id("/data/wire/café.txt")
    story = _one_story(_payload(FERRY.encode(), uri))
    assert story.story_id == make_story_id(uri)
