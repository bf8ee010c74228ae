"""Every warehouse table's pyarrow schema, declared once.

Writers, views and tests derive column lists from these schemas; nothing else spells out
a table's columns. A column added here is added to existing lakes when a writer opens them
(``warehouse.lake.define_lake``); bump ``SCHEMA_VERSION`` for any change that is not purely
additive (a lake of a newer version is refused, never misread).
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 3  # 2: DuckLake (1 was the commit-folder format); 3: sorted, stories by year, no buckets

#: The lake schema holding the stored tables (the views users query are in ``main``).
STORED = "stored"

_TS = pa.timestamp("us", tz="UTC")

# Columns shared by every row that a commit writes: which commit and run produced it.
_LINEAGE = [
    pa.field("commit_id", pa.string(), nullable=False),
    pa.field("run_id", pa.string()),
    pa.field("pipeline_version", pa.string()),
]

STORIES = pa.schema(
    [
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("item_key", pa.string()),  # record id/index inside a feed file, "" otherwise
        pa.field("content_hash", pa.string()),  # sha256 of the normalized headline + body
        pa.field("input_format", pa.string()),  # text, html, json, jsonl
        pa.field("encoding", pa.string()),
        pa.field("site_header", pa.string()),
        pa.field("headline", pa.string()),
        pa.field("subheadline", pa.string()),
        pa.field("byline", pa.string()),
        pa.field("caption", pa.string()),
        pa.field("credit", pa.string()),
        pa.field("dateline", pa.string()),
        pa.field("dateline_place", pa.string()),
        pa.field("agency", pa.string()),
        pa.field("lede", pa.string()),
        pa.field("body", pa.string()),
        pa.field("paragraphs", pa.int32()),
        pa.field("word_count", pa.int32()),
        pa.field("language", pa.string()),
        pa.field("language_confidence", pa.float32()),
        pa.field("published_date", pa.date32()),
        pa.field("published_date_source", pa.string()),
        pa.field("published_at", _TS),
        pa.field("published_tz", pa.string()),
        pa.field("url", pa.string()),
        pa.field("duplicate_of", pa.string()),
        pa.field("duplicate_kind", pa.string()),  # exact, near
        pa.field("duplicate_similarity", pa.float32()),
        pa.field("trailers", pa.list_(pa.string())),
        pa.field("warnings", pa.list_(pa.string())),
        pa.field("model", pa.string()),
        pa.field("ingested_at", _TS),
        pa.field("minhash", pa.binary()),  # near-duplicate signature; hidden by the view
        *_LINEAGE,
    ]
)

ENTITIES = pa.schema(
    [
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("field", pa.string()),  # headline, body, dateline
        pa.field("start_char", pa.int32()),
        pa.field("end_char", pa.int32()),
        pa.field("text", pa.string()),
        pa.field("label", pa.string()),
        pa.field("sentence", pa.int32()),
        pa.field("canonical", pa.string()),
        pa.field("entity_key", pa.string()),
        pa.field("country_code", pa.string()),
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("geonames_id", pa.int64()),
        pa.field("model", pa.string()),
        *_LINEAGE,
    ]
)

TIMEXES = pa.schema(
    [
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("field", pa.string()),
        pa.field("start_char", pa.int32()),
        pa.field("end_char", pa.int32()),
        pa.field("text", pa.string()),
        pa.field("type", pa.string()),
        pa.field("value", pa.string()),
        pa.field("mod", pa.string()),
        pa.field("range_start", pa.date32()),
        pa.field("range_end", pa.date32()),
        pa.field("anchor_date", pa.date32()),  # the publication date values were resolved against
        *_LINEAGE,
    ]
)

QUOTES = pa.schema(
    [
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("start_char", pa.int32()),
        pa.field("end_char", pa.int32()),
        pa.field("text", pa.string()),
        pa.field("speaker", pa.string()),
        pa.field("speaker_canonical", pa.string()),
        pa.field("speaker_key", pa.string()),
        pa.field("verb", pa.string()),
        pa.field("paragraph", pa.int32()),
        pa.field("model", pa.string()),
        *_LINEAGE,
    ]
)

REJECTS = pa.schema(
    [
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("item_key", pa.string()),
        pa.field("reason", pa.string(), nullable=False),  # short code: empty, binary, too_large, ...
        pa.field("detail", pa.string()),
        pa.field("transient", pa.bool_()),  # True: retried on the next run
        pa.field("rejected_at", _TS),
        *_LINEAGE,
    ]
)

SOURCES = pa.schema(
    [
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("size", pa.int64()),
        pa.field("mtime", _TS),
        pa.field("etag", pa.string()),
        pa.field("content_hash", pa.string()),  # sha256 of the raw bytes
        pa.field("status", pa.string()),  # ingested, rejected, unchanged
        pa.field("stories", pa.int32()),
        pa.field("seen_at", _TS),
        *_LINEAGE,
    ]
)

RUNS = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("flow_run_id", pa.string()),
        pa.field("flow_name", pa.string()),
        pa.field("status", pa.string()),  # running, completed, failed
        pa.field("started_at", _TS),
        pa.field("finished_at", _TS),
        pa.field("sources", pa.list_(pa.string())),
        pa.field("files_seen", pa.int64()),
        pa.field("stories_ingested", pa.int64()),
        pa.field("rejected", pa.int64()),
        pa.field("skipped", pa.int64()),
        pa.field("duplicates", pa.int64()),
        pa.field("entities", pa.int64()),
        pa.field("timexes", pa.int64()),
        pa.field("quotes", pa.int64()),
        pa.field("words", pa.int64()),
        pa.field("seconds", pa.float64()),
        pa.field("model", pa.string()),
        pa.field("commit_id", pa.string()),
        pa.field("pipeline_version", pa.string()),
    ]
)

#: Table name -> schema. The order is the order commits write them in.
TABLES: dict[str, pa.Schema] = {
    "stories": STORIES,
    "entities": ENTITIES,
    "timexes": TIMEXES,
    "quotes": QUOTES,
    "rejects": REJECTS,
    "sources": SOURCES,
    "runs": RUNS,
}

#: Tables the lake keeps for itself, written by ``Warehouse.commit`` from the stories rows.
LAKE_TABLES: dict[str, pa.Schema] = {
    # The duplicate check's index: one row per story and LSH band (``band`` >= 0), plus its
    # content hash (band -1), each folded to 64 bits (``warehouse.bands``). The band -1 row also
    # carries what the check compares (hash, signature, stored original), so a lookup reads this
    # table alone. Sorted by publication date (an undated story under ``bands.UNDATED``), so
    # a lookup within a date window reads only the files and row groups of those dates.
    # ``story_num`` (64 bits of the id's MD5, ``bands.story_num``) is what the lookup joins on:
    # decoding the 20-character ids of every band row in a window was half its read.
    "story_bands": pa.schema([
        pa.field("band", pa.int16()),
        pa.field("key", pa.uint64()),
        pa.field("story_id", pa.string()),
        pa.field("published_date", pa.date32()),
        pa.field("commit_id", pa.string()),
        pa.field("content_hash", pa.string()),
        pa.field("minhash", pa.binary()),
        pa.field("duplicate_of", pa.string()),
        pa.field("story_num", pa.uint64()),
    ]),
    # Lineage: one row per stored version of a story, never deleted (the rows of an old
    # version stay readable by time travel until their snapshot expires).
    "story_versions": pa.schema([
        pa.field("story_id", pa.string()),
        pa.field("commit_id", pa.string()),
        pa.field("run_id", pa.string()),
        pa.field("pipeline_version", pa.string()),
        pa.field("model", pa.string()),
        pa.field("source_uri", pa.string()),
        pa.field("item_key", pa.string()),
        pa.field("content_hash", pa.string()),
        pa.field("published_date", pa.date32()),
        pa.field("ingested_at", _TS),
    ]),
    # Each group of copies with more than one story and its original (the copy published
    # first, ``lake/story_groups.sql``): recomputed for the groups a commit touches, so the
    # ``stories`` view re-points copies by a join instead of a window over every story.
    "story_groups": pa.schema([
        pa.field("duplicate_group", pa.string()),
        pa.field("original", pa.string()),
        pa.field("original_kind", pa.string()),
        pa.field("original_similarity", pa.float32()),
        pa.field("commit_id", pa.string()),
    ]),
    # Full-text search (``warehouse.search``): one row per story and term (stemmed) and its
    # weighted count, sorted by term, so a query of a few terms reads the row groups holding
    # them. The story's language, length and date ride along (the same value on consecutive
    # rows: Parquet stores them in a few bytes), so a query scores the postings it reads
    # without joining a million documents.
    "search_terms": pa.schema([
        pa.field("story_id", pa.string()),
        pa.field("term", pa.string()),
        pa.field("tf", pa.int32()),
        pa.field("commit_id", pa.string()),
        pa.field("language", pa.string()),
        pa.field("length", pa.int32()),
        pa.field("published_date", pa.date32()),
    ]),
    # One row per story: the language it was analyzed in, its length in terms (BM25's
    # document length) and its publication date (the search's date filters).
    "search_docs": pa.schema([
        pa.field("story_id", pa.string()),
        pa.field("language", pa.string()),
        pa.field("length", pa.int32()),
        pa.field("published_date", pa.date32()),
        pa.field("commit_id", pa.string()),
    ]),
}

#: The order DuckLake writes stored tables' rows in (on insert, and again when compaction merges
#: files). Each Parquet file and row group records the range of its sort key, so a query
#: filtering on it reads only the files and row groups that can hold a match. Sorting rather
#: than partitioning: a partition is a file per value per commit (a chunk of an archive spread
#: over ten years wrote 120 month files per table, each a catalog entry; 64 term buckets wrote
#: 64), and the commit's catalog work grew with them.
SORTED: dict[str, str] = {
    # dates: what a search's hits, date ranges and the duplicate check's window read
    "stories": "published_date",
    "story_bands": "published_date",
    "search_terms": "term",
}
#: DuckLake partitioning: stories by year, so compaction merges a year's stories into files of
#: that year (their row groups then span days, not the years a merged file of every date spans).
PARTITIONS: dict[str, str] = {"stories": "year(published_date)"}
#: Rows per Parquet row group where DuckDB's default (122,880) reads far more than a query
#: needs: a search's hits read twenty stories' bodies by date, and a row group of stories is
#: ~2 MB at this size (at the default, ~180 MB and months of dates).
ROW_GROUP_ROWS: dict[str, int] = {"stories": 2048}
#: Tables an earlier layout partitioned otherwise; a writer resets them (files written before
#: keep their layout until compaction rewrites them).
FORMERLY_PARTITIONED: tuple[str, ...] = ("stories", "story_bands", "search_terms")
#: Columns an earlier layout stored and this one drops: (table, column).
DROPPED_COLUMNS: tuple[tuple[str, str], ...] = (("search_terms", "bucket"),)
#: Tables whose columns added since a lake was made are filled in, when a writer adds them, by
#: ``lake/<table>_backfill.sql``.
BACKFILLED: tuple[str, ...] = ("search_terms", "story_bands")

#: What a table's view shows beyond or instead of its stored columns (``views/<table>.sql``).
VIEW_HIDES: dict[str, tuple[str, ...]] = {"stories": ("minhash",)}
VIEW_ADDS: dict[str, tuple[str, ...]] = {"stories": ("duplicate_group",)}  # the group's stable id


def view_columns(table: str) -> list[str]:
    """Column names of ``table``'s view, in order: the stored ones it shows, then its own."""
    hidden = VIEW_HIDES.get(table, ())
    return [c for c in TABLES[table].names if c not in hidden] + list(VIEW_ADDS.get(table, ()))


def columns(table: str) -> list[str]:
    """Column names of ``table``, in schema order."""
    return TABLES[table].names


def empty_table(table: str) -> pa.Table:
    """A zero-row table with ``table``'s schema."""
    return TABLES[table].empty_table()


def to_table(table: str, rows: list[dict]) -> pa.Table:
    """Build a pyarrow table from row dicts, validated against the declared schema.

    Missing keys become nulls; unknown keys are an error, so a typo never silently drops data.
    """
    schema = TABLES[table]
    known = set(schema.names)
    for row in rows:
        extra = set(row) - known
        if extra:
            raise KeyError(f"SW101: unknown column(s) {sorted(extra)} for table {table!r}")
    return pa.Table.from_pylist(rows, schema=schema)
