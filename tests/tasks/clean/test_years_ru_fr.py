"""Year inference for yearless Russian and French datelines (``tasks.clean.years`` with the
clues of ``tasks.clean.years_ru_fr``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean.years import infer_year
from storywire.tasks.clean.years_ru_fr import weekday_clues, year_clues

LATEST = dt.date(2026, 12, 1)

# (month, day, body, language, year) — each date checked on a calendar.
CASES = [
    # 6 October 2025 was a Monday; no year named: the most recent fitting year.
    (10, 6, "Новое здание библиотеки открылось в Казани в понедельник после пяти лет "
            "строительства.", "ru", 2025),
    # "в апреле 2022 года" is after 12 March: the story is from 2023 on; 12 March 2024 was
    # a Tuesday.
    (3, 12, "Власти откроют мост, сообщил во вторник мэр. Строительство началось в апреле "
            "2022 года.", "ru", 2024),
    # "с 2019 года" bounds the year; 5 March 2020 was a Thursday.
    (3, 5, "Экспорт снизился, сообщил в четверг союз. Союз ведет статистику с 2019 года.",
     "ru", 2020),
    # "к 2030 году" is a plan, not a bound: the weekday decides (12 March 2025, a Wednesday).
    (3, 12, "Проект будет завершен к 2030 году, заявил в среду министр.", "ru", 2025),
    # "depuis 2021" bounds it; 2 September 2024 was a Monday.
    (9, 2, "La ligne a accueilli ses premiers voyageurs lundi matin. Les commerçants "
           "espèrent retrouver la clientèle perdue depuis 2021.", "fr", 2024),
    # "avril 2016" (after March 12): 2017 on; the first 12 March on a Tuesday from 2017 is
    # in 2019 (2017: a Sunday, 2018: a Monday).
    (3, 12, "Le tribunal a rendu mardi sa décision. Les faits remontent à avril 2016, quand "
            "l'entreprise avait fermé son usine.", "fr", 2019),
    # "d'ici 2030" is a plan; 12 March 2025 was a Wednesday.
    (3, 12, "Le projet sera achevé d'ici 2030, a annoncé mercredi le ministre.", "fr", 2025),
]


@pytest.mark.parametrize(("month", "day", "body", "language", "year"), CASES)
def test_infer_year_in_russian_and_french(
    month: int, day: int, body: str, language: str, year: int
) -> None:
    found, _ = infer_year(month, day, body, latest=LATEST, language=language)
    assert found == year


def test_without_clues_the_year_is_unconstrained() -> None:
    year, warnings = infer_year(3, 12, "Власти сообщили о новом мосте.", latest=LATEST,
                                language="ru")
    assert year is None and warnings == ["year_unconstrained"]


def test_english_clues_ignore_russian_text_and_russian_ones_read_it() -> None:
    body = "Мост открыли во вторник."
    assert infer_year(3, 12, body, latest=LATEST)[0] is None
    assert infer_year(3, 12, body, latest=LATEST, language="ru")[0] == 2024


def test_year_clue_tenses() -> None:
    clues = {y: (tense, month, specific) for y, tense, month, _day, specific in year_clues(
        "Завод был построен в 1975 году. В марте 2019 года его закрыли. Новый цех будет "
        "открыт к 2030 году. На заводе работают 2000 человек.", "ru")}
    assert clues[1975][0] == "past"
    assert clues[2019] == ("past", 3, True)
    assert clues[2030][0] == "future"
    assert 2000 not in clues  # a head count, not a year


def test_weekday_clues() -> None:
    assert weekday_clues("Во вторник министр заявил, что в следующую пятницу начнутся "
                         "переговоры. Каждый понедельник проходят совещания.", "ru") == [
        (1, False), (4, True)]
    assert weekday_clues("Le ministre a parlé mardi. Il reviendra vendredi prochain. "
                         "Chaque lundi, le conseil se réunit.", "fr") == [(1, False), (4, True)]


@given(st.text(max_size=400), st.sampled_from(["ru", "fr"]))
def test_clues_never_crash(text: str, language: str) -> None:
    for year, tense, month, day, _ in year_clues(text, language):
        assert 1800 <= year <= 2099 and tense in {"past", "future", "neutral"}
        assert month is None or 1 <= month <= 12
        assert day is None or 0 <= day <= 99
    for weekday, _ in weekday_clues(text, language):
        assert 0 <= weekday <= 6


def test_a_weekday_takes_the_tense_of_the_verb_after_it() -> None:
    clues = weekday_clues("В среду ледокол провел караван. В пятницу ночью в Мончегорске и "
                          "Апатитах ожидается до минус 35. Суда стояли бы до понедельника.", "ru")
    assert clues == [(2, False), (4, True), (0, True)]
