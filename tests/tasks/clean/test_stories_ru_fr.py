"""``build_stories`` on Russian and French wire copy: the structure columns and the date
of a yearless dateline, as for English (fixtures in tests/fixtures/wire_ru_fr/)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES, ROOT

from storywire.tasks.clean.stories import build_stories
from storywire.tasks.read.fetch import Payload
from storywire.tasks.read.sources import SourceRef
from storywire.tasks.records import StoryDraft

FETCHED_AT = dt.datetime(2024, 3, 20, 12, 0, tzinfo=dt.UTC)
MTIME = dt.datetime(2024, 3, 19, 8, 0, tzinfo=dt.UTC)


def _draft(data: bytes, mtime: dt.datetime = MTIME) -> StoryDraft:
    payload = Payload(
        ref=SourceRef(uri="/data/wire/story.txt", mtime=mtime),
        data=data,
        fetched_at=max(FETCHED_AT, mtime),
    )
    [draft] = build_stories(payload)
    assert isinstance(draft, StoryDraft), draft
    return draft


def test_tass_story_in_russian() -> None:
    draft = _draft((FIXTURES / "wire_ru_fr" / "tass_ru.txt").read_bytes())
    assert draft.site_header == "Все новости"
    assert draft.headline == "В Казани до конца года откроют три новых моста через Казанку"
    assert draft.dateline == "КАЗАНЬ, 12 марта. /ТАСС/."
    assert draft.dateline_place == "Казань"
    assert draft.agency == "TASS"
    assert draft.credit == "Сергей Ковалев/ТАСС"
    assert draft.lede.startswith("Власти Казани откроют")
    assert draft.language == "ru"
    # "во вторник" and "в апреле 2022 года": 12 March 2024 was a Tuesday.
    assert (draft.published_date, draft.published_date_source) == (dt.date(2024, 3, 12), "inferred")
    assert "/ТАСС/" not in draft.body and "Подписывайтесь" not in draft.body


@pytest.mark.parametrize(
    ("file", "agency", "place"),
    [
        ("interfax_yug_ru.txt", "Interfax", "Краснодар"),
        ("ria_ru.txt", "RIA Novosti", "Москва"),
        ("afp_fr.txt", "AFP", "Saint-Fons"),
        ("reuters_fr.txt", "Reuters", "Francfort"),
    ],
)
def test_agency_column_is_the_tables_name(file: str, agency: str, place: str) -> None:
    draft = _draft((FIXTURES / "wire_ru_fr" / file).read_bytes())
    assert (draft.agency, draft.dateline_place) == (agency, place)


def test_a_dateline_with_its_year_dates_the_story() -> None:
    draft = _draft((FIXTURES / "wire_ru_fr" / "interfax_yug_ru.txt").read_bytes(),
                   mtime=dt.datetime(2024, 11, 1, tzinfo=dt.UTC))
    assert (draft.published_date, draft.published_date_source) == (
        dt.date(2024, 10, 17), "dateline")


def test_cp1251_sample_gets_its_dateline_and_year() -> None:
    sample = ROOT / "samples" / "ru_story.cp1251.txt"
    if not sample.exists():
        pytest.skip("samples/ru_story.cp1251.txt is not in this tree")
    draft = _draft(sample.read_bytes())
    assert draft.dateline_place == "Казань"
    assert draft.headline == "В Казани открылась крупнейшая в регионе библиотека"
    assert draft.lede.startswith("Новое здание")
    # 6 October on a Monday ("в понедельник"), the latest on or before the file's date
    # (March 2024): 2014.
    assert draft.published_date == dt.date(2014, 10, 6)
    assert draft.published_date_source == "inferred"


def test_latin1_french_sample_gets_its_dateline() -> None:
    sample = ROOT / "samples" / "fr_story.latin1.txt"
    if not sample.exists():
        pytest.skip("samples/fr_story.latin1.txt is not in this tree")
    draft = _draft(sample.read_bytes(), mtime=dt.datetime(2025, 1, 10, tzinfo=dt.UTC))
    assert draft.dateline == "MARSEILLE, 2 septembre."
    assert draft.dateline_place == "Marseille"
    assert draft.lede.startswith("La ligne de tramway")
    # "lundi matin" and "depuis 2021": the first 2 September on a Monday from 2021 on.
    assert (draft.published_date, draft.published_date_source) == (
        dt.date(2024, 9, 2), "inferred")
    assert draft.language == "fr"
