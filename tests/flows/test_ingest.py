"""The ingest flow end to end, through a real (temporary, loopback) Prefect API.

One warehouse is built from a folder holding every input kind and every kind of bad input;
the tests then check what landed in each table, that re-runs are idempotent and incremental,
that a changed file replaces its story, and that every input file is accounted for.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, lake_connection
from loopback import route_basic_auth, route_static, serve, serve_routes

from storywire.tasks.read.sources import sidecar_candidates

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

TASS_STYLE = """World

Harbour cranes return to Constanta after two-year refit

Port officials expect record grain exports through the Black Sea terminal
Cranes at the port of Constanta Romanian Ports Authority via Reuters
© Romanian Ports Authority via Reuters

CONSTANTA, March 14. /TASS/. Romania's largest port resumed full operations on Tuesday after a refit of its grain terminal, the Romanian Ports Authority said.

"The terminal can now load three ships at a time," the authority's director Mihai Dobrescu said at a briefing on Tuesday morning.

The port handled record volumes in the summer of 2022 and again in 2023, when shipments from neighbouring Ukraine were diverted through the Danube.
"""

SYNDICATED = TASS_STYLE.replace(
    "Harbour cranes return to Constanta after two-year refit",
    "Constanta port back at full capacity",
).replace("World\n\n", "")

REUTERS_STYLE = """Chilean lithium output hits record as new brine ponds open

SANTIAGO, June 3, 2024 (Reuters) - Chile's lithium production rose to a record in May as two new evaporation ponds came online in the Atacama salt flat, the state copper and minerals agency said on Monday.

Output reached 22,400 tonnes of lithium carbonate equivalent, up 9% from April, agency head Claudia Rojas told reporters in Santiago.

"Demand from battery makers in Asia remains strong," Rojas said.

(Reporting by Ana Lopez; Editing by Mark Heinrich)
"""

FEB30 = """Parliament session moved after storm

TBILISI, February 30 (Interfax) - Georgia's parliament moved its spring session to the capital's old opera house after a storm damaged the roof of the assembly hall, the speaker's office said.
"""

HEADER_ONLY = "All news\n\nMinister resigns over procurement scandal\n"


def _build_inputs(root: Path) -> dict[str, Path]:
    """A source folder with every input kind and every bad input."""
    root.mkdir()
    files = {
        "tass": root / "tass_constanta.txt",
        "syndicated": root / "syndicated_constanta.txt",
        "reuters": root / "reuters_lithium.txt",
        "feb30": root / "interfax_feb30.txt",
        "header_only": root / "header_only.txt",
        "empty": root / "empty.txt",
        "binary": root / "photo.jpg",
        "too_large": root / "huge.txt",
        "damaged": root / "damaged_utf8.txt",
        "outside_link": root / "outside_link.txt",
        "broken_link": root / "broken_link.txt",
    }
    files["tass"].write_text(TASS_STYLE)
    (root / "tass_constanta.meta.json").write_text(json.dumps({"published": "2023-03-14T08:30:00+02:00"}))
    files["syndicated"].write_text(SYNDICATED)
    files["reuters"].write_text(REUTERS_STYLE)
    files["feb30"].write_text(FEB30)
    files["header_only"].write_text(HEADER_ONLY)
    files["empty"].write_text("  \n\n")
    files["binary"].write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8)
    files["too_large"].write_text("Long story. " * 20_000)  # ~240 kB, over the test limit
    outside = root.parent / "outside.txt"  # a real story, but not in the source folder
    outside.write_text(REUTERS_STYLE)
    files["outside_link"].symlink_to(outside)
    files["broken_link"].symlink_to(root / "moved_away.txt")
    # Two invalid bytes in otherwise good UTF-8 (with a curly apostrophe that must survive).
    files["damaged"].write_bytes(
        REUTERS_STYLE.replace("agency head", "agency\u2019s head").encode().replace(b"Chile's", b"Chile\xff\xfes")
    )
    # Every other input kind the project has fixtures for: HTML, feeds, legacy encodings, wire formats.
    for sub in ("wire", "html", "feeds", "encodings"):
        src = FIXTURES / sub
        if src.exists():
            for f in sorted(src.iterdir()):
                if f.is_file():
                    shutil.copy(f, root / f"{sub}__{f.name}")
    return files


def _ingest(sources, warehouse, **kw):
    from storywire.flows.ingest import RunSummary, ingest

    return RunSummary(**ingest(sources=[str(s) for s in sources], warehouse=str(warehouse),
                               max_bytes=100_000, **kw))


def _con(warehouse: Path) -> duckdb.DuckDBPyConnection:
    return lake_connection(warehouse)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("ingest")
    files = _build_inputs(base / "in")
    wh = base / "wh"
    first = _ingest([base / "in"], wh)
    return base, files, wh, first


def test_every_input_file_is_accounted_for(built):
    base, _, wh, s = built
    names = [p.name for p in (base / "in").iterdir()]
    claimed = {c for n in names if not n.endswith(".meta.json") for c in sidecar_candidates(n)}
    n_files = sum(1 for n in names if n not in claimed)  # a sidecar with no story is an input
    assert s.files_seen == n_files
    assert s.files_ingested + s.files_rejected + s.files_skipped + s.files_listed == n_files
    con = _con(wh)
    manifest = con.execute("select count(*) from sources").fetchone()[0]
    assert manifest == n_files
    assert con.execute("select count(distinct source_uri) from stories").fetchone()[0] == s.files_ingested


@pytest.mark.parametrize(
    "name, reason",
    [("empty", "empty"), ("binary", "binary"), ("too_large", "too_large"), ("header_only", "no_body"),
     ("outside_link", "symlink_outside_source"), ("broken_link", "not_a_file")],
)
def test_bad_inputs_are_rejected_with_a_reason(built, name, reason):
    _, files, wh, _ = built
    rows = _con(wh).execute(
        "select reason, detail from rejects where source_uri = ?", [str(files[name])]
    ).fetchall()
    assert [r[0] for r in rows] == [reason]
    assert rows[0][1]  # a human-readable detail


def test_tass_story_structure_and_sidecar_date(built):
    _, files, wh, _ = built
    row = _con(wh).execute(
        "select headline, subheadline, caption, credit, dateline_place, agency, lede, "
        "published_date, published_date_source, language, word_count "
        "from stories where source_uri = ?",
        [str(files["tass"])],
    ).fetchone()
    headline, sub, caption, credit, place, agency, lede, date, date_source, lang, words = row
    assert headline == "Harbour cranes return to Constanta after two-year refit"
    assert sub.startswith("Port officials expect record grain exports")
    assert caption.startswith("Cranes at the port of Constanta")
    assert "Romanian Ports Authority" in credit
    assert place == "Constanta" and agency == "TASS"
    assert lede.startswith("Romania's largest port resumed") and "/TASS/" not in lede
    assert str(date) == "2023-03-14" and date_source == "metadata"
    assert lang == "en" and 50 < words < 120


def test_reuters_trailer_removed_and_dateline_year_used(built):
    _, files, wh, _ = built
    body, date, source, trailers = _con(wh).execute(
        "select body, published_date, published_date_source, trailers from stories where source_uri = ?",
        [str(files["reuters"])],
    ).fetchone()
    assert "Reporting by" not in body and any("Reporting by" in t for t in trailers)
    assert str(date) == "2024-06-03" and source == "dateline"


def test_impossible_dateline_date_is_kept_and_flagged(built):
    _, files, wh, _ = built
    date, warnings, place = _con(wh).execute(
        "select published_date, warnings, dateline_place from stories where source_uri = ?",
        [str(files["feb30"])],
    ).fetchone()
    assert place == "Tbilisi"
    assert "invalid_dateline_date" in warnings
    assert date is None or (date.month, date.day) != (3, 2)  # never rolled over into March


def test_invalid_utf8_bytes_are_repaired_and_the_rest_kept(built):
    _, files, wh, _ = built
    body, warnings = _con(wh).execute(
        "select body, warnings from stories where source_uri = ?", [str(files["damaged"])]
    ).fetchone()
    assert "lithium carbonate equivalent" in body and "Claudia Rojas" in body
    assert any(w.startswith(("invalid_utf8", "decoded_from")) for w in warnings)


def test_syndicated_copy_points_at_the_first_copy_seen(built):
    _, files, wh, s = built
    con = _con(wh)
    first, second = sorted([files["tass"], files["syndicated"]])  # sources are read in sorted order

    def row(path):
        return con.execute("select story_id, duplicate_of, duplicate_kind from stories where source_uri = ?",
                           [str(path)]).fetchone()

    root_id, root_dup, _ = row(first)
    _, dup_of, kind = row(second)
    assert root_dup is None and dup_of == root_id and kind in ("exact", "near")
    assert s.duplicates >= 1


def test_entities_timexes_and_quotes_are_filled(built):
    _, files, wh, _ = built
    con = _con(wh)
    sid = con.execute("select story_id from stories where source_uri = ?", [str(files["tass"])]).fetchone()[0]
    ents = con.execute(
        "select e.text, e.label, e.canonical, e.start_char, e.end_char, s.body from entities e "
        "join stories s using (story_id) where story_id = ? and e.field = 'body'", [sid]
    ).fetchall()
    assert ents and all(body[a:b] == text for text, _, _, a, b, body in ents)
    assert any(label == "PERSON" and "Dobrescu" in canon for _, label, canon, *_ in ents)
    values = {r[0] for r in con.execute("select value from timexes where story_id = ?", [sid]).fetchall()}
    assert "2022-SU" in values
    quotes = con.execute("select speaker_canonical, verb from quotes where story_id = ?", [sid]).fetchall()
    assert any(q[0] and "Dobrescu" in q[0] and q[1] == "say" for q in quotes)


def test_rerun_is_idempotent_and_skips_everything(built):
    base, _, wh, first = built
    before = _snapshot(wh)
    again = _ingest([base / "in"], wh)
    assert again.files_skipped == again.files_seen == first.files_seen
    assert again.stories == 0 and again.rejects == 0
    assert _snapshot(wh) == before
    assert _con(wh).execute("select count(*) from runs").fetchone()[0] == 2


def test_changed_file_replaces_its_story(built):
    base, files, wh, _ = built
    before = _snapshot(wh)
    text = files["reuters"].read_text().replace("rose to a record", "climbed to a record")
    files["reuters"].write_text(text)
    os.utime(files["reuters"], (1_900_000_000, 1_900_000_000))
    s = _ingest([base / "in"], wh)
    assert s.stories == 1 and s.files_skipped == s.files_seen - 1
    after = _snapshot(wh)
    assert after["story_ids"] == before["story_ids"]  # same id, replaced in place
    body = _con(wh).execute("select body from stories where source_uri = ?", [str(files["reuters"])]).fetchone()[0]
    assert "climbed to a record" in body


def test_http_url_list_and_dead_links(tmp_path):
    story = REUTERS_STYLE.replace("Chile", "Peru").encode()
    # One server whose list points at itself.
    script = {"/a": [(200, story, 0)]}
    with serve(script) as (base, _):
        script["/list.txt"] = [(200, f"{base}/a\n{base}/missing\n".encode(), 0)]
        s = _ingest([f"{base}/list.txt"], tmp_path / "wh")
    assert (s.files_seen, s.files_listed, s.files_ingested, s.files_rejected) == (3, 1, 1, 1)
    con = _con(tmp_path / "wh")
    assert con.execute("select reason, detail like '%HTTP 404' from rejects").fetchall() == [("http_error", True)]
    assert con.execute("select url is null, dateline_place from stories").fetchone()[1] == "Santiago"


def _snapshot(wh: Path) -> dict:
    con = _con(wh)
    return {
        "story_ids": sorted(r[0] for r in con.execute("select story_id from stories").fetchall()),
        "stories": con.execute("select count(*) from story_versions").fetchone()[0],
        "entities": con.execute("select count(*) from entities").fetchone()[0],
        "timexes": con.execute("select count(*) from timexes").fetchone()[0],
        "rejects": con.execute("select count(*) from rejects").fetchone()[0],
        "sources": con.execute("select count(*) from sources").fetchone()[0],
    }


def test_a_failing_data_quality_check_fails_the_run_visibly(tmp_path, monkeypatch):
    """A run checks the rows it wrote: an entity pointing at the wrong text (a bug upstream of
    the commit, simulated here) fails the run, which is recorded as failed_checks."""
    import storywire.flows.rows as rows_module
    from storywire.flows.ingest import ingest
    from storywire.warehouse.errors import DataQualityError

    real = rows_module.record_rows

    def off_by_one(table, records, **extra):
        rows = real(table, records, **extra)
        if table == "entities":
            rows = [{**r, "start_char": r["start_char"] + 1} for r in rows]
        return rows

    monkeypatch.setattr(rows_module, "record_rows", off_by_one)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(REUTERS_STYLE)
    with pytest.raises(DataQualityError, match="entity_offsets"):
        ingest(sources=[str(src)], warehouse=str(tmp_path / "wh"))
    status = _con(tmp_path / "wh").execute("select status, stories_ingested from runs").fetchall()
    assert status == [("failed_checks", 1)]


def test_a_run_checks_what_it_wrote_not_what_was_there(tmp_path):
    """Bad rows an earlier writer left do not fail every later run (``storywire check`` finds
    them); the new run's own rows are checked and pass."""
    from storywire.flows.ingest import ingest
    from storywire.warehouse.checks import run_checks
    from storywire.warehouse.lake import Warehouse
    from storywire.warehouse.schemas import to_table

    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():  # a story whose entity offsets point at the wrong text
        cid = wh.new_commit_id()
        wh.commit({
            "stories": to_table("stories", [{"story_id": "bad", "source_uri": "/elsewhere.txt",
                                             "body": "Floods in Porto.", "commit_id": cid}]),
            "entities": to_table("entities", [{"story_id": "bad", "field": "body", "start_char": 0,
                                               "end_char": 5, "text": "Paris", "commit_id": cid}]),
        }, commit_id=cid)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(REUTERS_STYLE)
    ingest(sources=[str(src)], warehouse=str(wh.root))
    con = _con(wh.root)
    assert con.execute("select status, stories_ingested from runs").fetchall() == [("completed", 1)]
    assert con.execute("select count(*) from entities where story_id <> 'bad'").fetchone()[0] > 0
    assert {c.name: c.failures for c in run_checks(wh.connect()) if not c.passed} == {"entity_offsets": 1}


def test_chunks_ramp_up_then_hold_and_every_chunk_is_one_commit(tmp_path):
    """The first chunks are small (NER starts after one batch is cleaned), then they double up
    to chunk_size; each chunk is still one commit, in order, and nothing is left out."""
    src = tmp_path / "src"
    src.mkdir()
    for i in range(11):
        (src / f"story_{i:02d}.txt").write_text(
            REUTERS_STYLE.replace("Chilean lithium output", f"Chilean lithium output ({i})")
            .replace("22,400", f"{22_400 + 37 * i:,}"),
            encoding="utf-8",
        )
    wh = tmp_path / "wh"
    summary = _ingest([str(src)], wh, chunk_size=4, batch_size=1)
    assert summary.stories == 11
    con = _con(wh)
    per_commit = con.execute(
        "select commit_id, count(*), min(source_uri), max(source_uri) from story_versions"
        " group by commit_id order by commit_id"
    ).fetchall()
    assert [n for _, n, _, _ in per_commit] == [1, 2, 4, 4]
    # chunk order is source order: every commit's files come after the previous commit's
    assert all(a[3] < b[2] for a, b in itertools.pairwise(per_commit))


# A copy of the Reuters story as another site runs it: new headline, a word changed; and a
# copy of that copy (a line of its own added). Both must point at the first story.
NEAR_COPY = REUTERS_STYLE.replace(
    "Chilean lithium output hits record as new brine ponds open", "Chile mines more lithium than ever"
).replace("told reporters in Santiago", "told journalists in Santiago")
COPY_OF_COPY = NEAR_COPY.replace("(Reporting by", "Our correspondent contributed.\n\n(Reporting by")


@pytest.mark.parametrize("where", ["same chunk", "earlier chunk", "earlier run"])
def test_a_copy_finds_its_original_wherever_it_was_committed(tmp_path, where):
    """The duplicate check looks the chunk's candidates up in the warehouse: an original
    committed by an earlier chunk or an earlier run is found like one in the same chunk."""
    runs = [tmp_path / "a", tmp_path / "b"] if where == "earlier run" else [tmp_path / "a"]
    for folder in runs:
        folder.mkdir()
    (runs[0] / "1_original.txt").write_text(REUTERS_STYLE)
    (runs[-1] / "2_copy.txt").write_text(NEAR_COPY)
    (runs[-1] / "3_copy_of_copy.txt").write_text(COPY_OF_COPY)
    (runs[-1] / "4_unrelated.txt").write_text(TASS_STYLE)
    size = {"chunk_size": 1, "batch_size": 1} if where == "earlier chunk" else {}
    for folder in runs:
        _ingest([folder], tmp_path / "wh", **size)
    rows = _con(tmp_path / "wh").execute(
        "select regexp_extract(source_uri, '(\\w+)\\.txt$', 1), story_id, duplicate_of, duplicate_kind,"
        " duplicate_similarity from stories order by source_uri"
    ).fetchall()
    by_name = {r[0]: r[1:] for r in rows}
    root = by_name["1_original"][0]
    assert by_name["1_original"][1:3] == (None, None)
    assert by_name["4_unrelated"][1] is None
    for name in ("2_copy", "3_copy_of_copy"):
        _, dup_of, kind, similarity = by_name[name]
        assert (dup_of, kind) == (root, "near") and 0.7 <= similarity < 1.0, name


def test_a_listed_url_that_failed_transiently_is_fetched_again_by_the_next_run(tmp_path):
    """A server error on a URL named by a list (through a nested list) is retried by the next
    run although the lists are unchanged; what landed is not read again."""
    script = {
        "/a": [(200, REUTERS_STYLE.encode(), 0)],
        "/down": [(503, b"busy", 0)],
    }
    with serve(script) as (base, hits):
        script["/nested.txt"] = [(200, f"{base}/down\n".encode(), 0)]
        script["/urls.txt"] = [(200, f"{base}/a\n{base}/nested.txt\n".encode(), 0)]
        listing = f"{base}/urls.txt"
        first = _ingest([listing], tmp_path / "wh")
        assert (first.files_ingested, first.files_rejected) == (1, 1), first
        script["/down"] = [(200, TASS_STYLE.encode(), 0)]  # the server is back
        second = _ingest([listing], tmp_path / "wh")
        assert second.files_ingested == 1 and second.files_rejected == 0
        fetched = dict(hits)
        third = _ingest([listing], tmp_path / "wh")
        # settled: only the lists are read again (an HTTP source is always fetched)
        assert {p: hits[p] - fetched[p] for p in fetched} == {"/urls.txt": 1, "/a": 0, "/nested.txt": 1, "/down": 0}
        assert third.files_skipped == third.files_seen == 2 and third.files_rejected == 0
    sources = {r[0].removeprefix(base) for r in _con(tmp_path / "wh").execute(
        "select source_uri from stories").fetchall()}
    assert sources == {"/a", "/down"}


def test_a_file_a_storywire_bug_rejected_is_read_again_by_the_next_run(tmp_path, monkeypatch):
    """An internal_error (a bug met the file) leaves no manifest row: once the bug is gone,
    the next run reads the unchanged file and ingests it."""
    from storywire.tasks.clean import stories as cleaning

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ferry.txt").write_text(REUTERS_STYLE, encoding="utf-8")
    fixed = cleaning.parse_wire_text

    def bug(text: str):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(cleaning, "parse_wire_text", bug)
    first = _ingest([folder], tmp_path / "wh")
    assert (first.files_rejected, first.stories) == (1, 0)
    assert _con(tmp_path / "wh").execute("select reason, transient from rejects").fetchall() == [
        ("internal_error", True)]
    monkeypatch.setattr(cleaning, "parse_wire_text", fixed)
    second = _ingest([folder], tmp_path / "wh")
    assert (second.files_ingested, second.files_skipped, second.stories) == (1, 0, 1)


def test_a_list_with_a_heading_and_a_password_url_is_read_and_no_row_keeps_the_password(tmp_path):
    routes = {"/a": route_static(REUTERS_STYLE.encode()),
              "/private": route_basic_auth(TASS_STYLE.encode(), "ann", "s3cret")}
    with serve_routes(routes) as (base, hits):
        host = base.removeprefix("http://")
        routes["/urls.txt"] = route_static(f"Wire links, Tuesday\n{base}/a\nhttp://ann:s3cret@{host}/private\n".encode())
        summary = _ingest([f"{base}/urls.txt"], tmp_path / "wh")
    assert summary.stories == 2 and hits["/private"] == 1
    con = _con(tmp_path / "wh")
    assert con.execute("select reason, detail from rejects").fetchall() == [
        ("invalid_url", "line 1: Wire links, Tuesday: not a URL")]
    for table in ("stories", "sources", "rejects", "story_versions"):
        text = str(con.execute(f"select * from {table}").fetchall())
        assert "s3cret" not in text and "ann:" not in text, table


def test_a_url_list_with_bad_lines_and_nested_lists_within_the_limits(tmp_path):
    """A URL list's malformed and non-http lines are one reject each and its good URLs are still
    ingested; URLs beyond the list depth or the run's URL budget are rejected unread."""
    script = {
        "/a": [(200, REUTERS_STYLE.replace("Chile", "Peru").encode(), 0)],
        "/b": [(200, REUTERS_STYLE.replace("Chile", "Bolivia").encode(), 0)],
        "/e": [(200, TASS_STYLE.encode(), 0)],
        "/deep": [(200, FEB30.encode(), 0)],
    }
    with serve(script) as (base, hits):
        script["/list.txt"] = [(200, (
            f"# May stories\n{base}/a\nhttp://127.0.0.1:80o/x\nftp://files.example.org/c.txt\n"
            f"{base}/nested.txt\n{base}/b\n{base}/e\n").encode(), 0)]
        script["/nested.txt"] = [(200, f"{base}/deep\n{base}/a\n".encode(), 0)]
        s = _ingest([f"{base}/list.txt"], tmp_path / "wh", max_list_depth=1, max_listed_urls=3)
        first = dict(hits)
        # the lists are unchanged: the next run, with wider limits, reads only the URLs cut
        again = _ingest([f"{base}/list.txt"], tmp_path / "wh", max_list_depth=2, max_listed_urls=10)
    assert {p: hits[p] - first.get(p, 0) for p in hits} == {
        "/list.txt": 1, "/nested.txt": 1, "/a": 0, "/b": 0, "/e": 1, "/deep": 1}
    assert (again.files_ingested, again.files_rejected, again.files_listed) == (2, 0, 0)
    assert (s.files_seen, s.files_listed, s.files_ingested, s.files_rejected) == (6, 2, 2, 2)
    assert "/e" not in first and "/deep" not in first
    con = _con(tmp_path / "wh")
    rejects = con.execute("select source_uri, item_key, reason, detail, transient from rejects "
                          "order by reason").fetchall()  # all of the first run
    assert [(r[0].removeprefix(base), r[1], r[2], r[4]) for r in rejects] == [
        ("/list.txt", "line 3", "invalid_url", False),
        ("/list.txt", "line 4", "scheme_not_allowed", False),
        ("/e", "", "too_many_urls", True),
        ("/deep", "", "url_list_too_deep", True),
    ]
    assert "http://127.0.0.1:80o/x" in rejects[0][3] and "ftp://files.example.org/c.txt" in rejects[1][3]
    assert sorted(r[0].removeprefix(base) for r in con.execute("select source_uri from stories").fetchall()) == [
        "/a", "/b", "/deep", "/e"]
    assert con.execute("select status from runs").fetchall() == [("completed",)] * 2
