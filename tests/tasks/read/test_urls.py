"""URLs: which can be fetched as written, and the reading of a URL list line by line."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.read.urls import (
    ALLOWED_URL_SCHEMES,
    looks_like_url,
    parse_url_list,
    url_problem,
    url_scheme,
    without_credentials,
)
from storywire.tasks.records import Reject


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example.org/2024/05/harbour",
        "https://news.example.org:8443/a?b=c#d",
        "HTTPS://NEWS.EXAMPLE.ORG/upper",
        "http://127.0.0.1:8000/story",
        "http://[::1]:8080/story",
        "http://xn--bcher-kva.example/",
        "http://bücher.example/story",
        "http://wire_feed.example.org/x",
        "http://localhost/x",
        "http://news.example.org./fqdn",
        "http://user:secret@news.example.org/x",
    ],
)
def test_good_urls_have_no_problem(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url, says",
    [
        ("http://host:80o/x", "port"),
        ("http://[::1/x", ""),
        ("http://news.example.org:99999/x", "out of range"),
        ("http://news.example.org:0/x", "out of range"),
        ("http:///x", "no host"),
        ("http://:80/x", "no host"),
        ("http://news example.org/x", "whitespace"),
        ("http://news.example.org/a b", "whitespace"),
        ("http://wire..example.org/x", "label"),
        ("http://1.2.3.4.5/x", "IP address"),
        ("http://news%zz.example.org/", "host name"),
        ("http://news.example.org/\x00", "control"),
        ("ftp://files.example.org/x.txt", "not http(s)"),
        ("news.example.org/x", "no scheme"),
    ],
)
def test_malformed_urls_say_why(url, says):
    problem = url_problem(url)
    assert problem is not None and says in problem


def test_url_scheme_follows_rfc3986():
    assert url_scheme("HTTP://x") == "http"
    assert url_scheme("svn+ssh://x") == "svn+ssh"
    assert url_scheme("/abs/path:with:colons") == ""
    assert url_scheme("1http://x") == ""
    assert url_scheme("no colon") == ""
    assert looks_like_url("ftp://x") and looks_like_url("http://") and not looks_like_url("mailto:a@b")


def test_a_list_with_good_malformed_and_other_scheme_lines():
    text = (
        "\ufeff# stories for May\n"
        "http://news.example.org/a\n\n"
        "http://host:80o/x\n"
        "  ftp://files.example.org/b.txt  \n"
        "file:///etc/passwd\n"
        "https://news.example.org/c\n"
        "http://news.example.org/a\n"
    )
    listing = parse_url_list(text)
    assert listing is not None
    assert listing.urls == ("http://news.example.org/a", "https://news.example.org/c")
    assert [(r.number, r.reason) for r in listing.rejected] == [
        (4, "invalid_url"), (5, "scheme_not_allowed"), (6, "scheme_not_allowed")]
    assert "http://host:80o/x" in listing.rejected[0].detail and "line 4" in listing.rejected[0].detail
    record = listing.record("http://lists.example.org/may.txt")
    assert record.urls == listing.urls
    assert record.rejected[1] == Reject(
        "http://lists.example.org/may.txt", "scheme_not_allowed", listing.rejected[1].detail, item_key="line 5")


def test_a_list_of_nothing_fetchable_is_still_a_list():
    listing = parse_url_list("ftp://files.example.org/a\nhttp://bad host/\n")
    assert listing is not None and listing.urls == () and len(listing.rejected) == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n# only a comment\n",
        "Harbour reopens\n\nhttp://news.example.org/a\n",
        "http://news.example.org/a\nRead more at our site.\n",
        "See https://news.example.org/a for the full story.",
    ],
)
def test_text_with_a_line_that_is_not_a_url_is_a_story(text):
    assert parse_url_list(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Harbour plan, two reports\n\nhttp://news.example.org/a\nhttp://news.example.org/b\n",  # a heading
        "The port reopened on Monday after a week of repairs to the quay, officials said.\n"
        "http://news.example.org/a\nhttp://news.example.org/b\n",  # a sentence: a story
        "http://news.example.org/a\nnot a url\nhttp://news.example.org/b\nsee above\n",  # half strays
    ],
)
def test_stray_lines_make_a_list_only_when_short_and_few(text):
    listing = parse_url_list(text)
    if text.startswith("Harbour plan"):
        assert listing.urls == ("http://news.example.org/a", "http://news.example.org/b")
        assert [(r.number, r.reason) for r in listing.rejected] == [(1, "invalid_url")]
    else:
        assert listing is None


def test_one_stray_line_among_urls_is_a_reject_and_the_urls_are_read():
    listing = parse_url_list("http://news.example.org/a\nhttp://news.example.org/b\nhttp://news.example.org/c\nnot a url\n")
    assert len(listing.urls) == 3
    (stray,) = listing.rejected
    assert (stray.number, stray.reason, stray.detail) == (4, "invalid_url", "line 4: not a url: not a URL")


def test_credentials_leave_the_url_and_come_back_as_a_pair():
    assert without_credentials("http://ann:s3cr%3At@news.example.org:8080/a?b=1") == (
        "http://news.example.org:8080/a?b=1", ("ann", "s3cr:t"))
    assert without_credentials("https://ann@news.example.org/") == ("https://news.example.org/", ("ann", ""))
    for plain in ("http://news.example.org/a@b", "http://[::1", "/data/a@b.txt"):
        assert without_credentials(plain) == (plain, None)
    # a malformed line's reject names it without its password
    (bad,) = parse_url_list("http://news.example.org/a\nhttp://ann:s3cret@bad host/x\n").rejected
    assert "s3cret" not in bad.detail and "bad host" in bad.detail


def test_a_huge_line_is_clipped_in_the_detail():
    (rejected,) = parse_url_list("http://bad host/" + "x" * 10_000).rejected
    assert len(rejected.detail) < 400


_URLISH = st.one_of(
    st.text(max_size=40),
    st.builds(lambda s, rest: f"{s}://{rest}",
              st.sampled_from(["http", "https", "ftp", "file", "HTTP", "x-y"]),
              st.text(max_size=30)),
    st.sampled_from(["http://news.example.org/a", "http://host:80o/x", "# note", "", "http://[::1/x"]),
)


@given(st.lists(_URLISH, max_size=12).map("\n".join) | st.text())
def test_parse_url_list_accounts_for_every_line_and_never_raises(text):
    listing = parse_url_list(text)
    if listing is None:
        return  # a story: some line is not URL-shaped, or there is no line at all
    lines = [(n, ln.strip()) for n, ln in enumerate(text.removeprefix("\ufeff").splitlines(), 1)
             if ln.strip() and not ln.strip().startswith("#")]
    strays = [ln for _, ln in lines if not looks_like_url(ln)]
    urls_written = len(lines) - len(strays)
    # every line URL-shaped, or two thirds of them (two at least) and the others short
    assert lines and (not strays or (urls_written >= max(2, 2 * len(strays)) and all(len(ln) <= 60 for ln in strays)))
    rejected = {r.number for r in listing.rejected}
    for number, line in lines:
        assert (line in listing.urls) != (number in rejected)
    for url in listing.urls:
        assert url_scheme(url) in ALLOWED_URL_SCHEMES and url_problem(url) is None
        httpx.URL(url)  # parses
    assert len(set(listing.urls)) == len(listing.urls)
    assert all(r.reason in ("invalid_url", "scheme_not_allowed") for r in listing.rejected)
