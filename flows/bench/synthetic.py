"""A synthetic warehouse of N stored stories, for ``storywire bench --stored N``: what a run
costs once the warehouse already holds a million stories.

No NER runs: every row is generated, cheaply but in the shape ingest writes. Per story, a
body of a few hundred words drawn (Zipf-like) from a news vocabulary, about 25 entities, 6
temporal expressions and 3 quotes, its manifest (``sources``) row; per commit a ``runs`` row
and a few ``rejects``. Publication dates spread over several years (a few stories have none).
MinHash signatures are random 32-bit values (datasketch would take about a millisecond a
story); a few percent of the stories are near copies of another story published days
before (most signature values kept) and a few exact copies (same body and signature), marked
as ingest marks them. Batches are written through ``Warehouse.commit``, so the band index
(``stored.story_bands``) and the lineage rows are built exactly as ingest builds them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np
import pyarrow as pa

from storywire.flows.bench import vocabulary as v
from storywire.tasks.clean.stories import make_story_id
from storywire.tasks.dedup import NUM_PERM
from storywire.warehouse.lake import LOCK_FILE, Warehouse
from storywire.warehouse.schemas import TABLES

#: Stories per ``Warehouse.commit`` while building (one DuckLake transaction each).
BUILD_BATCH = 25_000
#: Bumped when the generated rows change, so a cached warehouse of the old shape is rebuilt.
# 2: stories by month, groups of copies, compacted; 3: postings carry their story's length;
# 4-5: sorted, stories by year in small row groups (schema 3); 6: band rows carry story_num
BUILDER_VERSION = 6
#: The cached warehouse's marker, written once its last batch is committed.
MARKER = "synthetic.json"
FIRST_DAY = dt.date(2019, 1, 1)
SPAN_DAYS = 6 * 365  # publication dates over six years
UNDATED = 0.02  # share of stories without a publication date
NEAR_COPIES = 0.03  # share of near copies of another story (most signature values kept)
EXACT_COPIES = 0.01  # share of exact copies (same body, hash and signature)
COPY_KEEPS = 118  # signature values a near copy keeps of its original's 128 (similarity 0.92)
COPY_LAG_DAYS = 4  # a copy is published up to this many days after its original
REJECTS = 0.01  # share of extra files per batch that are rejected
ENTITIES, TIMEXES, QUOTES = 25, 6, 3  # mean rows per story
BODY_WORDS = (250, 500)
MODEL = "en_core_web_sm"
PIPELINE = "synthetic"


@dataclass(frozen=True, slots=True)
class _Catalog:
    """The entities stories mention, drawn with Zipf-like weights (a few are everywhere)."""

    columns: dict[str, pa.Array]
    weights: np.ndarray
    persons: np.ndarray  # catalog rows that are people (quote speakers)

    @classmethod
    def make(cls) -> _Catalog:
        rows: list[tuple] = []
        for first in v.FIRST:
            for last in v.LAST:
                name = f"{first} {last}"
                rows.append(
                    (name, "PERSON", name, f"person:{name.lower()}", None, None, None, None)
                )
        for gid, (place, cc, lat, lon) in enumerate(v.PLACES, start=180_000):
            rows.append((place, "GPE", place, f"place:geonames:{gid}", cc, lat, lon, gid))
        for org in v.ORGS:
            rows.append((org, "ORG", org, f"org:{org.lower()}", None, None, None, None))
        for label, text in v.OTHER:
            rows.append(
                (text, label, text, f"{label.lower()}:{text.lower()}", None, None, None, None)
            )
        names = (
            "text",
            "label",
            "canonical",
            "entity_key",
            "country_code",
            "latitude",
            "longitude",
            "geonames_id",
        )
        types = (pa.string(),) * 5 + (pa.float64(), pa.float64(), pa.int64())
        columns = {
            n: pa.array([r[i] for r in rows], t)
            for i, (n, t) in enumerate(zip(names, types, strict=True))
        }
        rank = np.random.default_rng(3).permutation(len(rows)) + 1
        weights = 1.0 / rank**0.8
        persons = np.flatnonzero(np.array([r[1] == "PERSON" for r in rows]))
        return cls(columns, weights / weights.sum(), persons)


def _words(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """The vocabulary with its sentence-final (``word.``) and paragraph-final variants, and
    Zipf-like weights over the plain words."""
    vocab = list(dict.fromkeys(v.VOCABULARY.split()))
    rank = rng.permutation(len(vocab)) + 1
    weights = 1.0 / rank
    return vocab + [f"{w}." for w in vocab] + [f"{w}.\n" for w in vocab], weights / weights.sum()


class _Generator:
    """Rows for batches of synthetic stories (one ``Warehouse.commit`` each)."""

    def __init__(self, seed: int, prefix: str = "stored") -> None:
        self.rng = np.random.default_rng(seed)
        self.prefix = prefix
        self.tokens, self.weights = _words(self.rng)
        self.vocab_size = len(self.weights)
        self.catalog = _Catalog.make()
        self.now = dt.datetime.now(dt.UTC)

    # -- stories ------------------------------------------------------------------------------

    def dates(self, n: int, first: int, span: int, undated: float) -> np.ndarray:
        """Days since 1970 of each story's publication date (-1: no date)."""
        day0 = (FIRST_DAY - dt.date(1970, 1, 1)).days + first
        days = day0 + self.rng.integers(0, span, size=n)
        days[self.rng.random(n) < undated] = -1
        return days

    def bodies(self, n: int) -> tuple[list[str], list[str], np.ndarray]:
        """(body, its normalized text for the content hash, word count) of ``n`` stories."""
        rng, size = self.rng, self.vocab_size
        lengths = rng.integers(*BODY_WORDS, size=n)
        idx = rng.choice(size, size=int(lengths.sum()), p=self.weights)
        ends = rng.random(len(idx))
        marked = idx + size * (ends < 1 / 18) + size * (ends < 1 / 70)  # sentence, paragraph ends
        tokens, plain = self.tokens, self.tokens[:size]
        bodies, normalized, start = [], [], 0
        for length in lengths.tolist():
            stop = start + length
            bodies.append(
                " ".join(itemgetter(*marked[start:stop])(tokens))
                .replace("\n ", "\n\n")
                .capitalize()
            )
            normalized.append(" ".join(itemgetter(*idx[start:stop])(plain)))
            start = stop
        return bodies, normalized, lengths

    def stories(
        self, start: int, n: int, *, first: int = 0, span: int = SPAN_DAYS, undated: float = UNDATED
    ) -> pa.Table:
        """``n`` stories numbered from ``start`` (their ids and sources derive from it)."""
        rng = self.rng
        days = self.dates(n, first, span, undated)
        bodies, normalized, words = self.bodies(n)
        sigs = rng.integers(0, 2**32, size=(n, NUM_PERM), dtype=np.uint32)
        copy_of = np.full(n, -1)
        kind: list[str | None] = [None] * n
        similarity = np.zeros(n, dtype=np.float32)
        roll = rng.random(n)
        dated = np.flatnonzero(days >= 0)
        copies = dated[roll[dated] < NEAR_COPIES + EXACT_COPIES]
        originals = np.setdiff1d(dated, copies)
        for c in copies.tolist() if len(originals) else []:
            o = int(originals[rng.integers(len(originals))])
            copy_of[c] = o
            days[c] = days[o] + int(rng.integers(0, COPY_LAG_DAYS + 1))
            if roll[c] < EXACT_COPIES:
                sigs[c], bodies[c], normalized[c], words[c] = (
                    sigs[o],
                    bodies[o],
                    normalized[o],
                    words[o],
                )
                kind[c], similarity[c] = "exact", 1.0
            else:
                keep = rng.permutation(NUM_PERM)[:COPY_KEEPS]
                sigs[c, keep] = sigs[o, keep]
                bodies[c] = bodies[o] + "\n\nThis copy was filed again by a partner agency."
                normalized[c] = normalized[o] + " this copy was filed again by a partner agency"
                words[c] = words[o] + 8
                kind[c] = "near"
                similarity[c] = np.count_nonzero(sigs[c] == sigs[o]) / NUM_PERM
        dates = [
            None if d < 0 else dt.date(1970, 1, 1) + dt.timedelta(days=int(d))
            for d in days.tolist()
        ]
        uris = [
            f"file:///bench/{self.prefix}/{d.year if d else 'undated'}/{start + i:08d}.txt"
            for i, d in enumerate(dates)
        ]
        ids = [make_story_id(u) for u in uris]
        agencies = [v.AGENCIES[a] for a in rng.integers(len(v.AGENCIES), size=n).tolist()]
        places = [v.PLACES[p][0] for p in rng.integers(len(v.PLACES), size=n).tolist()]
        timed = rng.random(n) < 0.4
        seconds = rng.integers(0, 86_400, size=n)
        published_at = [
            dt.datetime.combine(d, dt.time(), dt.UTC) + dt.timedelta(seconds=int(s))
            if d and t
            else None
            for d, t, s in zip(dates, timed.tolist(), seconds.tolist(), strict=True)
        ]
        headlines = [" ".join(b.split(" ", 9)[:8]).rstrip(".").title() for b in bodies]
        columns = {
            "story_id": ids,
            "source_uri": uris,
            "item_key": [""] * n,
            "content_hash": [hashlib.sha256(t.encode()).hexdigest() for t in normalized],
            "input_format": ["text"] * n,
            "encoding": ["utf-8"] * n,
            "headline": headlines,
            "byline": [
                f"By {v.FIRST[i % len(v.FIRST)]} {v.LAST[i % len(v.LAST)]}" if i % 3 == 0 else None
                for i in range(start, start + n)
            ],
            "credit": agencies,
            "dateline": [
                f"{p.upper()}, {v.MONTHS[d.month - 1]} {d.day} ({a}) -"
                if d
                else f"{p.upper()} ({a}) -"
                for p, d, a in zip(places, dates, agencies, strict=True)
            ],
            "dateline_place": places,
            "agency": agencies,
            "lede": [b.split(".", 1)[0] + "." for b in bodies],
            "body": bodies,
            "paragraphs": [b.count("\n\n") + 1 for b in bodies],
            "word_count": words,
            "language": ["en"] * n,
            "language_confidence": np.full(n, 0.99, dtype=np.float32),
            "published_date": dates,
            "published_date_source": ["dateline" if d else None for d in dates],
            "published_at": published_at,
            "published_tz": ["UTC" if t else None for t in published_at],
            "duplicate_of": [ids[o] if o >= 0 else None for o in copy_of.tolist()],
            "duplicate_kind": kind,
            "duplicate_similarity": pa.array(similarity, mask=copy_of < 0),
            "trailers": [[] for _ in range(n)],
            "warnings": [[] for _ in range(n)],
            "model": [MODEL] * n,
            "ingested_at": [self.now] * n,
            "minhash": [row.tobytes() for row in sigs],
        }
        return _table("stories", columns)

    # -- what stories mention -----------------------------------------------------------------

    def _owners(self, stories: pa.Table, mean: int) -> tuple[np.ndarray, np.ndarray]:
        """(story row of each mention, body length of its story): ``mean`` mentions a story."""
        counts = self.rng.integers(max(1, mean // 2), mean + mean // 2 + 1, size=stories.num_rows)
        owner = np.repeat(np.arange(stories.num_rows), counts)
        lengths = np.array([len(b) for b in stories.column("body").to_pylist()])
        return owner, lengths[owner]

    def _spans(self, lengths: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
        start = (self.rng.random(len(lengths)) * np.maximum(lengths - width, 1)).astype(np.int32)
        return start, start + width

    def entities(self, stories: pa.Table) -> pa.Table:
        owner, lengths = self._owners(stories, ENTITIES)
        picked = pa.array(
            self.rng.choice(len(self.catalog.weights), size=len(owner), p=self.catalog.weights)
        )
        start, end = self._spans(lengths, 12)
        cols = {name: col.take(picked) for name, col in self.catalog.columns.items()}
        field = np.where(self.rng.random(len(owner)) < 0.08, "headline", "body")
        columns = {
            "story_id": stories.column("story_id").take(pa.array(owner)),
            "field": field,
            "start_char": start,
            "end_char": end,
            "sentence": (start // 120).astype(np.int32),
            **cols,
            "model": [MODEL] * len(owner),
        }
        return _table("entities", columns)

    def timexes(self, stories: pa.Table) -> pa.Table:
        owner, lengths = self._owners(stories, TIMEXES)
        kinds = self.rng.integers(len(v.TIMEXES), size=len(owner))
        anchor = stories.column("published_date").to_pylist()
        anchors = [anchor[o] for o in owner.tolist()]
        values, ranges = [], []
        for k, a in zip(kinds.tolist(), anchors, strict=True):
            _text, kind, offset = v.TIMEXES[k]
            day = a + dt.timedelta(days=offset) if a is not None and offset is not None else None
            values.append(day.isoformat() if day else ("P2Y" if kind == "DURATION" else "XXXX-WXX"))
            ranges.append(day)
        start, end = self._spans(lengths, 9)
        columns = {
            "story_id": stories.column("story_id").take(pa.array(owner)),
            "field": ["body"] * len(owner),
            "start_char": start,
            "end_char": end,
            "text": [v.TIMEXES[k][0] for k in kinds.tolist()],
            "type": [v.TIMEXES[k][1] for k in kinds.tolist()],
            "value": values,
            "range_start": ranges,
            "range_end": ranges,
            "anchor_date": anchors,
        }
        return _table("timexes", columns)

    def quotes(self, stories: pa.Table) -> pa.Table:
        owner, lengths = self._owners(stories, QUOTES)
        speakers = pa.array(
            self.catalog.persons[self.rng.integers(len(self.catalog.persons), size=len(owner))]
        )
        start, end = self._spans(lengths, 110)
        bodies = stories.column("body").to_pylist()
        texts = [
            bodies[o][s:e]
            for o, s, e in zip(owner.tolist(), start.tolist(), end.tolist(), strict=True)
        ]
        names = self.catalog.columns["text"].take(speakers)
        columns = {
            "story_id": stories.column("story_id").take(pa.array(owner)),
            "start_char": start,
            "end_char": end,
            "text": texts,
            "speaker": names,
            "speaker_canonical": names,
            "speaker_key": self.catalog.columns["entity_key"].take(speakers),
            "verb": [v.VERBS[i] for i in self.rng.integers(len(v.VERBS), size=len(owner)).tolist()],
            "paragraph": (start // 600).astype(np.int32),
            "model": [MODEL] * len(owner),
        }
        return _table("quotes", columns)

    # -- the manifest, rejects and runs -------------------------------------------------------

    def batch(self, start: int, n: int, run_id: str) -> dict[str, pa.Table]:
        """Every table's rows of one commit: ``n`` stories from number ``start``."""
        stories = self.stories(start, n)
        lineage = {"run_id": run_id, "pipeline_version": PIPELINE}
        tables = {
            "stories": stories,
            "entities": self.entities(stories),
            "timexes": self.timexes(stories),
            "quotes": self.quotes(stories),
        }
        rejected = [
            f"file:///bench/{self.prefix}/rejected/{start + i:08d}.txt"
            for i in range(max(1, int(n * REJECTS)))
        ]
        reasons = [
            v.REJECT_REASONS[r]
            for r in self.rng.integers(len(v.REJECT_REASONS), size=len(rejected)).tolist()
        ]
        tables["rejects"] = _table(
            "rejects",
            {
                "source_uri": rejected,
                "item_key": [""] * len(rejected),
                "reason": reasons,
                "detail": reasons,
                "transient": [False] * len(rejected),
                "rejected_at": [self.now] * len(rejected),
            },
        )
        uris = stories.column("source_uri").to_pylist() + rejected
        sizes = [len(b.encode()) + 120 for b in stories.column("body").to_pylist()] + [0] * len(
            rejected
        )
        tables["sources"] = _table(
            "sources",
            {
                "source_uri": uris,
                "size": sizes,
                "mtime": [self.now] * len(uris),
                "content_hash": [hashlib.sha256(u.encode()).hexdigest() for u in uris],
                "status": ["ingested"] * n + ["rejected"] * len(rejected),
                "stories": [1] * n + [0] * len(rejected),
                "seen_at": [self.now] * len(uris),
            },
        )
        tables["runs"] = _table(
            "runs",
            {
                "run_id": [run_id],
                "flow_name": ["storywire-bench-synthetic"],
                "status": ["completed"],
                "started_at": [self.now],
                "finished_at": [self.now],
                "sources": [[f"file:///bench/{self.prefix}/"]],
                "files_seen": [len(uris)],
                "stories_ingested": [n],
                "rejected": [len(rejected)],
                "skipped": [0],
                "duplicates": [int(pc_count_valid(stories.column("duplicate_of")))],
                "entities": [tables["entities"].num_rows],
                "timexes": [tables["timexes"].num_rows],
                "quotes": [tables["quotes"].num_rows],
                "words": [int(np.sum(stories.column("word_count")))],
                "seconds": [0.0],
                "model": [MODEL],
            },
        )
        return {name: _with_lineage(name, t, lineage) for name, t in tables.items()}


def pc_count_valid(column: pa.ChunkedArray) -> int:
    return len(column) - column.null_count


def _table(name: str, columns: dict) -> pa.Table:
    """``columns`` as table ``name`` (its schema; columns not given are null)."""
    schema = TABLES[name]
    n = len(next(iter(columns.values())))
    arrays = [
        pa.array(columns[f.name], f.type)
        if f.name in columns and not isinstance(columns[f.name], pa.Array)
        else (columns[f.name].cast(f.type) if f.name in columns else pa.nulls(n, f.type))
        for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _with_lineage(name: str, table: pa.Table, lineage: dict) -> pa.Table:
    for column, value in lineage.items():
        if column in table.column_names:
            i = table.schema.get_field_index(column)
            table = table.set_column(
                i, table.schema.field(i), pa.array([value] * table.num_rows, pa.string())
            )
    return table


def build_stored(
    root: Path,
    n: int,
    *,
    seed: int = 7,
    batch: int = BUILD_BATCH,
    progress: Callable[[int, float], None] | None = None,
) -> dict:
    """Build a warehouse of ``n`` synthetic stories at ``root`` (new or empty); returns what
    was built and how fast. Each batch is one ``Warehouse.commit`` (``replaces=[]``: new
    stories only, so nothing stored is scanned or deleted); then ``upkeep`` merges the files
    as the nightly ``storywire compact`` would."""
    gen = _Generator(seed)
    wh = Warehouse.open(root)
    started = time.perf_counter()
    rows: dict[str, int] = {}
    with wh.locked():
        for first in range(0, n, batch):
            size = min(batch, n - first)
            tables = gen.batch(first, size, f"synthetic-{first // batch:05d}")
            for name, table in tables.items():
                rows[name] = rows.get(name, 0) + table.num_rows
            wh.commit(tables, replaces=[])
            if progress is not None:
                progress(first + size, time.perf_counter() - started)
        built = time.perf_counter()
        # as the nightly upkeep leaves a warehouse: the batches' files merged per partition
        files = wh.upkeep(keep_days=0)
    seconds = round(time.perf_counter() - started, 3)
    return {
        "stories": n,
        "seed": seed,
        "batch": batch,
        "builder_version": BUILDER_VERSION,
        "rows": rows,
        "seconds": seconds,
        "compact_seconds": round(time.perf_counter() - built, 3),
        "files": files["files_after"],
        "stories_per_s": round(n / seconds, 1) if seconds else 0.0,
    }


def stored_warehouse(
    cache: Path,
    n: int,
    *,
    seed: int = 7,
    batch: int = BUILD_BATCH,
    progress: Callable[[int, float], None] | None = None,
) -> tuple[Path, dict]:
    """The synthetic warehouse of ``n`` stories under ``cache`` (``cache/stored-N``), built
    once: a finished build leaves its marker, and a re-run with the same N, seed and builder
    reuses it. A build is made in a ``.partial`` folder and renamed when complete (the lake is
    attached with its data path given, so a moved folder reads its own files)."""
    final = cache / f"stored-{n}"
    marker = final / MARKER
    if marker.is_file():
        info = json.loads(marker.read_text(encoding="utf-8"))
        if info.get("seed") == seed and info.get("builder_version") == BUILDER_VERSION:
            return final, {**info, "cached": True}
        shutil.rmtree(final)
    partial = cache / f"stored-{n}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    info = build_stored(partial, n, seed=seed, batch=batch, progress=progress)
    (partial / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    partial.rename(final)
    return final, {**info, "cached": False}


def copy_warehouse(source: Path, target: Path) -> Path:
    """A copy of a local warehouse folder (catalog and data files), without its lock."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(LOCK_FILE, MARKER))
    return target


def chunk_keys(
    wh: Warehouse, n: int, *, seed: int = 99, copies: float = 0.03, days: int = 3
) -> list[tuple[str, str, bytes, dt.date | None]]:
    """The duplicate check's input for a realistic chunk of ``n`` new stories: (story_id,
    content_hash, minhash, published_date), published within ``days`` of each other (a day's
    wire) near the end of the synthetic date range; a share ``copies`` of them are near
    copies of stories ``wh`` holds from those days (none when it holds none)."""
    gen = _Generator(seed, prefix="chunk")
    table = gen.stories(0, n, first=SPAN_DAYS - 40, span=days, undated=0.0)
    ids, hashes = table.column("story_id").to_pylist(), table.column("content_hash").to_pylist()
    sigs, dates = table.column("minhash").to_pylist(), table.column("published_date").to_pylist()
    lo, hi = min(dates), max(dates)
    with contextlib.closing(wh.connect(read_only=True)) as con:
        stored = con.execute(
            "select minhash, published_date from stored.stories where published_date between ? and ? "
            "and octet_length(minhash) = ? order by story_id limit ?",
            [lo, hi, NUM_PERM * 4, n],
        ).fetchall()
    rng = np.random.default_rng(seed)
    for k in rng.choice(n, size=min(len(stored), int(n * copies)), replace=False).tolist():
        minhash, date = stored[int(rng.integers(len(stored)))]
        values = np.frombuffer(minhash, dtype=np.uint32).copy()
        values[rng.permutation(NUM_PERM)[: NUM_PERM - COPY_KEEPS]] = rng.integers(
            0, 2**32, NUM_PERM - COPY_KEEPS
        )
        sigs[k], dates[k] = values.tobytes(), date
    return list(zip(ids, hashes, sigs, dates, strict=True))
