"""Russian and French datelines (``tasks.clean.datelines_ru_fr``), read through
``split_dateline`` as the wire parser reads them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean.datelines import normalize_place, split_dateline
from storywire.tasks.clean.datelines_ru_fr import dateline_byline, split_dateline_ru_fr

# (paragraph, place, agency, month, day, year, valid, rest starts with)
POSITIVE = [
    # TASS.
    ("МОСКВА, 12 марта. /ТАСС/. Президент России заявил", "Москва", "ТАСС", 3, 12, None, True, "Президент"),
    ("САНКТ-ПЕТЕРБУРГ, 1 сентября. /ТАСС/. Губернатор", "Санкт-Петербург", "ТАСС", 9, 1, None, True, "Губернатор"),
    ("НЬЮ-ЙОРК, 3 декабря. /ТАСС/. «Мы не согласны», — сказал", "Нью-Йорк", "ТАСС", 12, 3, None, True, "«Мы"),
    ("РОСТОВ-НА-ДОНУ, 9 мая. /ТАСС/. Парад", "Ростов-на-Дону", "ТАСС", 5, 9, None, True, "Парад"),
    ("НИЖНИЙ НОВГОРОД, 30 января. /ИТАР-ТАСС/. Завод", "Нижний Новгород", "ИТАР-ТАСС", 1, 30, None, True, "Завод"),
    ("СУХУМ, 3 декабря. /Корр. ТАСС Дмитрий Лавров/. Народное", "Сухум", "ТАСС", 12, 3, None, True, "Народное"),
    ("НОВОСИБИРСК, 14 марта. /Корр. агентства/. Движение", "Новосибирск", None, 3, 14, None, True, "Движение"),
    # a small town with its region in brackets: the place is the town
    ("БЕЛОЯРСКИЙ (Свердловская область), 2 июня. /ТАСС/. Энергоблок", "Белоярский", "ТАСС", 6, 2, None, True, "Энергоблок"),
    # Interfax and its variants.
    ("Москва. 5 февраля. ИНТЕРФАКС - Экспорт зерна", "Москва", "ИНТЕРФАКС", 2, 5, None, True, "Экспорт"),
    ("Москва. 5 февраля. ИНТЕРФАКС – Экспорт зерна", "Москва", "ИНТЕРФАКС", 2, 5, None, True, "Экспорт"),
    ("Москва. 5 февраля. ИНТЕРФАКС — Экспорт зерна", "Москва", "ИНТЕРФАКС", 2, 5, None, True, "Экспорт"),
    ("Москва. 5 февраля. INTERFAX.RU - Экспорт зерна", "Москва", "INTERFAX.RU", 2, 5, None, True, "Экспорт"),
    ("Москва. 5 февраля. Interfax - Экспорт зерна", "Москва", "Interfax", 2, 5, None, True, "Экспорт"),
    ("Краснодар. 17 октября 2024 года. ИНТЕРФАКС-ЮГ – Аэропорт", "Краснодар", "ИНТЕРФАКС-ЮГ", 10, 17, 2024, True, "Аэропорт"),
    ("Хабаровск. 2 апреля 2025 г. ИНТЕРФАКС-ДАЛЬНИЙ ВОСТОК - Власти", "Хабаровск", "ИНТЕРФАКС-ДАЛЬНИЙ ВОСТОК", 4, 2, 2025, True, "Власти"),
    ("Санкт-Петербург. 8 июля. ИНТЕРФАКС-СЕВЕРО-ЗАПАД - Суд", "Санкт-Петербург", "ИНТЕРФАКС-СЕВЕРО-ЗАПАД", 7, 8, None, True, "Суд"),
    ("КИЕВ, 30 февраля (Интерфакс-Украина) - Рада", "Киев", "Интерфакс-Украина", 2, 30, None, False, "Рада"),
    # RIA Novosti, abbreviated months, a reporter in the dateline.
    ("МОСКВА, 12 мар — РИА Новости. Экспорт", "Москва", "РИА Новости", 3, 12, None, True, "Экспорт"),
    ("МОСКВА, 5 ноя — РИА Новости. Экспорт", "Москва", "РИА Новости", 11, 5, None, True, "Экспорт"),
    ("ВЛАДИВОСТОК, 4 сен — РИА Новости, Анна Котова. Порт", "Владивосток", "РИА Новости", 9, 4, None, True, "Порт"),
    ("СИМФЕРОПОЛЬ, 20 авг - РИА Новости Крым. Власти", "Симферополь", "РИА Новости Крым", 8, 20, None, True, "Власти"),
    # Reuters in Russian.
    ("МОСКВА, 12 марта (Рейтер) - Российский рубль", "Москва", "Рейтер", 3, 12, None, True, "Российский"),
    # No agency: a shouted place and a Russian or French date.
    ("КАЗАНЬ, 6 октября. Новое здание библиотеки", "Казань", None, 10, 6, None, True, "Новое"),
    ("MARSEILLE, 2 septembre. La ligne de tramway", "Marseille", None, 9, 2, None, True, "La ligne"),
    # AFP, Reuters and AP in French.
    ("PARIS, 12 mars 2025 (AFP) - La France a", "Paris", "AFP", 3, 12, 2025, True, "La France"),
    ("Paris, 12 mars 2025 (AFP) - La France a", "Paris", "AFP", 3, 12, 2025, True, "La France"),
    ("Paris, le 1er mai (Reuters) - Les syndicats", "Paris", "Reuters", 5, 1, None, True, "Les syndicats"),
    ("PARIS, 12 mars (Reuters) - La France", "Paris", "Reuters", 3, 12, None, True, "La France"),
    ("SAINT-ÉTIENNE, 3 févr. (AFP) - Un incendie", "Saint-Étienne", "AFP", 2, 3, None, True, "Un incendie"),
    ("AIX-EN-PROVENCE, 14 juil. (AFP) – Le festival", "Aix-en-Provence", "AFP", 7, 14, None, True, "Le festival"),
    ("BRUXELLES, 12 mars (Belga) - Le gouvernement", "Bruxelles", "Belga", 3, 12, None, True, "Le gouvernement"),
    ("FRANCFORT, 6 août (Reuters) - La BCE", "Francfort", "Reuters", 8, 6, None, True, "La BCE"),
    # Read by the English reader, unchanged.
    ("PARIS (AP) — La France", "Paris", "AP", None, None, None, True, "La France"),
    ("ÉVRY (AFP) - Un incendie", "Évry", "AFP", None, None, None, True, "Un incendie"),
    ("Rennes (AFP) - Une grève", "Rennes", "AFP", None, None, None, True, "Une grève"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "month", "day", "year", "valid", "rest"),
    POSITIVE,
    ids=[p[0][:30] for p in POSITIVE],
)
def test_russian_and_french_datelines(
    paragraph: str, place: str, agency: str | None, month: int | None, day: int | None,
    year: int | None, valid: bool, rest: str,
) -> None:
    dateline, remainder = split_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.agency) == (place, agency)
    assert (dateline.month, dateline.day, dateline.year) == (month, day, year)
    assert dateline.date_valid is valid
    assert remainder.startswith(rest)
    assert paragraph.startswith(dateline.raw)
    assert f"{dateline.raw} {remainder}" == paragraph


NEGATIVE = [
    # Prose that opens like a dateline.
    "Москва, 12 марта. Президент сказал",  # a Title-case place needs an agency
    "В МОСКВЕ, 12 марта. Путин",  # a preposition is no place
    "МОЛНИЯ, 12 марта. Путин",  # TASS's flash label
    "МОСКВА — Власти Москвы",  # a shouted word and a dash: Russian prose opens so
    "ЦБ — Банк России повысил ставку",
    "СПОРТ — ИТОГИ ТУРА",
    "МОСКВА, 12 марта. путин",  # no sentence after
    "Москва. 5 февраля. Минфин - Экспорт",  # not an agency
    "Москва. ИНТЕРФАКС - Экспорт",  # an Interfax dateline has its date
    "Москва, 12 марта (ЦБ) - Курс",  # a Title-case place, an unknown credit
    "МОСКВА (Банк России) - Курс",  # an unknown credit needs a date
    "МОСКВА, 12 марта (фото ТАСС) - Курс",  # a picture credit
    "PARIS, 12 mars. la France",
    "Le 12 mars (AFP) - La France",
    "PARIS, 12 mars (Photo AFP) - La France",
    "Paris, 12 mars. La France a dit",  # Title case without an agency
    "À PARIS, 12 mars. La France",
    "ASTANA, September 12. Kazakhstan has chosen",  # English: no terminator, as before
    "Президент России Владимир Путин заявил в среду",
    "12 марта 2025 года в Москве прошло совещание",
]


@pytest.mark.parametrize("paragraph", NEGATIVE)
def test_prose_is_no_dateline(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, paragraph)


def test_a_dateline_on_a_line_of_its_own_leaves_no_rest() -> None:
    dateline, rest = split_dateline("МОСКВА, 12 марта. /ТАСС/.")
    assert dateline is not None and dateline.place == "Москва" and rest == ""


def test_non_breaking_spaces_in_the_date() -> None:
    dateline, rest = split_dateline("МОСКВА, 12\u00a0марта. /ТАСС/. Власти")
    assert dateline is not None and (dateline.month, dateline.day) == (3, 12)
    assert rest == "Власти"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("МОСКВА", "Москва"),
        ("САНКТ-ПЕТЕРБУРГ", "Санкт-Петербург"),
        ("НЬЮ-ЙОРК", "Нью-Йорк"),
        ("РОСТОВ-НА-ДОНУ", "Ростов-на-Дону"),
        ("РИО-ДЕ-ЖАНЕЙРО", "Рио-де-Жанейро"),
        ("КОМСОМОЛЬСК-НА-АМУРЕ", "Комсомольск-на-Амуре"),
        ("ЮЖНО-САХАЛИНСК", "Южно-Сахалинск"),
        ("УЛАН-УДЭ", "Улан-Удэ"),
        ("ШАРМ-ЭШ-ШЕЙХ", "Шарм-эш-Шейх"),
        ("ÉVRY", "Évry"),
        ("SAINT-ÉTIENNE", "Saint-Étienne"),
        ("BOULOGNE-SUR-MER", "Boulogne-sur-Mer"),
        ("VILLENEUVE-LÈS-AVIGNON", "Villeneuve-lès-Avignon"),
        ("VILLENEUVE-D'ASCQ", "Villeneuve-d'Ascq"),
        ("L'ISLE-ADAM", "L'Isle-Adam"),
        ("Москва", "Москва"),
    ],
)
def test_normalize_place_in_cyrillic_and_accented_latin(name: str, expected: str) -> None:
    assert normalize_place(name) == expected


@pytest.mark.parametrize(
    ("raw", "byline"),
    [
        ("МОСКВА, 12 мар — РИА Новости, Анна Котова.", "Анна Котова"),
        ("МОСКВА, 12 мар — РИА Новости, Анна Котова, Иван Зуев.", "Анна Котова, Иван Зуев"),
        ("СУХУМ, 3 декабря. /Корр. ТАСС Дмитрий Лавров/.", "Корр. ТАСС Дмитрий Лавров"),
        ("МОСКВА, 12 мар — РИА Новости.", None),
        ("МОСКВА, 12 марта. /ТАСС/.", None),
        ("PARIS, 12 mars (AFP) -", None),
    ],
)
def test_dateline_byline(raw: str, byline: str | None) -> None:
    assert dateline_byline(raw) == byline


_CYRILLIC = st.text(
    alphabet=st.sampled_from(list("МОСКВАмарта ЁёИНТЕРФАКС-–—./()12345,«»РИАНовсти\u00a0")),
    max_size=120,
)


@given(st.one_of(st.text(max_size=300), _CYRILLIC))
def test_never_crashes_and_cuts_at_the_raw_dateline(text: str) -> None:
    dateline, rest = split_dateline_ru_fr(text)
    if dateline is None:
        assert rest == text
        return
    assert text.lstrip().startswith(dateline.raw)
    assert rest == text[text.index(dateline.raw) + len(dateline.raw):].strip()
    assert dateline.place


@given(
    st.sampled_from(["МОСКВА", "Москва", "PARIS", "НЬЮ-ЙОРК"]),
    st.integers(1, 31),
    st.sampled_from(["марта", "мар", "февраля", "mars", "févr.", "1er"]),
    st.sampled_from([". /ТАСС/. ", " — РИА Новости. ", " (AFP) - ", ". ИНТЕРФАКС - "]),
    st.text(max_size=60),
)
def test_real_layouts_with_any_rest(place: str, day: int, month: str, tail: str, rest: str) -> None:
    paragraph = f"{place}, {day} {month}{tail}Власти {rest}"
    dateline, remainder = split_dateline(paragraph)
    if dateline is not None:
        assert paragraph.startswith(dateline.raw)
        assert remainder.startswith("Власти")


@pytest.mark.parametrize(
    "paragraph",
    ["LONDON, 12 Nov. The talks resumed", "LONDON, 3 Sept. Reuters - The talks", "NICE, 4 Dec. The mayor"],
)
def test_an_english_month_without_agency_is_left_to_the_english_reader(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, paragraph)


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "year"),
    [
        ("МОСКВА, 12 марта /ТАСС/ - Власти", "Москва", "ТАСС", None),
        ("МОСКВА, 12 марта 2025 г. /ТАСС/. Власти", "Москва", "ТАСС", 2025),
        ("МОСКВА, 12 марта - РИА Новости. Власти", "Москва", "РИА Новости", None),
        ("МОСКВА, 12 марта (АФП) - Власти", "Москва", "АФП", None),
        ("ПАРИЖ, 12 марта. /Спецкорр. ТАСС Олег Зуев/. Власти", "Париж", "ТАСС", None),
        ("PARIS, 12 mars 2025 (AFP) — La France", "Paris", "AFP", 2025),
        ("PARIS, 12 sept. (AFP) - La France", "Paris", "AFP", None),
    ],
)
def test_more_variants(paragraph: str, place: str, agency: str, year: int | None) -> None:
    dateline, rest = split_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.year) == (place, agency, year)
    assert rest.startswith(("Власти", "La France"))
