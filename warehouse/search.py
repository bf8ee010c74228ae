"""Full-text search: an inverted index kept in the lake, ranked by BM25 in SQL.

DuckDB's fts extension builds its index with ``PRAGMA create_fts_index``, which rebuilds it
whole from the table every time and keeps it in a DuckDB file, not in a lake. So storywire
keeps its own index as two story tables (``schemas.LAKE_TABLES``), written by
``Warehouse.commit`` in the transaction that writes the stories (``search_rows``): a new
version of a story replaces its rows like every story table's, so ingest, reprocess and
compact keep the index current without a rebuild.

- ``search_terms`` (story_id, term, tf, and the story's language, length and date): one row
  per story and term, sorted by term (``schemas.SORTED``), so a query of k terms reads the
  row groups that hold them (each records its range of terms) and scores what it reads.
- ``search_docs`` (story_id, language, length, published_date): BM25's document length, the
  language the story was analyzed in, and the date the filters use.

Words are cut, folded and stemmed by one SQL file (``search/terms.sql``) for the stories and
the queries alike: accents stripped, lowercase, cut at whatever is not a letter or digit (like
fts), stopwords of the story's language dropped (spaCy's lists, read from its package), then
stemmed by the language's snowball stemmer (fts's ``stem``). A story without a language is
analyzed as English (detection fails on short texts; most wire copy is English); a language
without a stemmer is not stemmed. A query is analyzed once for each language the warehouse
holds, and a story matches through its own language's analysis only. Headline words count
``HEADLINE_WEIGHT`` times (a story about the words usually says them in its headline).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import runpy
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from storywire.tasks.records import CodedError
from storywire.warehouse.schemas import LAKE_TABLES
from storywire.warehouse.sql import registered, sql_files

if TYPE_CHECKING:
    import duckdb

#: How many times a headline's word counts against one of the body.
HEADLINE_WEIGHT = 2
#: Longer "words" (hashes, run-together URLs) are not indexed: nobody searches for them.
MAX_TERM_CHARS = 40
#: The language a story without one is analyzed in.
DEFAULT_LANGUAGE = "en"
#: The snowball stemmer of DuckDB fts for each language (ISO 639-1) that has one; any other
#: language is indexed unstemmed ('none').
STEMMERS: Mapping[str, str] = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nb": "norwegian", "ne": "nepali", "nl": "dutch", "nn": "norwegian",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "sv": "swedish", "ta": "tamil", "tr": "turkish",
}  # fmt: skip
#: spaCy's folder of a language whose code differs from it (spaCy has Norwegian as ``nb``).
_SPACY_LANG = {"no": "nb"}
#: A language no stopword list has (ISO 639 "no linguistic content"): a query analyzed in it
#: keeps every word.
_ALL_WORDS = "zxx"
#: Rows ``storywire search`` returns unless told.
DEFAULT_LIMIT = 20

TERMS = LAKE_TABLES["search_terms"]
DOCS = LAKE_TABLES["search_docs"]


class SearchError(CodedError, ValueError):
    """A search that cannot run as asked (SW444, SW445, SW446): a usage error."""


# -- analysis ------------------------------------------------------------------------------


def analyzed_language(language: str | None) -> str:
    """The language a text is analyzed in: its ISO 639-1 code (``pt-BR`` -> ``pt``), or
    ``DEFAULT_LANGUAGE`` when it has none."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return code or DEFAULT_LANGUAGE


@functools.cache
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stopwords of ``language`` (empty when spaCy has none).

    Read from the file of spaCy's package without importing spaCy (1.3 s the search command
    need not pay): each ``spacy/lang/<code>/stop_words.py`` defines ``STOP_WORDS`` and imports
    nothing.
    """
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    code = _SPACY_LANG.get(language, language)
    path = Path(spec.submodule_search_locations[0]) / "lang" / code / "stop_words.py"
    if not code.isalpha() or not path.is_file():
        return frozenset()
    return frozenset(runpy.run_path(str(path)).get("STOP_WORDS", ()))


def _analyzers(languages: Iterable[str], *, stem: bool = True) -> tuple[pa.Table, pa.Table]:
    """The (language, stemmer) and (language, word) stopword tables of ``languages``."""
    languages = sorted(set(languages))
    stemmers = pa.table(
        {
            "language": pa.array(languages, pa.string()),
            "stemmer": pa.array(
                [STEMMERS.get(lang, "none") if stem else "none" for lang in languages], pa.string()
            ),
        }
    )
    pairs = [(lang, word) for lang in languages for word in sorted(stop_words(lang))]
    stops = pa.table(
        {
            "language": pa.array([p[0] for p in pairs], pa.string()),
            "word": pa.array([p[1] for p in pairs], pa.string()),
        }
    )
    return stemmers, stops


_TOKENIZER_LOCK = threading.Lock()


@functools.cache
def _tokenizer_database() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with fts loaded (for ``stem``): the index's rows are made here,
    outside the lake's transaction, and so are a query's terms (a read-only connection to
    the lake cannot register what it needs)."""
    import duckdb

    from storywire.warehouse.extensions import load_extensions

    con = duckdb.connect()
    load_extensions(con, ["fts"])
    return con


@contextmanager
def _cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    with _TOKENIZER_LOCK:  # functools.cache may build two databases on a race; one is kept
        database = _tokenizer_database()
    cur = database.cursor()  # a connection of its own: callers may be threads
    try:
        yield cur
    finally:
        cur.close()


def terms_of(texts: pa.Table, *, stem: bool = True) -> pa.Table:
    """The terms of ``texts`` (story_id, language, text, weight): one row per story_id,
    language and term, with its weighted count ``tf`` (``search/terms.sql``).
    ``stem=False``: the words themselves (folded, stopwords dropped)."""
    stemmers, stops = _analyzers(texts.column("language").to_pylist(), stem=stem)
    sql = sql_files("search")["terms"].format(max_chars=MAX_TERM_CHARS)
    with _cursor() as cur, registered(cur, search_input=texts, search_analyzers=stemmers, search_stopwords=stops):
        return cur.execute(sql).to_arrow_table()


def tokens(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The sorted distinct terms ``text`` is indexed (or searched) by in ``language``."""
    return sorted(query_terms(text, [language]).column("term").to_pylist())


# -- the index -----------------------------------------------------------------------------


def search_rows(stories: pa.Table) -> dict[str, pa.Table]:
    """The index rows of ``stories`` (stored ``stories`` rows, ``commit_id`` stamped):
    ``{"search_terms": ..., "search_docs": ...}``."""
    if not stories.num_rows:
        return {"search_terms": TERMS.empty_table(), "search_docs": DOCS.empty_table()}
    ids = stories.column("story_id")
    languages = pa.array(
        [analyzed_language(v) for v in stories.column("language").to_pylist()], pa.string()
    )
    n = stories.num_rows
    texts = pa.concat_tables(
        [
            pa.table(
                {
                    "story_id": ids,
                    "language": languages,
                    "text": stories.column("headline"),
                    "weight": pa.array([HEADLINE_WEIGHT] * n, pa.int32()),
                }
            ),
            pa.table(
                {
                    "story_id": ids,
                    "language": languages,
                    "text": stories.column("body"),
                    "weight": pa.array([1] * n, pa.int32()),
                }
            ),
        ]
    )
    terms = terms_of(texts).drop_columns(["language"])
    lengths = terms.group_by("story_id").aggregate([("tf", "sum")])
    docs = (
        stories.select(["story_id", "published_date", "commit_id"])
        .append_column("language", languages)
        .join(lengths, "story_id", join_type="left outer")
    )
    docs = docs.append_column("length", pc.coalesce(docs.column("tf_sum"), 0).cast(pa.int32()))
    docs = docs.select(DOCS.names).cast(DOCS)
    search_terms = terms.join(docs, "story_id", join_type="inner").select(TERMS.names).cast(TERMS)
    return {"search_terms": search_terms, "search_docs": docs}


# -- queries -------------------------------------------------------------------------------


def _query_texts(text: str, languages: list[str]) -> pa.Table:
    return pa.table(
        {
            "story_id": pa.array(languages, pa.string()),
            "language": pa.array(languages, pa.string()),
            "text": pa.array([text] * len(languages), pa.string()),
            "weight": pa.array([1] * len(languages), pa.int32()),
        }
    )


def query_terms(text: str, languages: Iterable[str]) -> pa.Table:
    """The terms of a query: its words analyzed in each of ``languages`` (language, term),
    one row per distinct pair; none when every word is a stopword of one of
    ``languages`` (the query says nothing: "the of and" is not a search for French "thé").
    A word that is a stopword in one language only is still searched in the others."""
    languages = sorted({analyzed_language(lang) for lang in languages}) or [DEFAULT_LANGUAGE]
    found = terms_of(_query_texts(text, [*languages, _ALL_WORDS]), stem=False)
    kept = set(
        zip(found.column("language").to_pylist(), found.column("term").to_pylist(), strict=True)
    )
    words = {word for lang, word in kept if lang == _ALL_WORDS}
    if all(any((lang, word) not in kept for lang in languages) for word in words):
        return pa.table({"language": pa.array([], pa.string()), "term": pa.array([], pa.string())})
    terms = terms_of(_query_texts(text, languages)).select(["language", "term"])
    return terms.sort_by([("language", "ascending"), ("term", "ascending")])


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The ranked stories: column names and rows (Python values), best first."""

    columns: list[str]
    rows: list[tuple]


def search(
    con: duckdb.DuckDBPyConnection,
    text: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    """The ``limit`` stories that match ``text`` best (BM25, ``search/bm25.sql``), published
    within ``since``..``until`` when given; ``con`` has the lake current (``USE lake``).

    SW444 when the query has no word to search (empty, or stopwords only); SW445 when
    ``since`` is after ``until``.
    """
    if since is not None and until is not None and since > until:
        raise SearchError("SW445", f"--since {since} is after --until {until}: no story can match")
    if not _utf8(text):  # bytes the terminal's encoding could not read
        raise SearchError("SW446", f"the words {text!r} are not valid UTF-8; type them again in UTF-8")
    queries = sql_files("search")
    languages = [row[0] for row in con.execute(queries["languages"]).fetchall()]
    terms = query_terms(text, languages)
    if not terms.num_rows:
        words = " ".join(text.split())
        what = f"{words!r} has only stopwords" if words else "the query is empty"
        raise SearchError(
            "SW444", f"nothing to search for: {what}; give words a story would contain"
        )
    # the terms as literals: the scan skips row groups whose range of terms holds none of them
    literals = ", ".join(_string_literal(t) for t in sorted(set(terms.column("term").to_pylist())))
    pairs = {"languages": terms.column("language").to_pylist(), "terms": terms.column("term").to_pylist()}
    counted = {(lang, term): df for lang, term, df in
               con.execute(queries["frequencies"].format(terms=literals), pairs).fetchall()}
    top = con.execute(
        queries["bm25"].format(terms=literals),
        {
            **pairs,
            "dfs": [counted.get(pair, 0) for pair in zip(pairs["languages"], pairs["terms"], strict=True)],
            "since": since,
            "until": until,
            "limit": int(limit),
        },
    ).to_arrow_table()
    with registered(con, storywire_top=top.select(["story_id", "score"])):
        cur = con.execute(queries["hits"].format(dates=_dates_filter(top.column("published_date").to_pylist())),
                          {"terms": terms.column("term").to_pylist()})
        return SearchResult([d[0] for d in cur.description], cur.fetchall())


def _string_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _dates_filter(dates: Iterable[dt.date | None]) -> str:
    """``published_date`` among ``dates``, as literals the scan can skip files and row
    groups by."""
    dates = list(dates)
    known = sorted({d for d in dates if d is not None})
    literals = ", ".join(f"date '{d.isoformat()}'" for d in known)
    terms = [f"s.published_date in ({literals})"] if known else []
    if None in dates or not terms:
        terms.append("s.published_date is null")
    return "(" + " or ".join(terms) + ")"


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: the command line's undecodable bytes
        return False
    return True
