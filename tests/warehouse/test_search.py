"""Full-text search (`warehouse/search.py`): the tokenizer, the index rows a commit writes,
and BM25 ranking over a real lake."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.warehouse.lake import Warehouse
from storywire.warehouse.query import open_database
from storywire.warehouse.schemas import to_table
from storywire.warehouse.search import (
    SearchError,
    analyzed_language,
    search,
    search_rows,
    stop_words,
    tokens,
)

# -- tokenizing and stemming -----------------------------------------------------------------


def test_english_words_are_folded_cut_and_stemmed() -> None:
    assert tokens("The Minister's ELECTIONS were running, naïvely; turnout hit 61.5%") == [
        "5", "61", "elect", "hit", "minist", "naiv", "run", "turnout",
    ]  # fmt: skip


def test_russian_words_are_stemmed_by_the_russian_stemmer() -> None:
    # "выборы" / "выборами" / "выборов" are one word; "в" and "на" are stopwords
    assert tokens("Выборы в Москве", "ru") == ["выбор", "москв"]
    assert tokens("выборами", "ru") == tokens("выборов", "ru") == ["выбор"]
    assert tokens("на", "ru") == []


def test_french_words_lose_accents_stopwords_and_endings() -> None:
    assert tokens("Les élections présidentielles à Paris", "fr") == [
        "elect",
        "paris",
        "presidentiel",
    ]
    # typed without accents, a word is the same term
    assert tokens("elections", "fr") == tokens("élections", "fr")


def test_a_language_without_a_stemmer_is_indexed_unstemmed() -> None:
    assert tokens("Verkiezingen hielden", "xx") == ["hielden", "verkiezingen"]


def test_languages_are_normalized_and_default_to_english() -> None:
    assert analyzed_language(None) == analyzed_language("") == "en"
    assert analyzed_language("pt-BR") == "pt"
    assert tokens("running floods", None) == ["flood", "run"]


def test_stopwords_come_from_spacys_lists() -> None:
    assert {"the", "and", "of"} <= stop_words("en")
    assert "и" in stop_words("ru") and "les" in stop_words("fr")
    assert stop_words("xx") == frozenset()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_terms_are_lowercase_words_without_separators(text: str) -> None:
    for term in tokens(text):
        assert term and term == term.lower()
        # letters and digits only; "Cn": assigned by a newer Unicode than Python's own tables
        # (DuckDB's regex knows CJK extension H, Python 3.11 does not)
        assert all(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Cn" for ch in term), term


# -- index rows --------------------------------------------------------------------------------


def _stories(rows: list[dict], commit_id: str = "c1"):
    base = {"source_uri": "/in/x.txt", "language": "en", "commit_id": commit_id}
    return to_table("stories", [{**base, **r} for r in rows])


def test_search_rows_count_headline_words_twice_and_measure_lengths() -> None:
    rows = search_rows(
        _stories(
            [
                {
                    "story_id": "s1",
                    "headline": "Floods",
                    "body": "The floods rose. Flood water reached the shore.",
                    "published_date": dt.date(2024, 5, 6),
                },
                {"story_id": "s2", "headline": None, "body": None},
            ]
        )
    )
    terms = {(r["story_id"], r["term"]): r["tf"] for r in rows["search_terms"].to_pylist()}
    assert terms == {
        ("s1", "flood"): 4,
        ("s1", "rose"): 1,
        ("s1", "water"): 1,
        ("s1", "reach"): 1,
        ("s1", "shore"): 1,
    }
    docs = {r["story_id"]: r for r in rows["search_docs"].to_pylist()}
    assert docs["s1"]["length"] == 8 and docs["s1"]["published_date"] == dt.date(2024, 5, 6)
    assert docs["s2"]["length"] == 0  # a story with no text is still a document
    assert {r["commit_id"] for r in rows["search_terms"].to_pylist()} == {"c1"}
    # each posting carries its story's language, length and date (what a query scores by)
    assert {(r["language"], r["length"], r["published_date"]) for r in rows["search_terms"].to_pylist()} == {
        ("en", 8, dt.date(2024, 5, 6))}


# -- ranking over a lake ------------------------------------------------------------------------

STORIES = [
    {
        "story_id": "flood-1",
        "headline": "Flood warning for Lagos",
        "body": "Forecasters issued a flood warning as rain swelled the lagoon. Flood barriers were "
        "raised along the shore and residents moved to higher ground.",
        "agency": "AFP",
        "published_date": dt.date(2024, 5, 6),
    },
    {
        "story_id": "flood-2",
        "headline": "Markets close early",
        "body": "Traders packed up early on Monday; a flood of buyers had cleared the stalls by noon.",
        "agency": "AP",
        "published_date": dt.date(2024, 6, 2),
    },
    {
        "story_id": "port-3",
        "headline": "Dock strike enters second week",
        "body": "Ships queued outside the harbour as the dock workers' strike went on. Union leaders "
        "said talks with the port authority would resume.",
        "agency": "Reuters",
        "published_date": dt.date(2024, 6, 20),
    },
    {
        "story_id": "vote-ru",
        "headline": "Выборы в Новосибирске",
        "body": "Избиратели пришли на участки несмотря на дождь. Явка на выборах оказалась выше "
        "прошлогодней.",
        "language": "ru",
        "agency": "TASS",
        "published_date": dt.date(2024, 6, 9),
    },
    {
        "story_id": "vote-fr",
        "headline": "Élections régionales",
        "body": "Les électeurs se sont rendus aux urnes dimanche malgré la pluie.",
        "language": "fr",
        "agency": "AFP",
        "published_date": None,
    },
]


def _commit(wh: Warehouse, rows: list[dict]) -> None:
    with wh.locked():
        cid = wh.new_commit_id()
        wh.commit({"stories": _stories(rows, cid)}, commit_id=cid)


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    """The stories above, committed once (tests that change stories make their own)."""
    wh = Warehouse.open(tmp_path_factory.mktemp("search") / "wh")
    _commit(wh, STORIES)
    return wh


def test_the_index_is_written_sorted_by_term_in_one_file_per_commit(lake) -> None:
    import pyarrow.parquet as pq

    con = lake.connect(read_only=True)
    try:
        files = [r[0] for r in con.execute(
            "select data_file from ducklake_list_files('lake', 'search_terms', schema => 'stored')").fetchall()]
        stored = con.execute("select count(*) from lake.stored.search_terms").fetchone()[0]
    finally:
        con.close()
    assert len(files) == 1  # one commit, one file: no partition per term bucket
    terms = pq.read_table(files[0], columns=["term"]).column("term").to_pylist()
    assert len(terms) == stored > 30 and terms == sorted(terms)


def _ids(wh: Warehouse, text: str, **kw) -> list[str]:
    con = open_database(wh.location)
    try:
        return [row[0] for row in search(con, text, **kw).rows]
    finally:
        con.close()


def test_the_story_saying_the_words_more_often_ranks_first(lake) -> None:
    assert _ids(lake, "flood") == ["flood-1", "flood-2"]


def test_a_rarer_word_outweighs_a_common_one(lake) -> None:
    # "strike" is in one story, "flood" in two: the story with the rare word wins
    assert _ids(lake, "flood strike")[0] == "port-3"


def test_words_match_other_forms_of_themselves(lake) -> None:
    assert _ids(lake, "floods") == ["flood-1", "flood-2"]
    assert _ids(lake, "striking docks") == ["port-3"]


def test_a_story_matches_through_its_own_language(lake) -> None:
    assert _ids(lake, "выборов") == ["vote-ru"]
    assert _ids(lake, "electeurs") == ["vote-fr"]
    # a query is analyzed in every language the warehouse holds: the French stemmer finds it
    assert _ids(lake, "election") == ["vote-fr"]
    # "les" is a French stopword (not searched in French stories), "dimanche" is not
    assert _ids(lake, "les dimanche") == ["vote-fr"]


def test_the_result_has_the_story_fields_and_a_snippet_with_the_match(lake) -> None:
    con = open_database(lake.location)
    try:
        result = search(con, "harbour union", limit=1)
    finally:
        con.close()
    assert result.columns == [
        "story_id",
        "score",
        "published_date",
        "agency",
        "headline",
        "snippet",
    ]
    ((story_id, score, date, agency, headline, snippet),) = result.rows
    assert (story_id, date, agency, headline) == (
        "port-3",
        dt.date(2024, 6, 20),
        "Reuters",
        "Dock strike enters second week",
    )
    assert score > 0 and "harbour" in snippet


def test_date_filters_bound_the_publication_date(lake) -> None:
    assert _ids(lake, "flood", since=dt.date(2024, 6, 1)) == ["flood-2"]
    assert _ids(lake, "flood", until=dt.date(2024, 5, 31)) == ["flood-1"]
    assert _ids(lake, "electeurs", since=dt.date(2000, 1, 1)) == []  # no date: outside any bound


def test_limit_keeps_the_best(lake) -> None:
    assert _ids(lake, "flood", limit=1) == ["flood-1"]


def test_a_new_version_of_a_story_replaces_its_words(tmp_path) -> None:
    lake = Warehouse.open(tmp_path / "wh")
    _commit(lake, STORIES)
    _commit(
        lake,
        [
            {
                **STORIES[0],
                "headline": "Drought grips Lagos",
                "body": "No rain has fallen for weeks and the lagoon is shrinking.",
            }
        ],
    )
    assert _ids(lake, "flood") == ["flood-2"]
    assert _ids(lake, "drought") == ["flood-1"]
    con = open_database(lake.location)
    try:
        (rows,) = con.execute(
            "select count(*) from stored.search_docs where story_id = 'flood-1'"
        ).fetchone()
    finally:
        con.close()
    assert rows == 1


def test_a_query_of_stopwords_only_is_a_usage_error(lake) -> None:
    con = open_database(lake.location)
    try:
        with pytest.raises(SearchError, match=r"^SW444: .*'the of and' has only stopwords"):
            search(con, "the of and")
        with pytest.raises(SearchError, match=r"^SW444: .*empty"):
            search(con, "  ")
        with pytest.raises(SearchError, match=r"^SW445: "):
            search(con, "flood", since=dt.date(2024, 6, 2), until=dt.date(2024, 6, 1))
    finally:
        con.close()


def test_a_lake_whose_postings_lack_their_story_fields_gets_them_when_a_writer_opens_it(tmp_path) -> None:
    lake = Warehouse.open(tmp_path / "wh")
    _commit(lake, STORIES)
    before = _ids(lake, "flood")
    con = lake.connect()
    for column in ("language", "length", "published_date"):
        con.execute(f"alter table stored.search_terms drop column {column}")
    con.execute("update stored.storywire_meta set views_hash = 'before'")
    con.close()
    Warehouse.open(tmp_path / "wh")  # a writer brings the layout up to date
    con = open_database(lake.location)
    try:
        missing = con.execute(
            "select count(*) from stored.search_terms as t join stored.search_docs as d using (story_id) "
            "where t.language is distinct from d.language or t.length is distinct from d.length "
            "or t.published_date is distinct from d.published_date"
        ).fetchone()[0]
    finally:
        con.close()
    assert missing == 0
    assert _ids(lake, "flood") == before == ["flood-1", "flood-2"]


def test_a_lake_of_the_bucket_layout_is_brought_up_to_date_and_searches_alike(tmp_path) -> None:
    """A lake written by schema version 2 (postings partitioned by a ``bucket`` column): a
    writer drops the column and the partitioning, sorts new files, and the search reads the
    old files and the new alike."""
    wh = Warehouse.open(tmp_path / "wh")
    con = wh.connect()
    con.execute("alter table stored.search_terms add column bucket smallint")
    con.execute("alter table stored.search_terms set partitioned by (bucket)")
    con.execute("alter table stored.stories set partitioned by (year(published_date), month(published_date))")
    con.execute("update stored.storywire_meta set schema_version = 2")
    con.close()
    _commit(Warehouse(wh.root), STORIES[:3])  # rows written in the old layout (bucket null)
    Warehouse.open(tmp_path / "wh")  # a writer brings the layout up to date
    _commit(wh, STORIES[3:])
    con = wh.connect(read_only=True)
    try:
        columns = [r[0] for r in con.execute("describe lake.stored.search_terms").fetchall()]
        version = con.execute("select schema_version from lake.stored.storywire_meta").fetchone()[0]
    finally:
        con.close()
    assert "bucket" not in columns and version == 3
    assert _ids(wh, "flood") == ["flood-1", "flood-2"]
    assert _ids(wh, "выборы") == ["vote-ru"] and _ids(wh, "électeurs") == ["vote-fr"]
