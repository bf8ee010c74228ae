"""``storywire bench``: how much the whole pipeline costs next to bare spaCy, on one machine.

Four measurements in one run, over the same stories:

1. **bare spaCy** -- ``nlp.pipe(texts, batch_size, n_process)`` with the very pipeline the
   flow uses (``load_nlp``), over the headlines and bodies the flow itself extracted, in a
   child process so its peak RSS is its own;
2. **the ingest flow** end to end (raw files on disk -> warehouse), as the ``storywire ingest``
   console script with its own ``PREFECT_HOME`` (so Prefect starts its temporary server);
3. **an incremental re-run** over the unchanged folder (every file must be skipped);
4. **typical DuckDB queries** over the resulting warehouse (median of 5).

Throughput is words per second, where words are the flow's own ``word_count`` of the story
bodies, so both sides share the numerator and the ratio is simply bare time / flow time. The
flow's side uses the seconds the flow records in its ``runs`` row (model load, fetch, clean,
dedup, NLP, temporal rules, quotes, commits, checks), not the subprocess wall time, which
also holds interpreter start, imports and Prefect's temporary server start-up (a constant of
several seconds that says nothing about per-story cost); the wall time is reported too.

Input: the real stories of ``../shared/corpora`` (lee_news, tbaq, ieer) when present, read at
run time only and written as raw files into ``WORKDIR/input``; otherwise, or with
``source="generated"``, varied wire stories generated from templates (``generate_story``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storywire.flows.settings import DEFAULT_MODEL

__all__ = ["DEFAULT_CORPORA", "format_benchmark", "generate_story", "run_benchmark", "write_input"]

#: ``../shared/corpora`` beside the project (read-only evaluation data; never copied in).
DEFAULT_CORPORA = Path(
    os.environ.get("STORYWIRE_CORPORA", Path(__file__).resolve().parents[2] / "shared" / "corpora")
)

#: (corpus folder, text field, whether its ``dct`` becomes a ``published`` sidecar).
CORPUS_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("lee_news", "raw", False),
    ("tbaq", "text", True),
    ("ieer", "text", False),
)

QUERY_REPEATS = 5


class BenchmarkError(RuntimeError):
    """A measured step failed: the benchmark cannot report a number for it."""


# --------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InputDoc:
    name: str  # file stem, e.g. "00042_lee_news"
    text: str
    published: str | None = None  # ISO date for the sidecar
    origin: str = "generated"


def corpus_docs(corpora: Path) -> list[InputDoc]:
    """The corpus stories, interleaved round-robin so any prefix mixes all three sources."""
    per_source: list[list[InputDoc]] = []
    for folder, field, sidecar in CORPUS_FIELDS:
        path = corpora / folder / "gold.jsonl"
        if not path.is_file():
            continue
        docs = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                text = rec.get(field)
                if text and text.strip():
                    published = rec.get("dct") if sidecar else None
                    docs.append(InputDoc(name=folder, text=text, published=published, origin=folder))
        per_source.append(docs)
    out: list[InputDoc] = []
    for i in range(max((len(d) for d in per_source), default=0)):
        out.extend(d[i] for d in per_source if i < len(d))
    return out


def _cycled(base: list[InputDoc], n: int) -> Iterator[InputDoc]:
    """``n`` documents from ``base``, cycling it when ``n`` is larger.

    A copy made on the k-th pass (k >= 1) gets one extra, numbered closing paragraph: its
    bytes and content hash differ, so the flow reads and enriches it as a new story (its
    MinHash still marks it a near duplicate of the original, which is realistic for wire
    copy re-sent with an added line, and does not change the work done per story).
    """
    for i in range(n):
        doc = base[i % len(base)]
        k = i // len(base)
        text = doc.text
        if k:
            text = text.rstrip() + (
                f"\n\nThis is repeat {k} of this story in benchmark batch item {i + 1}; "
                f"it was filed again on day {k} of the series.\n"
            )
        yield InputDoc(f"{i:06d}_{doc.name}", text, doc.published, doc.origin)


def write_input(
    folder: Path, n: int, *, source: str = "auto", corpora: Path = DEFAULT_CORPORA, seed: int = 11
) -> dict:
    """Write ``n`` raw story files (plus ``NAME.meta.json`` sidecars) into ``folder``.

    ``source``: "corpus" (../shared/corpora, error when absent), "generated", or "auto"
    (corpus when present). Returns what was written, per origin.
    """
    if source not in ("auto", "corpus", "generated"):
        raise ValueError(f"source must be auto, corpus or generated, not {source!r}")
    base = corpus_docs(corpora) if source != "generated" and corpora.is_dir() else []
    if source == "corpus" and not base:
        raise BenchmarkError(f"no corpus stories under {corpora} (lee_news, tbaq, ieer)")
    if base:
        docs = _cycled(base, n)
        used = "corpus"
    else:
        rng = random.Random(seed)
        docs = (InputDoc(f"{i:06d}_generated", *generate_story(i, rng)) for i in range(n))
        used = "generated"
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    size = 0
    for doc in docs:
        path = folder / f"{doc.name}.txt"
        data = doc.text.encode("utf-8")
        path.write_bytes(data)
        size += len(data)
        if doc.published:
            (folder / f"{doc.name}.meta.json").write_text(
                json.dumps({"published": doc.published}), encoding="utf-8"
            )
        counts[doc.origin] = counts.get(doc.origin, 0) + 1
    return {"source": used, "files": n, "bytes": size, "origins": counts,
            "distinct_base_stories": len(base) if base else n}


# Template material for generated stories: invented people, real places and agencies.
_AGENCIES = [
    # (agency credit, dateline layout); {CITY} upper case, {City} title case.
    ("Reuters", "{CITY}, {Month} {day} (Reuters) - "),
    ("AP", "{CITY}, {Country} (AP) — "),
    ("AFP", "{CITY} (AFP) - "),
    ("TASS", "{CITY}, {Month} {day}. /TASS/. "),
    ("Xinhua", "{CITY}, {Month} {day} (Xinhua) -- "),
    ("dpa", "{City} (dpa) - "),
    ("Kyodo", "{CITY}, {Month} {day} Kyodo - "),
    ("UPI", "{CITY}, {Month} {day} (UPI) -- "),
]
_PLACES = [
    ("Nairobi", "Kenya"), ("Lima", "Peru"), ("Hanoi", "Vietnam"), ("Oslo", "Norway"),
    ("Accra", "Ghana"), ("Quito", "Ecuador"), ("Riga", "Latvia"), ("Manila", "Philippines"),
    ("Tunis", "Tunisia"), ("Dhaka", "Bangladesh"), ("Bogota", "Colombia"), ("Tbilisi", "Georgia"),
    ("Baku", "Azerbaijan"), ("Santiago", "Chile"), ("Lisbon", "Portugal"), ("Warsaw", "Poland"),
    ("Jakarta", "Indonesia"), ("Ankara", "Turkey"), ("Canberra", "Australia"), ("Ottawa", "Canada"),
]
_FIRST = ["Amina", "Carlos", "Lan", "Ingrid", "Kwame", "Lucia", "Janis", "Maria", "Youssef",
          "Farida", "Andres", "Nino", "Tomasz", "Helena", "Rashid", "Keiko", "Pedro", "Olga"]
_LAST = ["Odhiambo", "Quispe", "Nguyen", "Solberg", "Mensah", "Andrade", "Ozols", "Santos",
         "Trabelsi", "Rahman", "Rojas", "Beridze", "Nowak", "Costa", "Aliyev", "Tanaka", "Silva"]
_ROLES = ["finance minister", "central bank governor", "port authority director",
          "energy minister", "mayor", "health minister", "transport minister",
          "trade union leader", "opposition leader", "chief economist at the national bank"]
_BODIES = ["the Ministry of Finance", "the National Statistics Office", "the central bank",
           "the World Bank", "the International Monetary Fund", "the European Commission",
           "the state railway company", "the national electoral commission"]
_TOPICS = [
    ("grain exports", "tonnes of grain", "shipments"),
    ("electricity prices", "megawatt hours", "tariffs"),
    ("bus fares", "passengers a day", "routes"),
    ("fishing quotas", "tonnes of fish", "licences"),
    ("coffee harvest", "bags of coffee", "growers"),
    ("hospital waiting lists", "patients", "clinics"),
    ("copper output", "tonnes of copper", "mines"),
    ("tourist arrivals", "visitors", "hotels"),
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_VERBS = ["said", "told reporters", "said in a statement", "told a news conference"]


def generate_story(i: int, rng: random.Random) -> tuple[str, str]:
    """One invented wire story (text, ISO publication date); varied layout, length, names.

    Used when ../shared is absent: realistic in shape (headline, agency dateline, quotes,
    relative and absolute dates, several people and places) so the flow does its full work.
    """
    city, country = rng.choice(_PLACES)
    other_city, other_country = rng.choice(_PLACES)
    agency, lead = rng.choice(_AGENCIES)
    names = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(3)]
    role, role2 = rng.sample(_ROLES, 2)
    body_org = rng.choice(_BODIES)
    topic, unit, thing = rng.choice(_TOPICS)
    published = dt.date(rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28))
    month, weekday = _MONTHS[published.month - 1], _WEEKDAYS[published.weekday()]
    pct, amount = rng.randint(2, 40), rng.randint(10, 990) * 100
    up = rng.random() < 0.5
    dateline = lead.format(CITY=city.upper(), City=city, Country=country, Month=month,
                           day=published.day)
    headline = f"{country} {topic} {'rise' if up else 'fall'} {pct}% as {thing} {'expand' if up else 'shrink'}"
    paragraphs = [
        f"{dateline}{country}'s {topic} {'rose' if up else 'fell'} {pct} percent to {amount:,} "
        f"{unit} in {month}, {body_org} said on {weekday}, the {'largest' if up else 'steepest'} "
        f"change since {published.year - rng.randint(1, 6)}.",
        f'"We expect {thing} to keep adjusting over the next three months," {role} {names[0]} '
        f"{rng.choice(_VERBS)} in {city}, adding that a review would be published in "
        f"{_MONTHS[(published.month + 1) % 12]}.",
    ]
    extra = [
        f"{names[1]}, the {role2}, disagreed. \"This is not a recovery, it is a pause,\" "
        f"{names[1].split()[-1]} said, pointing to weaker figures in {other_city}, {other_country}.",
        f"Officials from {country} and {other_country} will meet in {other_city} next week to "
        f"discuss {thing}, according to a statement from {body_org}.",
        f"Figures for the first quarter of {published.year} showed a smaller change, and "
        f"analysts said the trend could reverse by the end of the year.",
        f"{names[2]}, who has covered {topic} for two decades, said on {weekday} that "
        f"the numbers for {month} {published.year - 1} had been revised twice.",
        f"The {role2} is due to brief parliament on {_WEEKDAYS[(published.weekday() + 2) % 7]}, "
        f"three days after the figures were released.",
        f'"Nobody in {city} wants a repeat of {published.year - 2}," {names[0].split()[-1]} added.',
    ]
    rng.shuffle(extra)
    paragraphs += extra[: rng.randint(1, len(extra))]
    paragraphs.append(f"Story {i + 1} of the benchmark series.")
    if agency == "Reuters":
        paragraphs.append(f"(Reporting by {names[2]}; Editing by {rng.choice(_FIRST)} {rng.choice(_LAST)})")
    return f"{headline}\n\n" + "\n\n".join(paragraphs) + "\n", published.isoformat()


# --------------------------------------------------------------------------------------
# Measuring child processes
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Measured:
    returncode: int
    wall_seconds: float
    max_rss_mb: float  # the largest single process (the child or any descendant it reaped)
    tree_rss_mb: float | None  # peak summed RSS of the child and its descendants (sampled)
    tree_pss_mb: float | None  # the same with PSS: shared pages split between their users
    cpu_seconds: float  # user + system CPU of the child and every descendant (sampled + rusage)
    #: the largest single process's RSS, peak in each quarter of the run (sampled): whether
    #: memory keeps climbing as the run goes on, which one peak number cannot tell
    largest_rss_by_quarter_mb: list[float] | None
    stdout: str
    stderr: str


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tree_memory(pid: int, cpu: dict[int, float] | None = None) -> tuple[int, int | None, int] | None:
    """(RSS, PSS) bytes of ``pid`` plus all its descendants now, and the RSS of the largest
    of them, from /proc; None off Linux.

    ``cpu`` (pid -> CPU seconds so far) is updated for every process of the tree, so CPU
    used by workers that a non-waiting parent never reaps is still counted.

    Summed RSS counts pages shared by forked workers (the model's weights, the interpreter)
    once per process, so it overstates a multi-process tree; PSS charges each shared page
    to its users in equal parts and sums to what the tree really holds.
    """
    if not os.path.exists(f"/proc/{pid}/statm"):
        return None
    rss, pss, largest, todo, seen = 0, 0, 0, [pid], set()
    pss_ok = True
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as fh:
                own = int(fh.read().split()[1]) * _PAGE
            rss += own
            largest = max(largest, own)
            if cpu is not None:
                with open(f"/proc/{p}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                cpu[p] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue  # the process ended while we looked
        if pss_ok:
            try:
                with open(f"/proc/{p}/smaps_rollup") as fh:
                    pss += next(int(x.split()[1]) for x in fh if x.startswith("Pss:")) * 1024
            except (FileNotFoundError, ProcessLookupError):
                pass  # ended meanwhile
            except (OSError, StopIteration, ValueError):
                pss_ok = False  # no smaps_rollup (old kernel) or not allowed to read it
    return rss, (pss if pss_ok else None), largest


def measure(cmd: list[str], env: dict[str, str], logdir: Path, name: str, timeout: float) -> Measured:
    """Run ``cmd``; wall time, its peak process-tree memory (sampled) and max single-process RSS.

    ``os.wait4`` returns the child's own rusage, whose ``ru_maxrss`` already covers the
    descendants it waited for (spaCy's ``n_process`` workers, Prefect's server), and does not
    mix in earlier children of this process as ``RUSAGE_CHILDREN`` would.
    """
    logdir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logdir / f"{name}.stdout", logdir / f"{name}.stderr"
    rss_peak = pss_peak = 0  # 0: never measured (no /proc)
    cpu: dict[int, float] = {}
    largest: list[tuple[float, int]] = []  # (seconds since start, largest process RSS)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                raise BenchmarkError(f"{name}: timed out after {timeout:.0f}s: {' '.join(cmd)}")
            now = _tree_memory(proc.pid, cpu)
            if now is not None:
                rss_peak = max(rss_peak, now[0])
                pss_peak = max(pss_peak, now[1] or 0)
                largest.append((time.perf_counter() - started, now[2]))
            time.sleep(0.05)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Measured(
        returncode=proc.returncode,
        wall_seconds=round(wall, 3),
        max_rss_mb=round(usage.ru_maxrss * scale / 2**20, 1),
        tree_rss_mb=round(rss_peak / 2**20, 1) if rss_peak else None,
        tree_pss_mb=round(pss_peak / 2**20, 1) if pss_peak else None,
        cpu_seconds=round(max(sum(cpu.values()), usage.ru_utime + usage.ru_stime), 2),
        largest_rss_by_quarter_mb=_by_quarter(largest, wall),
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
    )


def _by_quarter(samples: list[tuple[float, int]], wall: float) -> list[float] | None:
    """Peak of the samples in each quarter of ``wall`` seconds, in MB (None: no samples)."""
    peaks = [0] * 4
    for t, value in samples:
        q = min(3, int(4 * t / wall)) if wall > 0 else 0
        peaks[q] = max(peaks[q], value)
    return [round(v / 2**20, 1) for v in peaks] if any(peaks) else None


def _check(m: Measured, what: str) -> None:
    if m.returncode != 0:
        tail = "\n".join(m.stderr.strip().splitlines()[-15:])
        raise BenchmarkError(f"{what} exited with code {m.returncode}:\n{tail}")


# --------------------------------------------------------------------------------------
# Bare spaCy (child process)
# --------------------------------------------------------------------------------------


def _bare_main(texts_path: str, model: str, batch_size: int, n_process: int, out_path: str) -> None:
    """Child-process entry: load the flow's pipeline, time ``nlp.pipe`` over the texts."""
    from storywire.tasks.enrich.entities import load_nlp

    t0 = time.perf_counter()
    nlp = load_nlp(model)
    load = time.perf_counter() - t0
    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    t1 = time.perf_counter()
    docs = tokens = ents = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        docs += 1
        tokens += len(doc)
        ents += len(doc.ents)
    pipe = time.perf_counter() - t1
    Path(out_path).write_text(json.dumps(
        {"load_seconds": load, "pipe_seconds": pipe, "docs": docs, "tokens": tokens,
         "entities": ents, "pipe_names": nlp.pipe_names}
    ), encoding="utf-8")


# --------------------------------------------------------------------------------------
# Warehouse look-ups and queries
# --------------------------------------------------------------------------------------


def _connect(warehouse: Path):
    import duckdb

    db = warehouse / "warehouse.duckdb"
    if not db.is_file():
        raise BenchmarkError(f"no {db}: the ingest flow did not build the warehouse")
    return duckdb.connect(str(db), read_only=True)


def _last_run(warehouse: Path) -> dict:
    con = _connect(warehouse)
    try:
        cur = con.execute(
            "select run_id, status, files_seen, stories_ingested, skipped, duplicates, entities,"
            " timexes, quotes, words, seconds from runs order by started_at desc limit 1"
        )
        row = cur.fetchone()
        cols = [d[0] for d in cur.description]
    finally:
        con.close()
    if row is None:
        raise BenchmarkError(f"no run recorded in {warehouse}")
    return dict(zip(cols, row, strict=True))


def _enriched_texts(warehouse: Path) -> tuple[list[str], int, int]:
    """Headlines and bodies exactly as the flow piped them; (texts, stories, body words)."""
    con = _connect(warehouse)
    try:
        rows = con.execute(
            "select headline, body, word_count from stories"
            " where language is null or language = 'en' order by source_uri, item_key"
        ).fetchall()
    finally:
        con.close()
    texts = [t for h, b, _ in rows for t in (h, b) if t and t.strip()]
    return texts, len(rows), sum(w or 0 for _, _, w in rows)


def _query_params(con) -> dict:
    """Pick query arguments from the data, so each query returns rows on any corpus."""
    place = con.execute(
        "select entity_key from entities where label in ('GPE', 'LOC') and entity_key is not null"
        " group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()
    lo, hi = con.execute(
        "select quantile_disc(published_date, 0.1), quantile_disc(published_date, 0.9)"
        " from stories where published_date is not null"
    ).fetchone()
    today = dt.date.today()
    return {"place": place[0] if place else "", "start": lo or dt.date(1900, 1, 1), "end": hi or today}


QUERIES: tuple[tuple[str, str], ...] = (
    (
        "entity counts per week",
        "select date_trunc('week', s.published_date) as week, e.label, count(*) as mentions"
        " from entities e join stories s using (story_id)"
        " where s.published_date is not null group by all order by week, label",
    ),
    (
        "stories mentioning a place in a date range",
        "select s.story_id, s.published_date, s.headline from stories s"
        " where s.published_date between $start and $end and exists ("
        " select 1 from entities e where e.story_id = s.story_id and e.entity_key = $place)"
        " order by s.published_date",
    ),
    (
        "most quoted speakers",
        "select coalesce(speaker_canonical, speaker) as speaker, count(*) as quotes,"
        " count(distinct story_id) as stories from quotes"
        " where speaker is not null group by 1 order by quotes desc, speaker limit 20",
    ),
)


def time_queries(warehouse: Path, repeats: int = QUERY_REPEATS) -> list[dict]:
    """Each typical query run ``repeats`` times on one connection; median latency in ms."""
    con = _connect(warehouse)
    try:
        params = _query_params(con)
        out = []
        for name, sql in QUERIES:
            args = {k: v for k, v in params.items() if f"${k}" in sql}
            runs, rows = [], 0
            for _ in range(repeats):
                t0 = time.perf_counter()
                rows = len(con.execute(sql, args).fetchall())
                runs.append((time.perf_counter() - t0) * 1000)
            out.append({
                "name": name,
                "sql": sql,
                "params": {k: str(v) for k, v in args.items()},
                "rows": rows,
                "median_ms": round(statistics.median(runs), 2),
                "runs_ms": [round(r, 2) for r in runs],
            })
    finally:
        con.close()
    return out


# --------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------


def _per_s(n: float, seconds: float) -> float:
    return round(n / seconds, 2) if seconds > 0 else 0.0


def _flow_env(prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_", "PREFECT_UI_"))}
    env.update({
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": env.get("PREFECT_LOGGING_LEVEL", "WARNING"),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    })
    return env


def _storywire_exe() -> str:
    exe = Path(sys.executable).with_name("storywire")
    found = str(exe) if exe.exists() else shutil.which("storywire")
    if not found:
        raise BenchmarkError("the storywire console script is not installed next to this Python")
    return found


def run_benchmark(
    stories: int = 1000,
    processes: int = 1,
    workdir: Path | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = 32,
    json_out: Path | None = None,
    *,
    source: str = "auto",
    corpora: Path = DEFAULT_CORPORA,
    timeout: float = 4 * 3600,
) -> dict:
    """Measure bare spaCy, the ingest flow, an incremental re-run and queries; return a dict.

    ``workdir`` gets ``input/`` (the raw files), ``warehouse/``, ``prefect-home/`` and
    ``logs/``; it must be empty or absent (a temporary folder when None, deleted after).
    The same dict is written as JSON to ``json_out`` when given.
    """
    if stories < 1 or processes < 1 or batch_size < 1:
        raise ValueError("stories, processes and batch_size must be >= 1")
    cleanup = workdir is None
    work = Path(tempfile.mkdtemp(prefix="storywire-bench-")) if workdir is None else Path(workdir)
    if work.exists() and any(work.iterdir()):
        raise BenchmarkError(f"workdir {work} is not empty: a benchmark needs a fresh warehouse")
    try:
        result = _run(work, stories, processes, model, batch_size, source, corpora, timeout)
    finally:
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)
    if json_out is not None:
        Path(json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(json_out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def _run(
    work: Path, n: int, processes: int, model: str, batch_size: int, source: str, corpora: Path,
    timeout: float,
) -> dict:
    import spacy

    inp, wh, logs = work / "input", work / "warehouse", work / "logs"
    load_before = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []
    written = write_input(inp, n, source=source, corpora=corpora)
    env = _flow_env(work / "prefect-home")
    cmd = [_storywire_exe(), "ingest", str(inp), "--warehouse", str(wh), "--processes",
           str(processes), "--batch-size", str(batch_size), "--model", model, "--no-progress"]

    # 2. The flow, end to end.
    first = measure(cmd, env, logs, "flow-1", timeout)
    _check(first, "storywire ingest (first run)")
    run1 = _last_run(wh)
    # 3. The same unchanged folder again.
    second = measure(cmd, env, logs, "flow-2", timeout)
    _check(second, "storywire ingest (second run)")
    run2 = _last_run(wh)

    # 1. Bare spaCy over the headlines and bodies the flow piped (run after the flow only
    # because it needs the flow's extraction; the two never overlap in time).
    texts, n_stories, words = _enriched_texts(wh)
    texts_path, bare_out = work / "bare_texts.json", work / "bare_result.json"
    texts_path.write_text(json.dumps(texts), encoding="utf-8")
    bare_cmd = [sys.executable, "-c",
                "import sys; from storywire.flows.bench import _bare_main; "
                "_bare_main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])",
                str(texts_path), model, str(batch_size), str(processes), str(bare_out)]
    bare = measure(bare_cmd, {**os.environ}, logs, "bare-spacy", timeout)
    _check(bare, "bare spaCy")
    bare_res = json.loads(bare_out.read_text(encoding="utf-8"))
    texts_path.unlink()

    # 4. Queries.
    queries = time_queries(wh)

    flow_seconds = float(run1["seconds"])
    bare_seconds = round(bare_res["pipe_seconds"], 3)
    bare_wps = _per_s(words, bare_seconds)
    flow_wps = _per_s(words, flow_seconds)
    return {
        "benchmark": "storywire bench",
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "spacy": spacy.__version__,
                    # Other work on the machine slows every step alike; shown so runs compare.
                    "load_average_at_start": load_before},
        "params": {"stories": n, "processes": processes, "batch_size": batch_size, "model": model,
                   "workdir": str(work)},
        "input": {**written, "stories_ingested": int(run1["stories_ingested"]),
                  "enriched_stories": n_stories, "words": words, "texts_piped": len(texts)},
        "bare_spacy": {
            "seconds": bare_seconds,
            "load_seconds": round(bare_res["load_seconds"], 3),
            "process_wall_seconds": bare.wall_seconds,
            "words": words,
            "stories": n_stories,
            "docs": bare_res["docs"],
            "tokens": bare_res["tokens"],
            "entities": bare_res["entities"],
            "pipe_names": bare_res["pipe_names"],
            "words_per_s": bare_wps,
            "stories_per_s": _per_s(n_stories, bare_seconds),
            "peak_rss_mb": bare.max_rss_mb,
            "peak_tree_rss_mb": bare.tree_rss_mb,
            "largest_rss_by_quarter_mb": bare.largest_rss_by_quarter_mb,
            "peak_tree_pss_mb": bare.tree_pss_mb,
            "process_cpu_seconds": bare.cpu_seconds,
        },
        "flow": {
            "seconds": flow_seconds,
            "wall_seconds": first.wall_seconds,
            "startup_seconds": round(first.wall_seconds - flow_seconds, 3),
            "run_id": run1["run_id"],
            "status": run1["status"],
            "files_seen": int(run1["files_seen"]),
            "stories": int(run1["stories_ingested"]),
            "words": int(run1["words"]),
            "duplicates": int(run1["duplicates"]),
            "entities": int(run1["entities"]),
            "timexes": int(run1["timexes"]),
            "quotes": int(run1["quotes"]),
            "words_per_s": flow_wps,
            "stories_per_s": _per_s(n_stories, flow_seconds),
            "wall_words_per_s": _per_s(words, first.wall_seconds),
            "peak_rss_mb": first.max_rss_mb,
            "peak_tree_rss_mb": first.tree_rss_mb,
            "peak_tree_pss_mb": first.tree_pss_mb,
            "largest_rss_by_quarter_mb": first.largest_rss_by_quarter_mb,
            "process_cpu_seconds": first.cpu_seconds,
            "summary_line": first.stdout.strip().splitlines()[-1] if first.stdout.strip() else "",
        },
        "ratio": {
            "flow_over_bare_words_per_s": round(flow_wps / bare_wps, 4) if bare_wps else 0.0,
            "flow_wall_over_bare_words_per_s": (
                round(_per_s(words, first.wall_seconds) / bare_wps, 4) if bare_wps else 0.0
            ),
        },
        "incremental": {
            "seconds": float(run2["seconds"]),
            "wall_seconds": second.wall_seconds,
            "files_seen": int(run2["files_seen"]),
            "files_skipped": int(run2["skipped"]),
            "stories_ingested": int(run2["stories_ingested"]),
            "share_of_first": round(float(run2["seconds"]) / flow_seconds, 4) if flow_seconds else 0.0,
            "wall_share_of_first": round(second.wall_seconds / first.wall_seconds, 4),
            "peak_rss_mb": second.max_rss_mb,
            "peak_tree_rss_mb": second.tree_rss_mb,
            "peak_tree_pss_mb": second.tree_pss_mb,
            "process_cpu_seconds": second.cpu_seconds,
        },
        "queries": queries,
    }


def format_benchmark(result: dict) -> str:
    """The benchmark as a plain-text table (what ``storywire bench`` prints)."""
    p, i = result["params"], result["input"]
    b, f, inc, r = result["bare_spacy"], result["flow"], result["incremental"], result["ratio"]

    def cpu(d: dict) -> str:
        return f"{d['process_cpu_seconds']:.1f}" if d.get("process_cpu_seconds") is not None else "-"

    def rss(d: dict) -> str:
        trees = [d.get("peak_tree_pss_mb"), d.get("peak_tree_rss_mb")]
        return " / ".join(f"{v:.0f}" if v else "-" for v in [d["peak_rss_mb"], *trees])

    def quarters(d: dict) -> str:
        values = d.get("largest_rss_by_quarter_mb")
        return " / ".join(f"{v:.0f}" for v in values) if values else "-"

    rows = [
        ("", "seconds", "words/s", "stories/s", "CPU s", "peak MB: max proc RSS / tree PSS / tree RSS"),
        ("1. bare spaCy nlp.pipe", f"{b['seconds']:.2f}", f"{b['words_per_s']:,.0f}",
         f"{b['stories_per_s']:,.1f}", "", rss(b)),
        ("   bare spaCy (process, with load)", f"{b['process_wall_seconds']:.2f}", "", "",
         cpu(b), ""),
        ("2. ingest flow (in-flow time)", f"{f['seconds']:.2f}", f"{f['words_per_s']:,.0f}",
         f"{f['stories_per_s']:,.1f}", "", rss(f)),
        ("   ingest flow (subprocess wall)", f"{f['wall_seconds']:.2f}",
         f"{f['wall_words_per_s']:,.0f}", "", cpu(f), ""),
        ("3. re-run, unchanged (in-flow)", f"{inc['seconds']:.2f}", "", "", "", rss(inc)),
        ("   re-run, unchanged (wall)", f"{inc['wall_seconds']:.2f}", "", "", cpu(inc), ""),
    ]
    widths = [max(len(row[c]) for row in rows) for c in range(6)]
    lines = [
        f"storywire bench: {i['files']} {i['source']} stories ({i['words']:,} words, "
        f"{i['texts_piped']} texts piped), {p['processes']} process(es), batch {p['batch_size']}, "
        f"{p['model']}, {result['machine']['cpus']} CPUs, load average at start "
        f"{', '.join(str(x) for x in result['machine']['load_average_at_start'])}",
        "",
    ]
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(widths[k]) if k == 0 else c.rjust(widths[k])
                               for k, c in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        f"flow / bare words/s: {r['flow_over_bare_words_per_s']:.2f} "
        f"(wall time: {r['flow_wall_over_bare_words_per_s']:.2f}); the flow's start-up and "
        f"shut-down (interpreter, imports, Prefect temporary server) took {f['startup_seconds']:.1f}s",
        f"re-run skipped {inc['files_skipped']}/{inc['files_seen']} files in "
        f"{inc['share_of_first']:.1%} of the first run's in-flow time "
        f"({inc['wall_share_of_first']:.1%} of its wall time)",
        f"flow found {f['entities']:,} entities, {f['timexes']:,} dates, {f['quotes']:,} quotes, "
        f"{f['duplicates']} duplicates; status {f['status']}",
        f"largest process RSS, peak per quarter of the run (MB): flow {quarters(f)}; "
        f"bare spaCy {quarters(b)}",
        "",
        f"DuckDB queries (median of {len(result['queries'][0]['runs_ms']) if result['queries'] else 0}):",
    ]
    for q in result["queries"]:
        lines.append(f"  {q['name']:<45} {q['median_ms']:>9.1f} ms  {q['rows']:>6} rows")
    return "\n".join(lines)
