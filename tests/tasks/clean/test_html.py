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
            "trafilatura",
        ),
        (
            "article_visible_date.html",
            "Orchard growers count the cost of a late frost",
            dt.date(2022, 4, 22),
            None,
        ),
    ],
)
def test_title_and_original_publication_date(
    name: str, title: str, published: dt.date, source: str | None
) -> None:
    article = parse_html(_page(name), url="https://news.example/story")
    assert article.title == title
    assert article.published == published
    assert type(article.published) is type(published)
    if source is not None:
        assert article.date_source == source
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
