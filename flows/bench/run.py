"""The benchmark's run: input, the flow twice, bare spaCy over the flow's texts, queries;
one result dict (and JSON file) with every number.

A mixed run (``source="mixed"``: English stories with Russian and French ones interleaved)
measures the flow over all of them, then each language's stories ingested alone, for the
words/s of each language. Bare spaCy stays the English model over the English stories: the
flow/bare ratio of a mixed run is that of the English stories ingested alone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

from storywire.flows import settings
from storywire.flows.bench.errors import BenchmarkError
from storywire.flows.bench.inputs import DEFAULT_CORPORA, MIXED, write_input, write_long_inputs
from storywire.flows.bench.measure import check_exit, measure
from storywire.flows.bench.queries import enriched_texts, last_run, time_queries

#: The long-input cases issue #15 sets targets for: a 4.9 MB story, 100,000 short lines.
LONG_STORIES = (4_900_000, 100_000)


def _per_s(n: float, seconds: float) -> float:
    return round(n / seconds, 2) if seconds > 0 else 0.0


def _flow_env(prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_", "PREFECT_UI_"))}
    env.update(
        {
            "PREFECT_HOME": str(prefect_home),
            "PREFECT_LOGGING_LEVEL": env.get("PREFECT_LOGGING_LEVEL", "WARNING"),
        }
    )
    return env


def prepare_prefect_home(env: dict[str, str], logs: Path) -> float:
    """Create the Prefect database of the benchmark's own Prefect home, before any measured
    run; returns its seconds. A machine does this once, at its first flow run ever (about 6 s
    more than a later start of the temporary server): measured apart, so the runs measure the
    start-up an operator meets every day."""
    prefect = Path(sys.executable).with_name("prefect")
    m = measure([str(prefect), "server", "database", "upgrade", "-y"], env, logs, "prefect-database", 600)
    check_exit(m, "prefect server database upgrade")
    return m.wall_seconds


def _storywire_exe() -> str:
    exe = Path(sys.executable).with_name("storywire")
    found = str(exe) if exe.exists() else shutil.which("storywire")
    if not found:
        raise BenchmarkError("the storywire console script is not installed next to this Python")
    return found


def ingest_command(source: str, warehouse: Path, processes: int, batch_size: int, model: str) -> list[str]:
    """The ``storywire ingest`` command line every benchmark run measures."""
    return [_storywire_exe(), "ingest", source, "--warehouse", str(warehouse), "--processes", str(processes),
            "--batch-size", str(batch_size), "--model", model, "--no-progress"]


def run_benchmark(
    stories: int = 1000,
    processes: int = settings.PROCESSES,
    workdir: Path | None = None,
    model: str = settings.DEFAULT_MODEL,
    batch_size: int = settings.BATCH_SIZE,
    json_out: Path | None = None,
    *,
    source: str = "auto",
    corpora: Path = DEFAULT_CORPORA,
    timeout: float = 4 * 3600,
    long_stories: tuple[int, int] | None = LONG_STORIES,
) -> dict:
    """Measure bare spaCy, the ingest flow, an incremental re-run and queries; return a dict.

    ``source``: "auto", "corpus", "generated" or "mixed" (``inputs.write_input``); a mixed
    run also ingests each language's stories alone (``result["languages"]``).

    ``long_stories`` = (bytes of one long prose story, number of short lines in one file):
    each is ingested alone too, to measure the largest process's memory on it (what bounded
    NER pieces keep flat); None skips them.

    ``workdir`` gets ``input/`` (the raw files), ``warehouse/``, ``prefect-home/`` and
    ``logs/`` (and ``input-<language>/``, ``warehouse-<language>/`` for a mixed run); it
    must be empty or absent (a temporary folder when None, deleted after).
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
        if long_stories is not None:
            result["long_stories"] = _long_runs(
                work, long_stories, processes, model, batch_size, timeout
            )
    finally:
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)
    if json_out is not None:
        Path(json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(json_out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def _long_runs(
    work: Path, sizes: tuple[int, int], processes: int, model: str, batch_size: int, timeout: float
) -> dict[str, dict]:
    """Each long input ingested alone into a warehouse of its own: the NER worker's peak, the
    largest process's (the flow's own, which cleans the story), and what the run stored."""
    inputs = write_long_inputs(work / "long-input", *sizes)
    env = _flow_env(work / "prefect-home")
    out = {}
    for name, path in inputs.items():
        wh = work / f"warehouse-{name}"
        cmd = ingest_command(str(path.parent), wh, processes, batch_size, model)
        m = measure(cmd, env, work / "logs", f"long-{name}", timeout)
        check_exit(m, f"storywire ingest ({name})")
        run = last_run(wh)
        out[name] = {
            "bytes": path.stat().st_size,
            "lines": path.read_bytes().count(b"\n"),
            "stories": int(run["stories_ingested"]),
            "rejected": int(run["rejected"]),
            "entities": int(run["entities"]),
            "seconds": float(run["seconds"]),
            "wall_seconds": m.wall_seconds,
            "ner_worker_peak_rss_mb": m.ner_worker_rss_mb,
            "peak_rss_mb": m.max_rss_mb,
            "peak_tree_rss_mb": m.tree_rss_mb,
        }
    return out


def _run(
    work: Path,
    n: int,
    processes: int,
    model: str,
    batch_size: int,
    source: str,
    corpora: Path,
    timeout: float,
) -> dict:
    import spacy

    inp, wh, logs = work / "input", work / "warehouse", work / "logs"
    load_before = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []
    written = write_input(inp, n, source=source, corpora=corpora)
    env = _flow_env(work / "prefect-home")
    cmd = ingest_command(str(inp), wh, processes, batch_size, model)
    database_seconds = prepare_prefect_home(env, logs)

    # 2. The flow, end to end.
    first = measure(cmd, env, logs, "flow-1", timeout)
    check_exit(first, "storywire ingest (first run)")
    run1 = last_run(wh)
    # 3. The same unchanged folder again.
    second = measure(cmd, env, logs, "flow-2", timeout)
    check_exit(second, "storywire ingest (second run)")
    run2 = last_run(wh)

    # 1. Bare spaCy over the headlines and bodies the flow piped (run after the flow only
    # because it needs the flow's extraction; the two never overlap in time).
    texts, n_stories, words = enriched_texts(wh)
    texts_path, bare_out = work / "bare_texts.json", work / "bare_result.json"
    texts_path.write_text(json.dumps(texts), encoding="utf-8")
    bare_cmd = [
        sys.executable,
        "-c",
        "import sys; from storywire.flows.bench.measure import _bare_main; "
        "_bare_main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])",
        str(texts_path),
        model,
        str(batch_size),
        str(processes),
        str(bare_out),
    ]
    bare = measure(bare_cmd, {**os.environ}, logs, "bare-spacy", timeout)
    check_exit(bare, "bare spaCy")
    bare_res = json.loads(bare_out.read_text(encoding="utf-8"))
    texts_path.unlink()

    # 4. Queries.
    queries = time_queries(wh)

    flow_seconds = float(run1["seconds"])
    bare_seconds = round(bare_res["pipe_seconds"], 3)
    bare_wps = _per_s(words, bare_seconds)
    mixed = source == MIXED
    # A mixed run's flow reads every language; bare spaCy, the English stories only.
    flow_words = int(run1["words"]) if mixed else words
    flow_stories = int(run1["stories_ingested"]) if mixed else n_stories
    flow_wps = _per_s(flow_words, flow_seconds)
    languages = (
        _language_runs(work, n, written["languages"], processes, model, batch_size, corpora, timeout)
        if mixed
        else {}
    )
    # The ratio compares the same stories: a mixed run's English ones, ingested alone.
    if mixed and "en" in languages:
        ratio = _ratio(languages["en"], bare_wps, "English stories ingested alone")
    else:
        flow_side = {"words_per_s": flow_wps, "wall_words_per_s": _per_s(words, first.wall_seconds)}
        ratio = _ratio(flow_side, bare_wps, "all stories")
    return {
        "benchmark": "storywire bench",
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "spacy": spacy.__version__,
            # Other work on the machine slows every step alike; shown so runs compare.
            "load_average_at_start": load_before,
        },
        "params": {
            "stories": n,
            "processes": processes,
            "batch_size": batch_size,
            "model": model,
            "workdir": str(work),
        },
        "input": {
            **written,
            "stories_ingested": int(run1["stories_ingested"]),
            "enriched_stories": n_stories,
            "words": flow_words,
            "texts_piped": len(texts),
        },
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
            "prefect_database_seconds": database_seconds,  # once per machine, before the runs
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
            "stories_per_s": _per_s(flow_stories, flow_seconds),
            "wall_words_per_s": _per_s(flow_words, first.wall_seconds),
            "peak_rss_mb": first.max_rss_mb,
            "peak_tree_rss_mb": first.tree_rss_mb,
            "peak_tree_pss_mb": first.tree_pss_mb,
            "largest_rss_by_quarter_mb": first.largest_rss_by_quarter_mb,
            "process_cpu_seconds": first.cpu_seconds,
            "summary_line": first.stdout.strip().splitlines()[-1] if first.stdout.strip() else "",
        },
        "ratio": ratio,
        "languages": languages,
        "incremental": {
            "seconds": float(run2["seconds"]),
            "wall_seconds": second.wall_seconds,
            "files_seen": int(run2["files_seen"]),
            "files_skipped": int(run2["skipped"]),
            "stories_ingested": int(run2["stories_ingested"]),
            "share_of_first": round(float(run2["seconds"]) / flow_seconds, 4)
            if flow_seconds
            else 0.0,
            "wall_share_of_first": round(second.wall_seconds / first.wall_seconds, 4),
            "peak_rss_mb": second.max_rss_mb,
            "peak_tree_rss_mb": second.tree_rss_mb,
            "peak_tree_pss_mb": second.tree_pss_mb,
            "process_cpu_seconds": second.cpu_seconds,
        },
        "queries": queries,
    }


def _ratio(flow: dict, bare_wps: float, basis: str) -> dict:
    """The flow's words/s (in-flow and wall) over bare spaCy's, and over which stories."""
    return {
        "flow_over_bare_words_per_s": round(flow["words_per_s"] / bare_wps, 4) if bare_wps else 0.0,
        "flow_wall_over_bare_words_per_s": (
            round(flow["wall_words_per_s"] / bare_wps, 4) if bare_wps else 0.0
        ),
        "basis": basis,
    }


def _language_runs(
    work: Path,
    n: int,
    counts: dict[str, int],
    processes: int,
    model: str,
    batch_size: int,
    corpora: Path,
    timeout: float,
) -> dict[str, dict]:
    """Each language's stories of the mixed input (the same files), ingested alone into a
    warehouse of its own: the flow records its seconds per run, not per language, so a run
    per language is what gives each language's words/s."""
    env = _flow_env(work / "prefect-home")
    out = {}
    for lang in sorted(counts, key=lambda x: (x != "en", x)):
        folder, wh = work / f"input-{lang}", work / f"warehouse-{lang}"
        write_input(folder, n, source=MIXED, corpora=corpora, languages={lang})
        m = measure(ingest_command(str(folder), wh, processes, batch_size, model), env,
                    work / "logs", f"flow-{lang}", timeout)
        check_exit(m, f"storywire ingest ({lang} stories alone)")
        run = last_run(wh)
        seconds, words = float(run["seconds"]), int(run["words"])
        out[lang] = {
            "files": counts[lang],
            "stories": int(run["stories_ingested"]),
            "words": words,
            "seconds": seconds,
            "wall_seconds": m.wall_seconds,
            "words_per_s": _per_s(words, seconds),
            "wall_words_per_s": _per_s(words, m.wall_seconds),
            "entities": int(run["entities"]),
            "timexes": int(run["timexes"]),
            "quotes": int(run["quotes"]),
            "peak_tree_rss_mb": m.tree_rss_mb,
        }
    return out
