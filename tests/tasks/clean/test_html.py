"""HTML article extraction: boilerplate removal, metadata, dates (the benchmark floor is in
tests/tasks/evaluate/test_html.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES

from storywire.tasks.clean.html import (
    ExtractionError,
    html_to_text,
    parse_date_string,
    parse_html,
)

HTML = FIXTURES / "html"


def _page(name: str) -> str:
    return (HTML / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "must_contain", "must_not_contain"),
    [
        (
            "article_jsonld.html",
            [
                "PORT AVALEN — The harbour board of Port Avalen voted seven to two",
                "said board chair Idris Penhallow after the vote",
                "temporary night sailings planned for the busiest weeks",
            ],
            [
                "Subscribe for unlimited access",
                "Share on Facebook",
                "Email this story",
                "Related stories",
                "Volunteers finish lighthouse restoration",
                "All rights reserved",
                "Cookie settings",
                "Weather outlook",
            ],
        ),
        (
            "article_meta.html",
            [
                "postponed a vote on the riverside housing plan",
                '"Nobody wants to approve homes that could be under water in twenty years,"',
            ],
            [
                "Sign in to your account",
                "Culture guide",
                "Follow us on Instagram",
                "Tram extension wins regional funding",
                "Advertise with us",
            ],
        ),
        (
            "article_visible_date.html",
            ["destroyed up to a third of this year's blossom", "emergency fund for farmers"],
            ["Back issues", "About us", "Posted on"],
        ),
    ],
)
def test_main_text_without_boilerplate(
    name: str, must_contain: list[str], must_not_contain: list[str]
) -> None:
    article = parse_html(_page(name))
    for snippet in must_contain:
        assert snippet in article.text
    for snippet in must_not_contain:
        assert snippet not in article.text
    # Paragraphs are separated by blank lines, and the headline is not repeated as body.
    assert "\n\n" in article.text
    assert "\n\n\n" not in article.text
    assert not article.text.startswith(article.title or "\x00")


@pytest.mark.parametrize(
    ("name", "title", "published", "source"),
    [
        (
            "article_jsonld.html",
            "Harbour authority approves new ferry terminal for Port Avalen",
            dt.datetime(2024, 4, 18, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            "json-ld",
        ),
        (
            "article_meta.html",
            "City council delays vote on riverside housing plan",
            dt.datetime(2023, 11, 7, 14, 5, tzinfo=dt.UTC),
            "meta",
        ),
        (
            # No metadata: the "Posted on ..." line above the article, reported as text.
            "article_visible_date.html",
            "Orchard growers count the cost of a late frost",
            dt.date(2022, 4, 22),
            "page_text",
        ),
    ],
)
def test_title_and_original_publication_date(
    name: str, title: str, published: dt.date, source: str
) -> None:
    article = parse_html(_page(name), url="https://news.example/story")
    assert article.title == title
    assert article.published == published
    assert type(article.published) is type(published)
    assert article.date_source == source
    assert article.date_evidence == ("text" if source == "page_text" else "html")
    assert article.language == "en"


def test_metadata_from_jsonld_page() -> None:
    article = parse_html(_page("article_jsonld.html"))
    assert article.author == "Maren Olsted"
    assert article.sitename == "The Coastal Ledger"
    assert article.description.startswith("The Port Avalen harbour board voted")
    assert (
        article.url == "https://coastal-ledger.example/news/2024/04/18/port-avalen-ferry-terminal"
    )
    # datePublished, not the later dateModified / article:modified_time.
    assert article.published.date() == dt.date(2024, 4, 18)


@pytest.mark.parametrize("html", ["", "   \n", "<html><body></body></html>"])
def test_empty_pages_raise(html: str) -> None:
    with pytest.raises(ExtractionError) as info:
        parse_html(html)
    assert info.value.code in {"empty_html", "no_main_text"}


def test_page_without_article_raises_no_main_text() -> None:
    with pytest.raises(ExtractionError) as info:
        parse_html(_page("no_article.html"))
    assert info.value.code == "no_main_text"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (
            "<p>First &amp; foremost.</p><p>Second   paragraph.</p>",
            "First & foremost.\n\nSecond paragraph.",
        ),
        ("Line one<br>line two", "Line one\nline two"),
        ("<div><h2>Title</h2><ul><li>One</li><li>Two</li></ul></div>", "Title\n\nOne\n\nTwo"),
        (
            "<p>Keep <b>bold</b> and <a href='#'>links</a> inline</p><script>var x;</script>",
            "Keep bold and links inline",
        ),
        ("plain text, no tags", "plain text, no tags"),
        ("", ""),
    ],
)
def test_html_to_text(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-03-05T00:00:00", dt.date(2024, 3, 5)),
        (
            "2024-03-05T10:15:00+0200",
            dt.datetime(2024, 3, 5, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
        ("not a date", None),
        ("2019", None),  # a bare year is no date
        ("2019-11", None),
        ("Tue, 04 Mar 2025 10:00:00 +0000", dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC)),
        ("March 3, 2025", dt.date(2025, 3, 3)),
    ],
)
def test_parse_date_string(value: str, expected: dt.date | None) -> None:
    assert parse_date_string(value) == expected


_FRENCH_BODY = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "Le conseil municipal de Rochefort a adopté mardi soir le nouveau plan de circulation du centre-ville, après plus de quatre heures de débats.",
        "Les commerçants craignent une baisse de la fréquentation pendant les travaux, qui doivent commencer au printemps et durer près de deux ans.",
        "Le maire a promis des places de stationnement gratuites le samedi et une navette électrique entre la gare et le marché couvert.",
    )
)


@pytest.mark.parametrize(
    ("lang_attr", "expected"),
    [('lang="en"', "fr"), ('lang="fr-FR"', "fr"), ("", "fr")],
)
def test_language_follows_the_article_not_the_template(lang_attr: str, expected: str) -> None:
    page = (
        f"<html {lang_attr}><head><title>Rochefort adopte son plan de circulation</title></head>"
        f"<body><nav><a href='/'>Accueil</a></nav><article>{_FRENCH_BODY}</article></body></html>"
    )
    assert parse_html(page).language == expected


# --------------------------------------------------------------------------- dates

_BODY = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The harbour board of Port Avalen voted on Tuesday to extend the ferry pier by forty "
        "metres, ending a dispute that began in 2019 over the cost of the works.",
        "Board members said the longer pier would let two ferries berth at once during the "
        "summer season, when queues of cars often stretch back to the town square.",
        "Work is due to start after the autumn storms and should take about eight months, "
        "according to the engineering firm that won the contract.",
    )
)


def _article_page(head: str = "", before: str = "", after: str = "", body: str = _BODY) -> str:
    return (
        f"<html><head><title>Port Avalen extends its ferry pier</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>{before}"
        f"<article><h1>Port Avalen extends its ferry pier</h1>{body}</article>{after}"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("head", "before", "published", "source"),
    [
        ('<meta property="article:published_time" content="2024-06-11T08:05:00-04:00">', "",
         dt.datetime(2024, 6, 11, 8, 5, tzinfo=dt.timezone(dt.timedelta(hours=-4))), "meta"),
        ('<meta name="dc.date" content="2024-06-11">', "", dt.date(2024, 6, 11), "meta"),
        ('<meta name="sailthru.date" content="Tue, 11 Jun 2024 12:05:00 +0000">', "",
         dt.datetime(2024, 6, 11, 12, 5, tzinfo=dt.UTC), "meta"),
        ('<script type="application/ld+json">[{"@type": "WebPage", "datePublished": '
         '"2020-01-01"}, {"@type": "NewsArticle", "datePublished": "2024-06-11T12:05:00Z"}]'
         "</script>", "", dt.datetime(2024, 6, 11, 12, 5, tzinfo=dt.UTC), "json-ld"),
        ("", '<div class="byline">By Ana Ruiz <time datetime="2024-06-11T09:00:00+01:00" '
         'class="published">11 June</time></div>',
         dt.datetime(2024, 6, 11, 9, tzinfo=dt.timezone(dt.timedelta(hours=1))), "time"),
        ("", '<span itemprop="datePublished" content="2024-06-11">June 11</span>',
         dt.date(2024, 6, 11), "microdata"),
        ("", "<p class='dateline'>June 11, 2024 at 8:05 AM EDT</p>",
         dt.datetime(2024, 6, 11, 8, 5, tzinfo=dt.timezone(dt.timedelta(hours=-4))), "page_text"),
        # Site-specific meta names and marked elements with machine-readable values.
        ('<meta name="sn-post-date" content="2024/06/11">', "", dt.date(2024, 6, 11), "meta"),
        ("", '<input type="hidden" class="published_date" value="2024-06-11 08:05:00">',
         dt.datetime(2024, 6, 11, 8, 5), "markup"),
        ("", '<span class="pub-date" data-pubdate="June 11, 2024, 8:05 a.m.">June 11</span>',
         dt.datetime(2024, 6, 11, 8, 5), "markup"),
        # Broken JSON-LD still names its datePublished.
        ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Pier "extended"",'
         ' "datePublished": "2024-06-11T08:05:00Z"}</script>', "",
         dt.datetime(2024, 6, 11, 8, 5, tzinfo=dt.UTC), "json-ld"),
        # A bare <time datetime> just above the article.
        ("", '<div class="byline">Ana Ruiz <time datetime="2024-06-11T08:05:00Z">2h</time></div>',
         dt.datetime(2024, 6, 11, 8, 5, tzinfo=dt.UTC), "time"),
    ],
)
def test_structured_dates_keep_their_time_and_offset(
    head: str, before: str, published: dt.date, source: str
) -> None:
    article = parse_html(_article_page(head=head, before=before),
                         url="https://news.example/2019/01/02/pier")
    assert article.published == published
    assert type(article.published) is type(published)
    assert article.date_source == source


@pytest.mark.parametrize(
    ("head", "before", "after"),
    [
        # A year in the body text and the URL's date are guesses, not metadata.
        ("", "", ""),
        # Digits inside an inline image are not a date.
        ("", '<img src="data:image/png;base64,iVBORw0KGgo2024061108050000AAAAEUgAAAAEAAAAB">',
         ""),
        # A bare year in a date field is not a day.
        ('<meta name="date" content="2019">', "", ""),
        # Only an update time: not the publication.
        ('<meta property="article:modified_time" content="2024-06-12T10:00:00Z">',
         '<time class="updated" datetime="2024-06-12T10:00:00Z">Updated</time>', ""),
        # Dates in menus, related links and reader comments belong to other things.
        ("", "<aside><p>Posted on March 3, 2025</p></aside>",
         "<div class='comments'><p>Posted on March 5, 2025 by a reader</p></div>"),
        ("", "<div class='related'><span class='post-date' data-date='2025-03-03'>x</span></div>", ""),
    ],
)
def test_no_guessed_dates(head: str, before: str, after: str) -> None:
    article = parse_html(_article_page(head=head, before=before, after=after),
                         url="https://news.example/2019/01/02/pier")
    assert article.published is None
    assert article.date_source is None and article.date_evidence is None


# --------------------------------------------------------------------------- deep pages


def _deep_page(depth: int) -> str:
    nested = ("<div>" * depth + "<p>Deep inside the page, the engineers explained how the pier "
              "would be built in sections and floated into place.</p>" + "</div>" * depth)
    closing = ("<p>After the nesting, the board chair thanked the residents who had come to the "
               "meeting and promised a public exhibition of the plans.</p>")
    return _article_page(body=_BODY + nested + closing)


@pytest.mark.parametrize("depth", [300, 1500])
def test_deeply_nested_paragraphs_are_kept(depth: int) -> None:
    article = parse_html(_deep_page(depth))
    assert "Deep inside the page" in article.text
    assert "After the nesting" in article.text
    assert article.warnings == ()


def test_page_deeper_than_any_real_page_is_flattened_with_a_warning() -> None:
    article = parse_html(_deep_page(3000))
    assert "Deep inside the page" in article.text
    assert "After the nesting" in article.text
    assert article.warnings and article.warnings[0].startswith("html_nesting_flattened")


@pytest.mark.parametrize("depth", [300, 3000])
def test_deep_fragments_keep_their_text(depth: int) -> None:
    fragment = "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth + "<p>After.</p>"
    assert html_to_text(fragment) == "Deep text.\n\nAfter."
