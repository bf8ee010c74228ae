"""`storywire report`: one self-contained page, opened in headless Chromium: the map has its
country outlines and one point per place, the timeline its bars, the tables their rows."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from browser import CHROMIUM, chromium
from typer.testing import CliRunner

from storywire.flows.cli import app

PLACES = [
    ("Lagos", "place:geonames:2332459", "NG", 6.454, 3.395),
    ("Lima", "place:geonames:3936456", "PE", -12.043, -77.028),
    ("Astana", "place:geonames:1526273", "KZ", 51.180, 71.446),
]


@pytest.fixture
def report_warehouse(tmp_path):
    """Six stories over three months from two agencies in two languages, places with
    coordinates mentioned 3, 2 and 1 times, people, quotes, dates in the text and rejects."""
    from storywire.warehouse.lake import Warehouse
    from storywire.warehouse.schemas import to_table

    wh = Warehouse.open(tmp_path / "wh")
    stories, entities, timexes, quotes = [], [], [], []
    for i in range(6):
        sid = f"s{i:03d}"
        stories.append(
            {
                "story_id": sid,
                "source_uri": f"/in/{sid}.txt",
                "body": "Text.",
                "agency": "AFP" if i % 2 else "Reuters",
                "language": "fr" if i == 5 else "en",
                "published_date": dt.date(2024, 3 + i // 2, 10),
            }
        )
        name, key, cc, lat, lon = PLACES[i % 3 if i < 3 else 0 if i < 5 else 1]
        entities.append(
            {
                "story_id": sid,
                "text": name,
                "label": "GPE",
                "canonical": name,
                "entity_key": key,
                "country_code": cc,
                "latitude": lat,
                "longitude": lon,
            }
        )
        entities.append(
            {
                "story_id": sid,
                "text": "Ada Obi",
                "label": "PERSON",
                "canonical": "Ada Obi",
                "entity_key": "person:ada obi",
            }
        )
        entities.append(
            {
                "story_id": sid,
                "text": "Port Authority",
                "label": "ORG",
                "canonical": "Port Authority",
                "entity_key": "org:port authority",
            }
        )
        day = dt.date(2023, 12, 1) + dt.timedelta(days=20 * i)
        timexes.append(
            {
                "story_id": sid,
                "text": "that day",
                "type": "DATE",
                "value": day.isoformat(),
                "range_start": day,
                "range_end": day,
            }
        )
        quotes.append(
            {
                "story_id": sid,
                "text": "We will rebuild.",
                "speaker": "Obi",
                "speaker_canonical": "Ada Obi",
                "speaker_key": "person:ada obi",
            }
        )
    rejects = [
        {
            "source_uri": f"/in/bad{i}.bin",
            "reason": "binary" if i else "empty",
            "transient": False,
            "rejected_at": dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
        }
        for i in range(3)
    ]
    with wh.locked():
        cid = wh.new_commit_id()
        tables = {
            "stories": stories,
            "entities": entities,
            "timexes": timexes,
            "quotes": quotes,
            "rejects": rejects,
        }
        wh.commit(
            {
                name: to_table(name, [{**r, "commit_id": cid} for r in rows])
                for name, rows in tables.items()
            },
            commit_id=cid,
        )
    return wh.root


def _chromium(args: list[str], user_dir: Path) -> subprocess.CompletedProcess:
    return chromium([*args], user_dir)


def test_the_page_is_written_beside_the_warehouse_and_self_contained(report_warehouse):
    res = CliRunner().invoke(app, ["report", "-w", str(report_warehouse)])
    assert res.exit_code == 0, res.output
    page = (report_warehouse / "report.html").read_text(encoding="utf-8")
    assert not re.search(
        r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|<script|<link|@import|url\(", page, re.I
    )
    assert len(re.findall(r'<path class="country', page)) > 150  # Natural Earth's countries
    assert page.count('class="place"') == len(PLACES)


def test_since_and_until_filter_on_publication_date(report_warehouse, tmp_path):
    out = tmp_path / "april.html"
    res = CliRunner().invoke(
        app,
        [
            "report",
            "-w",
            str(report_warehouse),
            "--since",
            "2024-05-01",
            "--until",
            "2024-05-31",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "<b>2</b>stories" in page  # s004 and s005 only
    assert page.count('class="place"') == 2  # Lagos (s004) and Lima (s005)
    bad = CliRunner().invoke(
        app,
        ["report", "-w", str(report_warehouse), "--since", "2024-06-01", "--until", "2024-05-01"],
    )
    assert bad.exit_code == 2 and "SW442" in bad.output


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_chromium_draws_the_map_the_timeline_and_the_tables(report_warehouse, tmp_path):
    res = CliRunner().invoke(
        app, ["report", "-w", str(report_warehouse), "--out", str(tmp_path / "r.html")]
    )
    assert res.exit_code == 0, res.output
    url = (tmp_path / "r.html").as_uri()
    dom = _chromium(["--dump-dom", url], tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    map_svg = re.search(r'<svg class="map".*?</svg>', html, re.S).group(0)
    assert len(re.findall(r"<path class=\"country", map_svg)) > 150
    radii = {float(r) for r in re.findall(r'<circle class="place"[^>]* r="([\d.]+)"', map_svg)}
    assert len(radii) == 3  # sized by mentions: 3, 2 and 1
    timeline = re.search(r'<svg class="timeline".*?</svg>', html, re.S).group(0)
    assert (
        len(re.findall(r'class="bar published"[^>]*><title>', timeline)) == 3
    )  # March, April, May
    assert len(re.findall(r'class="bar mentioned"[^>]*><title>', timeline)) >= 4
    tables = dict(re.findall(r"<h2>([^<]+)</h2><table>(.*?)</table>", html, re.S))
    rows = {title: body.count("<tr>") - 1 for title, body in tables.items()}  # less the heading
    assert rows["Top people"] == 1 and rows["Top places"] == 3 and rows["Top quoted speakers"] == 1
    assert rows["Stories per agency"] == 2 and rows["Stories per language"] == 2
    assert rows["Rejects by reason"] == 2
    assert "Ada Obi" in tables["Top quoted speakers"]

    # The pixels too: a page that parses but paints nothing would make a small blank PNG.
    shot = _chromium(
        [f"--screenshot={tmp_path / 'report.png'}", "--window-size=1300,1800", url], tmp_path / "p2"
    )
    assert shot.returncode == 0 and (tmp_path / "report.png").stat().st_size > 20_000


def test_a_run_rebuilds_the_page_only_while_the_warehouse_is_small(report_warehouse):
    from storywire.flows.htmlreport import run_page_line

    page = report_warehouse / "report.html"
    line = run_page_line(str(report_warehouse), max_stories=5)  # six stories stored
    assert not page.exists() and "storywire report --warehouse" in line and "up to 5 stories" in line
    line = run_page_line(str(report_warehouse), max_stories=6)
    assert page.exists() and "rebuilt after each run" in line
    page.write_text("stale", encoding="utf-8")
    line = run_page_line(str(report_warehouse), max_stories=5)
    assert page.read_text(encoding="utf-8") == "stale" and "is from an earlier run" in line
