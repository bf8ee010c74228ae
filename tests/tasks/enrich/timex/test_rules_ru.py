"""Russian TIMEX3 rules, end to end through extract_timexes, on sentences written for them."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.enrich.timex import extract_timexes, rules_ru
from storywire.tasks.enrich.timex.gates import fold_case
from tests.tasks.enrich.timex.stories_ru import RU_STORIES

FRIDAY = dt.date(2025, 3, 14)  # publication date of every sentence below (a Friday)


def found(text: str, dct: dt.date | None = FRIDAY) -> list[tuple[str, str, str]]:
    return [(m.text, m.type, m.value) for m in extract_timexes(text, dct, language="ru")]


CASES = [
    # weekdays: the nearest one on the side the tense says, parts of day
    (
        "Министр во вторник вечером заявил о перестановках.",
        [("вторник вечером", "TIME", "2025-03-11TEV")],
    ),
    ("Переговоры пройдут в среду в Женеве.", [("среду", "DATE", "2025-03-19")]),
    ("Переговоры прошли в среду в Женеве.", [("среду", "DATE", "2025-03-12")]),
    (
        "Суд рассмотрит жалобу в следующий понедельник.",
        [("следующий понедельник", "DATE", "2025-03-17")],
    ),
    ("Вечером в четверг в Омске выпал снег.", [("Вечером в четверг", "TIME", "2025-03-13TEV")]),
    ("Ураган обрушился на Сочи в ночь на субботу.", [("ночь на субботу", "TIME", "2025-03-07TNI")]),
    (
        "В ночь с пятницы на субботу в Твери горел склад.",
        [("ночь с пятницы на субботу", "TIME", "2025-03-07TNI")],
    ),
    ("Окружающая среда Байкала страдает от стоков.", []),  # "среда" alone is not Wednesday
    # months and dates in every case
    ("Соглашение подписано 12 марта.", [("12 марта", "DATE", "2025-03-12")]),
    ("Указ вступил в силу 12 марта 2025 года.", [("12 марта 2025 года", "DATE", "2025-03-12")]),
    ("Компания обанкротилась в марте 2013 года.", [("марте 2013 года", "DATE", "2013-03")]),
    ("В марте цены выросли на 2%.", [("марте", "DATE", "2025-03")]),
    ("Выставка открыта до 30 июня.", [("30 июня", "DATE", "2025-06-30")]),
    ("Завод закрыли в июле прошлого года.", [("июле прошлого года", "DATE", "2024-07")]),
    ("Работы завершат в начале мая.", [("начале мая", "DATE", "2025-05")]),
    ("Отчёт датирован 05.02.2024.", [("05.02.2024", "DATE", "2024-02-05")]),
    ("Певица Мая Орлова дала концерт.", []),  # a name, not May
    # years, decades, centuries
    ("Стадион построили в 2020 году.", [("2020 году", "DATE", "2020")]),
    ("Рынок рухнул в 1990-е годы.", [("1990-е годы", "DATE", "199")]),
    ("Этот фильм сняли в 90-х.", [("90-х", "DATE", "199")]),
    ("В акции участвовали 2020 человек.", []),  # a count, not a year
    ("Это крупнейшее открытие XXI века.", [("XXI века", "DATE", "20")]),
    ("План рассчитан на 2025-2030 годы.", [("2025-2030 годы", "DATE", "2025/2030")]),
    # relative expressions
    ("Вчера в Томске прошёл митинг.", [("Вчера", "DATE", "2025-03-13")]),
    ("Сегодня утром в Перми задержали двоих.", [("Сегодня утром", "TIME", "2025-03-14TMO")]),
    ("Завтра в Самаре откроют мост.", [("Завтра", "DATE", "2025-03-15")]),
    ("Выручка выросла в прошлом году.", [("прошлом году", "DATE", "2024")]),
    ("Визит запланирован на следующей неделе.", [("следующей неделе", "DATE", "2025-W12")]),
    ("Цены снизились в прошлом месяце.", [("прошлом месяце", "DATE", "2025-02")]),
    ("Итоги подведут в конце года.", [("конце года", "DATE", "2025")]),
    ("Цены выросли в начале прошлого года.", [("начале прошлого года", "DATE", "2024")]),
    ("Закон приняли в позапрошлом году.", [("позапрошлом году", "DATE", "2023")]),
    ("Два года назад завод закрыли.", [("Два года назад", "DATE", "2023")]),
    ("Решение объявят через неделю.", [("через неделю", "DATE", "2025-W12")]),
    # durations: numerals in their cases
    ("Пострадавшему 67 лет.", [("67 лет", "DURATION", "P67Y")]),
    ("Поиски шли сутки.", [("сутки", "DURATION", "P1D")]),
    ("Шторм длился три дня.", [("три дня", "DURATION", "P3D")]),
    ("Суд шёл в течение двух недель.", [("двух недель", "DURATION", "P2W")]),
    ("Проект готовили в течение года.", [("года", "DURATION", "P1Y")]),
    ("Забастовка продлилась более пяти месяцев.", [("более пяти месяцев", "DURATION", "P5M")]),
    ("Строительство заняло двадцать пять лет.", [("двадцать пять лет", "DURATION", "P25Y")]),
    ("Очередь стояла полтора часа.", [("полтора часа", "DURATION", "PT1H30M")]),
    ("Спасатели работали несколько дней.", [("несколько дней", "DURATION", "PXD")]),
    ("Цены росли последние два года.", [("последние два года", "DURATION", "P2Y")]),
    # clock times and parts of day
    ("Поезд отправится в 15:30.", [("15:30", "TIME", "2025-03-14T15:30")]),
    ("Связь восстановили к 8:00 среды.", [("8:00 среды", "TIME", "2025-03-12T08:00")]),
    (
        "Митинг начнётся в 10 часов утра по московскому времени.",
        [("10 часов утра по московскому времени", "TIME", "2025-03-14T10:00")],
    ),
    ("Взрыв прогремел в 11 часов ночи.", [("11 часов ночи", "TIME", "2025-03-14T23:00")]),
    ("Утром на трассе М-5 столкнулись два грузовика.", [("Утром", "TIME", "2025-03-14TMO")]),
    ("Команда победила со счётом 2:30.", []),  # a score, not a time
    ("Встреча начнётся в полдень.", [("полдень", "TIME", "2025-03-14T12:00")]),
    ("Этой ночью в Москве прошёл ливень.", [("Этой ночью", "TIME", "2025-03-14TNI")]),
    ("Прошлой ночью в Москве прошёл ливень.", [("Прошлой ночью", "TIME", "2025-03-13TNI")]),
    ("Пожар начался в 15 корпусе.", []),  # no hour noun: not a clock time
    # weekends, sets, vague references, anaphors
    ("В выходные в Ярославле пройдёт фестиваль.", [("выходные", "DATE", "2025-W11-WE")]),
    (
        "Каждый вторник музей работает до 21:00.",
        [("Каждый вторник", "SET", "XXXX-WXX-2"), ("21:00", "TIME", "2025-03-14T21:00")],
    ),
    ("Данные обновляются ежедневно.", [("ежедневно", "SET", "P1D")]),
    ("Рынок работает по субботам.", [("по субботам", "SET", "XXXX-WXX-6")]),
    ("Совет собирается дважды в год.", [("дважды в год", "SET", "P1Y")]),
    ("Сейчас в городе работают 40 бригад.", [("Сейчас", "DATE", "PRESENT_REF")]),
    (
        "Акции подорожали 3 февраля, а на следующий день упали.",
        [("3 февраля", "DATE", "2025-02-03"), ("на следующий день", "DATE", "2025-02-04")],
    ),
    ("Накануне выборов в Туле задержали агитаторов.", []),  # the eve of an event
    (
        "Урожай собрали в первом квартале 2024 года.",
        [("первом квартале 2024 года", "DATE", "2024-Q1")],
    ),
    ("Этим летом в Крыму было жарко.", [("Этим летом", "DATE", "2025-SU")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_russian_expressions(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_a_whole_story() -> None:
    assert found(RU_STORIES[1]) == [
        ("14 марта", "DATE", "2025-03-14"),
        ("вчера", "DATE", "2025-03-13"),
        ("12 марта 2025 года", "DATE", "2025-03-12"),
        ("прошлом году", "DATE", "2024"),
        ("67 лет", "DURATION", "P67Y"),
        ("2009 года", "DATE", "2009"),
        ("завтра", "DATE", "2025-03-15"),
        ("15:30 по московскому времени", "TIME", "2025-03-15T15:30"),
        ("январе", "DATE", "2025-01"),
    ]


def test_without_a_publication_date_values_stay_unresolved() -> None:
    assert found("Переговоры прошли в среду, а 12 марта подписали договор.", None) == [
        ("среду", "DATE", "XXXX-WXX-3"),
        ("12 марта", "DATE", "XXXX-03-12"),
    ]


def test_position_modifiers_and_ranges_carry_their_mod() -> None:
    (m,) = extract_timexes("Работы завершат в конце марта.", FRIDAY, language="ru")
    assert (m.text, m.value, m.mod) == ("конце марта", "2025-03", "END")
    assert (m.range_start, m.range_end) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


# --- gates: a rule is skipped when its gate finds nothing, so it must find every match ----

GATE_SAMPLES = [
    *RU_STORIES,
    *(text for text, _ in CASES),
    "ВО ВТОРНИК ВЕЧЕРОМ, 12 МАРТА 2025 ГОДА, В ПРОШЛОМ ГОДУ И ЧЕРЕЗ ДВЕ НЕДЕЛИ",
    "в 1990-Х ГОДАХ, XX ВЕКА, ЕЖЕДНЕВНО, КАЖДЫЙ ДЕНЬ, ПО ПЯТНИЦАМ, НЕДАВНО, СУТКИ",
    # U+1C80-U+1C86: old letters re.IGNORECASE reads as в д о с т т ъ
    "\u1c80 прошлом году, \u1c81ва года назад, накануне \u1c83реды, ночью \u1c84ри дня",
]


@pytest.mark.parametrize("rule", [r for r in rules_ru.RULES if r.gate], ids=lambda r: r.name)
def test_gate_finds_something_in_every_match_of_its_rule(rule) -> None:
    texts = [*GATE_SAMPLES, *(t.upper() for t in GATE_SAMPLES)]
    matches = [m[0] for t in texts for m in rule.regex.finditer(t)]
    assert matches, f"no sample exercises rule {rule.name}"
    missed = [m for m in matches if not rule.gate.admits(m, fold_case(m))]
    assert missed == []


# --- properties ---------------------------------------------------------------------------

_RU_WORDS = st.sampled_from(
    [
        "в",
        "во",
        "марте",
        "12",
        "марта",
        "2025",
        "года",
        "вторник",
        "вечером",
        "через",
        "две",
        "недели",
        "назад",
        "8:00",
        "среды",
        "сутки",
        "каждый",
        "XXI",
        "века",
        "1990-е",
        "годы",
        "прошлом",
        "году",
        "накануне",
        "выходные",
        "ночь",
        "на",
        "субботу",
        ",",
        ".",
        "-",
    ]
)
_CYRILLIC = st.text(st.characters(min_codepoint=0x400, max_codepoint=0x4FF), max_size=40)
_TEXTS = st.one_of(
    st.lists(_RU_WORDS, max_size=25).map(" ".join),
    st.lists(st.one_of(_RU_WORDS, _CYRILLIC, st.text(max_size=8)), max_size=15).map(" ".join),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))))
def test_arbitrary_text_never_crashes_and_offsets_are_exact(text: str, dct: dt.date | None) -> None:
    mentions = extract_timexes(text, dct, language="ru")
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.type in {"DATE", "TIME", "DURATION", "SET"}
        assert m.text == m.text.strip(" \t\n,;:")
    spans = sorted((m.start, m.end) for m in mentions)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(RU_STORIES),
    st.integers(0, 2000),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
)
def test_story_values_are_well_formed_for_any_publication_date(
    story: str, cut: int, dct: dt.date
) -> None:
    text = story[:cut]
    for m in extract_timexes(text, dct, language="ru"):
        assert re.fullmatch(r"[0-9A-Z:\-/T]+|PRESENT_REF|PAST_REF|FUTURE_REF", m.value), m.value
        assert "ANAPHOR" not in m.value


# --- first-letter lookaheads: "(?=[...])" after the left boundary may only skip positions ---

_LOOKAHEAD = re.compile(re.escape(rules_ru.B) + r"\(\?=\[[^\]]*\]\)")
_WITH_LOOKAHEAD = [r for r in rules_ru.RULES if _LOOKAHEAD.search(r.regex.pattern)]


def test_some_rules_have_a_first_letter_lookahead() -> None:
    assert len(_WITH_LOOKAHEAD) >= 5


@pytest.mark.parametrize("rule", _WITH_LOOKAHEAD, ids=lambda r: r.name)
def test_first_letter_lookahead_changes_no_match(rule) -> None:
    plain = re.compile(_LOOKAHEAD.sub(lambda _: rules_ru.B, rule.regex.pattern), rule.regex.flags)
    texts = [*GATE_SAMPLES, *(t.upper() for t in GATE_SAMPLES)]
    for text in texts:
        assert [m.span() for m in rule.regex.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
