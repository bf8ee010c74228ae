"""The benchmark's result as the plain-text table ``storywire bench`` prints (a mixed-language
run adds each language's words/s, and its flow/bare ratio is over the English stories)."""

from __future__ import annotations


def format_benchmark(result: dict) -> str:
    """The benchmark as a plain-text table (what ``storywire bench`` prints)."""
    p, i = result["params"], result["input"]
    b, f, inc, r = result["bare_spacy"], result["flow"], result["incremental"], result["ratio"]
    languages = result.get("languages") or {}

    def cpu(d: dict) -> str:
        return (
            f"{d['process_cpu_seconds']:.1f}" if d.get("process_cpu_seconds") is not None else "-"
        )

    def rss(d: dict) -> str:
        trees = [d.get("peak_tree_pss_mb"), d.get("peak_tree_rss_mb")]
        return " / ".join(f"{v:.0f}" if v else "-" for v in [d["peak_rss_mb"], *trees])

    def quarters(d: dict) -> str:
        values = d.get("largest_rss_by_quarter_mb")
        return " / ".join(f"{v:.0f}" for v in values) if values else "-"

    rows = [
        (
            "",
            "seconds",
            "words/s",
            "stories/s",
            "CPU s",
            "peak MB: max proc RSS / tree PSS / tree RSS",
        ),
        (
            "1. bare spaCy nlp.pipe" + (" (English only)" if languages else ""),
            f"{b['seconds']:.2f}",
            f"{b['words_per_s']:,.0f}",
            f"{b['stories_per_s']:,.1f}",
            "",
            rss(b),
        ),
        (
            "   bare spaCy (process, with load)",
            f"{b['process_wall_seconds']:.2f}",
            "",
            "",
            cpu(b),
            "",
        ),
        (
            "2. ingest flow (in-flow time)",
            f"{f['seconds']:.2f}",
            f"{f['words_per_s']:,.0f}",
            f"{f['stories_per_s']:,.1f}",
            "",
            rss(f),
        ),
        (
            "   ingest flow (subprocess wall)",
            f"{f['wall_seconds']:.2f}",
            f"{f['wall_words_per_s']:,.0f}",
            "",
            cpu(f),
            "",
        ),
        ("3. re-run, unchanged (in-flow)", f"{inc['seconds']:.2f}", "", "", "", rss(inc)),
        ("   re-run, unchanged (wall)", f"{inc['wall_seconds']:.2f}", "", "", cpu(inc), ""),
    ]
    widths = [max(len(row[c]) for row in rows) for c in range(6)]
    lines = [
        f"storywire bench: {i['files']} {_source(i)} stories ({i['words']:,} words, "
        f"{i['texts_piped']} {'English ' if languages else ''}texts piped), "
        f"{p['processes']} process(es), batch {p['batch_size']}, "
        f"{p['model']}, {result['machine']['cpus']} CPUs, load average at start "
        f"{', '.join(str(x) for x in result['machine']['load_average_at_start'])}",
        "",
    ]
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                c.ljust(widths[k]) if k == 0 else c.rjust(widths[k]) for k, c in enumerate(row)
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        f"flow / bare words/s{_basis(r)}: {r['flow_over_bare_words_per_s']:.2f} "
        f"(wall time: {r['flow_wall_over_bare_words_per_s']:.2f}); the flow's start-up and "
        f"shut-down (interpreter, imports, Prefect temporary server) took {f['startup_seconds']:.1f}s "
        f"(before the runs, creating Prefect's database, once per machine: {f['prefect_database_seconds']:.1f}s)",
        f"re-run skipped {inc['files_skipped']}/{inc['files_seen']} files in "
        f"{inc['share_of_first']:.1%} of the first run's in-flow time "
        f"({inc['wall_share_of_first']:.1%} of its wall time)",
        f"flow found {f['entities']:,} entities, {f['timexes']:,} dates, {f['quotes']:,} quotes, "
        f"{f['duplicates']} duplicates; status {f['status']}",
        f"largest process RSS, peak per quarter of the run (MB): flow {quarters(f)}; "
        f"bare spaCy {quarters(b)}",
        *_language_lines(languages, b),
        "",
        f"DuckDB queries (median of {len(result['queries'][0]['runs_ms']) if result['queries'] else 0}):",
    ]
    for q in result["queries"]:
        lines.append(f"  {q['name']:<45} {q['median_ms']:>9.1f} ms  {q['rows']:>6} rows")
    long_runs = result.get("long_stories") or {}
    if long_runs:
        lines += ["", "Long inputs, each ingested alone (peak RSS):"]
    for name, d in long_runs.items():
        worker = d.get("ner_worker_peak_rss_mb")
        lines.append(
            f"  {name:<12} {d['bytes'] / 1e6:>5.1f} MB, {d['lines']:>7,} lines: NER worker "
            f"{f'{worker:,.0f} MB' if worker else '-'}, largest process {d['peak_rss_mb']:,.0f} MB, "
            f"tree {d['peak_tree_rss_mb'] or 0:,.0f} MB; {d['stories']} stories, {d['rejected']} "
            f"rejected, {d['entities']:,} entities in {d['seconds']:.1f}s"
        )
    return "\n".join(lines)


def _source(i: dict) -> str:
    """What the stories are: "corpus", "generated", or "mixed (en 24, ru 8, fr 8; English
    from corpus)"."""
    langs = i.get("languages") or {}
    if i["source"] != "mixed":
        return i["source"]
    counts = ", ".join(f"{k} {v}" for k, v in sorted(langs.items(), key=lambda kv: kv[0] != "en"))
    return f"mixed ({counts}; English from {i.get('english_source', '?')})"


def _basis(r: dict) -> str:
    """Over which stories the ratio is, when not over all of them."""
    basis = r.get("basis")
    return f" ({basis})" if basis and basis != "all stories" else ""


def _language_lines(languages: dict, bare: dict) -> list[str]:
    """Each language's stories ingested alone: in-flow seconds, words/s and wall time."""
    if not languages:
        return []
    lines = [
        "",
        "each language's stories ingested alone (in-flow time; bare spaCy read only the English "
        f"ones, {bare['words_per_s']:,.0f} words/s):",
    ]
    for lang, d in languages.items():
        lines.append(
            f"  {lang}  {d['stories']:>6} stories {d['words']:>9,} words {d['seconds']:>8.2f} s "
            f"{d['words_per_s']:>8,.0f} words/s  (wall {d['wall_seconds']:.1f} s, "
            f"{d['wall_words_per_s']:,.0f} words/s); {d['entities']:,} entities, "
            f"{d['timexes']:,} dates, {d['quotes']:,} quotes"
        )
    return lines


def format_stored(result: dict) -> str:
    """``storywire bench --stored N`` as a plain-text table."""
    p, b, ing, dd = result["params"], result["build"], result["ingest"], result["dedup"]
    built = (
        "cached"
        if b.get("cached")
        else f"built in {b['seconds']:.0f}s ({b['stories_per_s']:,.0f} stories/s)"
    )
    lines = [
        f"storywire bench --stored {result['stored']:,}: {result['input']['files']} {result['input']['source']} "
        f"stories ingested, {p['processes']} process(es), batch {p['batch_size']}, {p['model']}; "
        f"synthetic warehouse {built}",
        "",
        f"{'':<34}{'stored ' + format(result['stored'], ','):>16}{'empty':>12}",
        f"{'ingest s per 1,000 stories':<34}{result['per_1k_s']:>16.2f}{result['per_1k_s_empty']:>12.2f}",
        f"{'peak MB (tree PSS)':<34}{result['peak_mb'] or 0:>16.0f}{result['peak_mb_empty'] or 0:>12.0f}",
        f"{'peak MB (the flow process)':<34}{result.get('flow_peak_mb') or 0:>16.0f}"
        f"{result.get('flow_peak_mb_empty') or 0:>12.0f}",
        f"{'duplicates marked':<34}{ing['stored']['duplicates']:>16}{ing['empty']['duplicates']:>12}",
        f"{'dedup lookup s per chunk':<34}{result['dedup_per_chunk_s']:>16.3f}{result['dedup_per_chunk_s_empty']:>12.3f}",
        f"{'band index files / MB':<34}{dd['stored']['band_files']:>9} / {dd['stored']['band_mb']:<4.0f}"
        f"{dd['empty']['band_files']:>5} / {dd['empty']['band_mb']:<4.0f}",
        "",
        f"(dedup: a chunk of {dd['stored']['chunk']:,} stories' keys, window {dd['stored']['window_days']} days, "
        f"median of {len(dd['stored']['runs_s'])})",
        "",
        f"Queries on the stored warehouse (median of {len(result['queries'][0]['runs_ms']) if result['queries'] else 0}):",
    ]
    for q in result["queries"]:
        if q.get("median_ms") is None:
            lines.append(f"  {q['name']:<45} {'-':>9}     {q.get('skipped', '')}")
        else:
            lines.append(f"  {q['name']:<45} {q['median_ms']:>9.1f} ms  {q['rows']:>6} rows")
    lines += [
        "",
        "Targets: "
        + ", ".join(
            f"{k} {'-' if v is None else ('yes' if v else 'NO')}"
            for k, v in result["targets"].items()
        ),
    ]
    return "\n".join(lines)
