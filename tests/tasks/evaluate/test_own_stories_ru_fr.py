"""Our own Russian and French gold stories (evaluation/own_stories_ru, own_stories_fr): the
gold file is what its marked source says, every offset is exact, every label and TIMEX3
value is well formed and agrees with what the text says, and the bundled Russian and French
samples are files in the encodings they claim."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import re
from collections import Counter

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

EVAL = ROOT / "evaluation"
SETS = {"ru": EVAL / "own_stories_ru", "fr": EVAL / "own_stories_fr"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT"}
ENTITY_LABELS |= {"WORK_OF_ART", "LANGUAGE"}
STRUCTURE_KEYS = {"site_header", "headline", "subheadline", "byline", "caption", "credit",
                  "dateline_place", "agency", "published_date", "lede"}  # fmt: skip
AGENCIES = {"ru": {"ТАСС", "Интерфакс", "РИА Новости"}, "fr": {"AFP", "Reuters", "AP"}}
#: Agencies later sets add beside the main ones (regional and other francophone wires)
OTHER_AGENCIES = {"ru": {"Регнум"}, "fr": {"APS", "ATS", "La Presse Canadienne"}}

# TIMEX3 values by type (TimeML 1.2; the forms the English gold in shared/corpora/tbaq uses)
_UNIT = r"(?:\d+|X)(?:Y|M|W|D|Q|DE|CE)"
VALUE = {
    "DATE": re.compile(
        r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}(?:-WE)?|Q[1-4]|H[12]|SP|SU|FA|WI))?"
        r"|\d{2,3}X?|PRESENT_REF|PAST_REF|FUTURE_REF"
    ),
    "TIME": re.compile(r"\d{4}-\d{2}-\d{2}T(?:\d{2}:\d{2}|MO|AF|EV|NI)"),
    "DURATION": re.compile(rf"P(?:{_UNIT})+(?:T(?:(?:\d+|X)[HMS])+)?|PT(?:(?:\d+|X)[HMS])+"),
    "SET": re.compile(
        r"XXXX-(?:WXX-[1-7](?:T(?:MO|AF|EV|NI|\d{2}:\d{2}))?|\d{2}|SP|SU|FA|WI|Q[1-4])"
        r"|P\d+(?:Y|M|W|D)|PT\d+[HM]"
    ),
}
WEEKDAYS = {
    "понедельн": 1, "вторник": 2, "сред": 3, "четверг": 4, "пятниц": 5, "суббот": 6,
    "воскресен": 7, "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5,
    "samedi": 6, "dimanche": 7,
}  # fmt: skip
MONTHS = {
    "январ": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "окт": 10, "ноябр": 11, "декабр": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}  # fmt: skip
DAY_MONTH = re.compile(r"(?<![\d:])(\d{1,2}) ([а-яёa-zéû]+)")
# what stands right outside a quote: its opening mark or a dialogue dash, its closing mark
# or the comma before the dash of a dialogue
OPENERS, CLOSERS = '«„"—', '»“",'


def _builder():
    spec = importlib.util.spec_from_file_location("build_wire_gold", EVAL / "build_wire_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold(language: str) -> list[dict]:
    path = SETS[language] / "gold.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


ALL = [(lang, doc) for lang in SETS for doc in _gold(lang)]
IDS = [doc["doc_id"] for _, doc in ALL]


def test_gold_files_are_built_from_the_marked_stories():
    assert _builder().main(["--check"]) == 0, "run evaluation/build_wire_gold.py"


@pytest.mark.parametrize("language", sorted(SETS))
def test_each_language_has_enough_varied_stories(language):
    docs = _gold(language)
    assert len(docs) >= 8 and len({d["doc_id"] for d in docs}) == len(docs)
    assert all(d["language"] == language and d["doc_id"].startswith(f"{language}-") for d in docs)
    assert all(150 <= len(d["text"].split()) <= 400 for d in docs)
    # the real layouts of every agency, and some datelines without a year
    assert {d["structure"]["agency"] for d in docs} == AGENCIES[language]
    assert any(str(int(d["dct"][:4])) not in d["text"].split("\n")[0] for d in docs)
    labels = Counter(e["label"] for d in docs for e in d["entities"])
    assert {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"} <= labels.keys()
    types = Counter(t["type"] for d in docs for t in d["timexes"])
    assert set(types) == {"DATE", "TIME", "DURATION", "SET"}
    assert sum(len(d["quotes"]) for d in docs) >= 15


@pytest.mark.parametrize("language", sorted(SETS))
def test_one_story_has_the_seeds_shape(language):
    """Two countries in conflict, their capitals, a disputed region, a president quoted,
    foreign ministers, mediators (the product's seed story)."""
    (doc,) = [d for d in _gold(language) if d["doc_id"].startswith(f"{language}-001")]
    key = [e for e in doc["entities"] if e.get("key")]
    countries = {e["country"] for e in key if e["label"] == "GPE"}
    people = {e["text"] for e in key if e["label"] == "PERSON"}
    assert len(countries) >= 3 and len(people) >= 3  # two sides and a mediator's capital
    assert {q["speaker"] for q in doc["quotes"]} & people
    assert re.search(r"[Пп]резидент|président", doc["text"])
    assert re.search(r"[Мм]инистр\w* иностранных дел|ministres? des Affaires étrangères",
                     doc["text"])  # fmt: skip
    assert re.search(r"[Пп]осредни|médiation", doc["text"])


@pytest.mark.parametrize(("language", "doc"), ALL, ids=IDS)
def test_offsets_are_exact_and_the_body_sits_in_the_raw_file(language, doc):
    text, raw = doc["text"], doc["raw"]
    assert text in raw and raw.endswith("\n") and not text.endswith("\n")
    assert not re.search(r"[\[\]{}¦]", raw), "a mark was left in the raw text"
    for kind in ("entities", "timexes", "quotes"):
        spans = sorted((m["start"], m["end"]) for m in doc[kind])
        for m in doc[kind]:
            assert 0 <= m["start"] < m["end"] <= len(text)
            assert text[m["start"] : m["end"]] == m["text"], (kind, m)
            assert m["text"] == m["text"].strip(), (kind, m)
        if kind != "quotes":  # quotes may hold a quote; mentions never overlap
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), kind


@pytest.mark.parametrize(("language", "doc"), ALL, ids=IDS)
def test_structure_is_what_the_raw_file_holds(language, doc):
    s, raw, text = doc["structure"], doc["raw"], doc["text"]
    assert set(s) == STRUCTURE_KEYS
    lines = raw.split("\n")
    for field in ("site_header", "headline", "subheadline", "byline", "caption"):
        assert s[field] is None or s[field] in lines, field
    assert s["headline"], "every story has a headline"
    assert s["credit"] is None or f"© {s['credit']}" in lines
    assert s["published_date"] == doc["dct"] and dt.date.fromisoformat(doc["dct"])
    assert s["agency"] in AGENCIES[language] | OTHER_AGENCIES[language]
    place = s["dateline_place"]
    # as a reader writes the name ("Ростов-на-Дону", "Ханты-Мансийск"), not the dateline's capitals
    assert place and place[0].isupper() and not place.isupper()
    first = text.split("\n\n")[0]
    assert first.upper().startswith(place.upper()) and first.endswith(s["lede"])
    assert len(s["lede"]) > 0.6 * len(first), "the lede is the paragraph minus the dateline"


@pytest.mark.parametrize(("language", "doc"), ALL, ids=IDS)
def test_labels_and_flags_are_in_the_label_set(language, doc):
    for e in doc["entities"]:
        assert e["label"] in ENTITY_LABELS, e
        assert set(e) <= {"start", "end", "text", "label", "key", "opt", "optional", "country"}
        assert e.get("opt") == e.get("optional")
        assert "country" not in e or re.fullmatch(r"[A-Z]{2}", e["country"])
    assert any(e.get("key") for e in doc["entities"]), "every story has main actors"


@pytest.mark.parametrize(("language", "doc"), ALL, ids=IDS)
def test_timex_values_are_well_formed_and_agree_with_the_text(language, doc):
    for t in doc["timexes"]:
        assert VALUE[t["type"]].fullmatch(t["value"]), t
        day = re.match(r"\d{4}-\d{2}-\d{2}", t["value"])
        if day:
            date = dt.date.fromisoformat(day.group())  # a real day of the calendar
            lower = t["text"].lower()
            for stem, weekday in WEEKDAYS.items():
                if stem in lower:
                    assert date.isoweekday() == weekday, t
            for number, word in DAY_MONTH.findall(lower):
                month = next((v for k, v in MONTHS.items() if word.startswith(k)), None)
                assert month is None or (date.month, date.day) == (month, int(number)), t


@pytest.mark.parametrize(("language", "doc"), ALL, ids=IDS)
def test_quotes_are_the_words_inside_the_marks_with_a_named_speaker(language, doc):
    text = doc["text"]
    for q in doc["quotes"]:
        before = text[: q["start"]].rstrip(" \u00a0")
        after = text[q["end"] :].lstrip(" \u00a0")
        assert before and before[-1] in OPENERS, q
        assert after and after[0] in CLOSERS, q
        assert q["speaker"] is None or q["speaker"].strip() == q["speaker"] != ""
    named = [q for q in doc["quotes"] if q["speaker"]]
    assert len(named) == len(doc["quotes"]), "every quote in our stories has a speaker"


# ----------------------------------------------------------------------- the marked format


def test_marks_become_offsets_quotes_and_a_lede():
    b = _builder()
    body = b.parse_body(
        "t",
        "[ПАРИЖ|GPE|FR], [5 мая|DATE|2025-05-05]. /[ТАСС|ORG]/.¦ «{Мы ждем [Анну|PERSON|key]"
        " в [среду|DATE|2025-05-07]}<Анна Петрова>», — сказала [Петрова|PERSON|opt].",
    )
    text = body["text"]
    assert text == "ПАРИЖ, 5 мая. /ТАСС/. «Мы ждем Анну в среду», — сказала Петрова."
    assert text[body["dateline_end"] :] == " «Мы ждем Анну в среду», — сказала Петрова."
    assert [(e["text"], e["label"]) for e in body["entities"]] == [
        ("ПАРИЖ", "GPE"), ("ТАСС", "ORG"), ("Анну", "PERSON"), ("Петрова", "PERSON"),
    ]  # fmt: skip
    assert body["entities"][0]["country"] == "FR" and body["entities"][2]["key"] is True
    assert body["entities"][3]["optional"] is True
    assert [(t["text"], t["value"]) for t in body["timexes"]] == [
        ("5 мая", "2025-05-05"), ("среду", "2025-05-07"),
    ]  # fmt: skip
    assert body["quotes"] == [{"start": 23, "end": 43, "text": "Мы ждем Анну в среду",
                               "speaker": "Анна Петрова"}]  # fmt: skip


@pytest.mark.parametrize(
    ("marked", "message"),
    [
        ("[Anna|PER] a dit.", "unknown label 'PER'"),
        ("[Anna|PERSON|chef] a dit.", "unknown flag 'chef'"),
        ("[mardi|DATE|2025-05-06|opt] il a dit.", "unknown timex mod"),
        ("«{Oui» a dit Anna.", "not closed"),
        ("Oui}<Anna> a dit Anna.", "never opened"),
        ("[Anna|PERSON a dit.", "not closed"),
        ("[mardi|DATE] il a dit.", "has no value"),
    ],
)
def test_a_broken_mark_is_refused(marked, message):
    with pytest.raises(ValueError, match=message):
        _builder().parse_body("t", marked)


def test_a_story_without_the_dateline_end_is_refused():
    b = _builder()
    with pytest.raises(ValueError, match="dateline"):
        b.build_story("t", {"dct": "2025-01-01"}, {"text": "PARIS (AFP) - Rien."})


PLAIN = st.text(st.characters(blacklist_characters="[]{}|<>¦", blacklist_categories=["Cs"]))


@given(st.lists(st.tuples(PLAIN, PLAIN.filter(str.strip), st.sampled_from(["PERSON", "GPE"]))))
def test_any_marked_text_gives_exact_offsets(parts):
    marked = "".join(f"{gap}[{surface}|{label}]" for gap, surface, label in parts)
    body = _builder().parse_body("t", marked)
    assert body["text"] == "".join(gap + surface for gap, surface, _ in parts)
    assert [e["text"] for e in body["entities"]] == [surface for _, surface, _ in parts]
    for e in body["entities"]:
        assert body["text"][e["start"] : e["end"]] == e["text"]


@given(st.text())
def test_hostile_text_is_parsed_or_refused_never_crashes(marked):
    try:
        body = _builder().parse_body("t", marked)
    except ValueError:
        return
    for kind in ("entities", "timexes", "quotes"):
        for m in body[kind]:
            assert body["text"][m["start"] : m["end"]] == m["text"]


# ----------------------------------------------------------------------- bundled samples

SAMPLES = {
    "tass_sochi_rail.cp1251.txt": ("cp1251", "СОЧИ, 3 июля. /ТАСС/."),
    "ria_murmansk_port.txt": ("utf-8", "МУРМАНСК, 14 фев — РИА Новости."),
    "afp_nantes_bridge.txt": ("utf-8", "NANTES, 8 avril 2025 (AFP) -"),
    "reuters_bordeaux_wine.cp1252.txt": ("cp1252", "BORDEAUX, 7 novembre (Reuters) -"),
}


@pytest.mark.parametrize(("name", "expected"), SAMPLES.items())
def test_bundled_russian_and_french_samples_are_in_their_encodings(name, expected):
    encoding, dateline = expected
    data = (ROOT / "samples" / name).read_bytes()
    if encoding != "utf-8":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # a legacy file, as a Windows user has it
    text = data.decode(encoding)
    assert f"\n{dateline} " in text.replace("\r\n", "\n")
    assert 150 <= len(text.split()) <= 400
    if encoding == "cp1252":  # characters Latin-1 does not have: ’ œ €
        assert {"’", "œ", "€"} <= set(text)


def test_bundled_samples_differ_from_the_gold_stories():
    gold = {d["text"].split("\n\n")[1][:60] for _, d in ALL}
    for name, (encoding, _) in SAMPLES.items():
        text = (ROOT / "samples" / name).read_bytes().decode(encoding)
        assert not any(g in text for g in gold), name
