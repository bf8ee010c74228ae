"""The ``language`` switch of ``extract_quotes``, the shared lexicon helpers, and
property tests: arbitrary text with guillemets, lapki and dashes never crashes and
every offset is exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.enrich.quotes import extract_quotes
from storywire.tasks.enrich.quotes.lexicon_fr import FRENCH
from storywire.tasks.enrich.quotes.lexicon_ru import RUSSIAN
from storywire.tasks.enrich.quotes.profile import fold
from storywire.tasks.enrich.quotes.speakers_intl import same_surname
from storywire.tasks.records import EntityMention

ENGLISH = (
    'MOSCOW, June 9. /TASS/. "We will not sign anything under pressure," the ministry '
    "said.\n\n“Margins will stay thin,” Smith told reporters."
)


def test_english_and_none_are_todays_behaviour() -> None:
    today = extract_quotes(ENGLISH)
    assert today == extract_quotes(ENGLISH, language="en") == extract_quotes(ENGLISH, language=None)
    assert [(q.speaker, q.verb) for q in today] == [("the ministry", "say"), ("Smith", "tell")]


def test_region_suffixes_and_case_pick_the_language() -> None:
    body = "«Да», — сказал Иван Петров."
    at = body.index("Иван")
    ents = [EntityMention(at, at + 11, "Иван Петров", "PERSON", 0, "Иван Петров", "person:ip")]
    for code in ("ru", "RU", "ru-RU", "ru_RU"):
        assert [
            (q.speaker_canonical, q.verb) for q in extract_quotes(body, ents, language=code)
        ] == [("Иван Петров", "say")]


def test_other_languages_get_quotes_without_speakers() -> None:
    body = '„Wir sind bereit“, sagte der Minister. «Sí», dijo ella. "Yes," he said.'
    quotes = extract_quotes(body, language="de")
    assert [q.text for q in quotes] == ["Wir sind bereit", "Sí", "Yes,"]
    assert all(q.speaker is None and q.verb is None for q in quotes)


def test_entities_outside_the_body_are_rejected_in_every_language() -> None:
    bad = [EntityMention(0, 99, "x", "PERSON", 0, "x", "person:x")]
    with pytest.raises(ValueError, match="outside the body"):
        extract_quotes("«Да», — сказал он.", bad, language="ru")


def test_empty_and_quoteless_bodies() -> None:
    for lang in ("ru", "fr", "de"):
        assert extract_quotes("", language=lang) == []
        assert extract_quotes("Без кавычек. Sans guillemets.", language=lang) == []


@pytest.mark.parametrize(
    ("word", "surname", "same"),
    [
        ("Лаврова", "Лавров", True),
        ("Лавровым", "Лавров", True),
        ("Захаровой", "Захарова", True),
        ("Шойгу", "Шойгу", True),
        ("Лаврентьев", "Лавров", False),
        ("Иванов", "Петров", False),
        ("Ли", "Лин", False),
    ],
)
def test_same_surname_across_cases(word: str, surname: str, same: bool) -> None:
    assert same_surname(word, surname) is same


def test_fold_spells_words_as_the_lists_do() -> None:
    assert fold("Уверён.") == "уверен"
    assert fold("D’après") == "d'après"


@pytest.mark.parametrize(
    ("text", "lemma", "pronoun"),
    [
        ("a déclaré", "declare", None),
        ("ont déclaré", "declare", None),
        ("a également déclaré", "declare", None),
        ("a-t-il déclaré", "declare", "il"),
        ("ont-elles expliqué", "explain", "elles"),
        ("dit-il", "say", "il"),
        ("estime-t-elle", "believe", "elle"),
        ("s'est dite", "say", None),
    ],
)
def test_french_verb_forms(text: str, lemma: str, pronoun: str | None) -> None:
    match = FRENCH.verb_re.fullmatch(text)
    assert match is not None
    got_lemma, pron = FRENCH.read_verb(match)
    assert got_lemma == lemma
    assert (text[pron[0] : pron[1]] if pron else None) == pronoun


@pytest.mark.parametrize("text", ["заявил", "Заявила", "подчёркивает", "сообщили"])
def test_russian_verb_forms_match_any_case_and_yo(text: str) -> None:
    match = RUSSIAN.verb_re.fullmatch(text)
    assert match is not None and RUSSIAN.read_verb(match) is not None


def test_verbs_inside_words_do_not_match() -> None:
    assert RUSSIAN.verb_re.search("пересказали") is None
    assert FRENCH.verb_re.search("redit") is None


# Text built from the characters the scanners and readers react to.
_ALPHABET = st.sampled_from(
    [
        *"«»„“”\"'’ —–-,.:;!?…\n\t\u00a0\u202f\x01",
        "сказал",
        "заявила",
        "по словам",
        "Иван Петров",
        "он",
        "a déclaré",
        "a-t-il dit",
        "selon",
        "Marie Dubois",
        "elle",
        "l'",
        "Как",
        "Об этом",
        "\n\n",
        "компания",
    ]
)
_TEXT = st.lists(st.one_of(_ALPHABET, st.text(max_size=4)), max_size=60).map("".join)


def _entities(body: str, cuts: list[tuple[int, int]]) -> list[EntityMention]:
    out = []
    for a, b in cuts:
        start, end = sorted((a % (len(body) + 1), b % (len(body) + 1)))
        if start < end:
            out.append(EntityMention(start, end, body[start:end], "PERSON", 0, "X Y", "person:x"))
    return out


@settings(max_examples=300, deadline=None)
@given(
    body=_TEXT,
    cuts=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 400)), max_size=4),
    language=st.sampled_from(["ru", "fr", "de", "en"]),
)
def test_never_crashes_and_offsets_are_exact(body: str, cuts, language: str) -> None:
    quotes = extract_quotes(body, _entities(body, cuts), language=language)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(body)
        assert body[q.start : q.end] == q.text
        assert q.text == q.text.strip()
        assert q.paragraph is not None and q.paragraph >= 0
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("«»„“ —–-,.\n а"), max_size=300))
def test_long_runs_of_marks_and_dashes(body: str) -> None:
    for language in ("ru", "fr"):
        for q in extract_quotes(body, language=language):
            assert body[q.start : q.end] == q.text
