"""Our later Russian and French gold stories, sets 2 to 5 (evaluation/own_stories_ru_2 to _4,
own_stories_fr_2 to _5): the gold file is what its marked source
says, and every story passes the checks of the first sets (exact offsets, structure found in
the raw file, labels, TIMEX3 values that agree with the text); quotes may have no named
speaker here, and each set shares no person or headline with the sets before it, so they
measure rules nobody tuned on them."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

EVAL = ROOT / "evaluation"
#: (language, set number) -> folder; every set before a set is "earlier" to it
SETS = {(lang, n): EVAL / f"own_stories_{lang}_{n}" for lang, n in (("ru", 2), ("ru", 3), ("ru", 4), ("fr", 2), ("fr", 3), ("fr", 4), ("fr", 5))}
FIRST = {"ru": EVAL / "own_stories_ru", "fr": EVAL / "own_stories_fr"}


def _earlier(key: tuple[str, int]) -> list:
    lang, n = key
    return [FIRST[lang], *(SETS[(lang, k)] for k in range(2, n))]
FIRST_TEST = ROOT / "tests" / "tasks" / "evaluate" / "test_own_stories_ru_fr.py"
# the first sets' per-story checks, reused as they are (they take (language, doc))
SHARED_CHECKS = (
    "test_offsets_are_exact_and_the_body_sits_in_the_raw_file",
    "test_structure_is_what_the_raw_file_holds",
    "test_labels_and_flags_are_in_the_label_set",
    "test_timex_values_are_well_formed_and_agree_with_the_text",
)
# Interfax writes a dialogue with a hyphen where the others put a dash
OPENERS_EXTRA = "-"
MIN_STORIES, MIN_QUOTES = 6, 12


def _load(name: str, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIRST_CHECKS = _load("own_stories_ru_fr_checks", FIRST_TEST)
BUILDER = _load("build_wire_gold", EVAL / "build_wire_gold.py")


def _gold(folder) -> list[dict]:
    path = folder / "gold.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


ALL = [(lang, doc) for (lang, _), folder in SETS.items() for doc in _gold(folder)]
IDS = [doc["doc_id"] for _, doc in ALL]


KEYS = sorted(SETS)
KEY_IDS = [f"{lang}_{n}" for lang, n in KEYS]


@pytest.mark.parametrize("key", KEYS, ids=KEY_IDS)
def test_gold_files_are_built_from_the_marked_stories(key):
    assert BUILDER.main(["--check", str(SETS[key])]) == 0, "run build_wire_gold.py"


@pytest.mark.parametrize("key", KEYS, ids=KEY_IDS)
def test_each_language_has_enough_varied_stories(key):
    language = key[0]
    docs = _gold(SETS[key])
    assert len(docs) >= MIN_STORIES and len({d["doc_id"] for d in docs}) == len(docs)
    assert all(d["language"] == language and d["doc_id"].startswith(f"{language}-") for d in docs)
    assert all(150 <= len(d["text"].split()) <= 400 for d in docs)
    agencies = {d["structure"]["agency"] for d in docs}
    main = FIRST_CHECKS.AGENCIES[language]
    assert len(agencies & main) >= 2 and agencies <= main | FIRST_CHECKS.OTHER_AGENCIES[language]
    assert any(str(int(d["dct"][:4])) not in d["text"].split("\n")[0] for d in docs)
    labels = Counter(e["label"] for d in docs for e in d["entities"])
    assert {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"} <= labels.keys()
    assert {t["type"] for d in docs for t in d["timexes"]} == {"DATE", "TIME", "DURATION", "SET"}
    quotes = [q for d in docs for q in d["quotes"]]
    assert len(quotes) >= MIN_QUOTES
    assert any(q["speaker"] is None for q in quotes), "some quotes name no speaker"
    assert any(t.get("mod") for d in docs for t in d["timexes"]), "some timexes are modified"


@pytest.mark.parametrize("key", KEYS, ids=KEY_IDS)
def test_the_stories_are_new_to_the_earlier_sets(key):
    first = [d for folder in _earlier(key) for d in _gold(folder)]
    second = _gold(SETS[key])

    def people(docs):
        return {e["text"] for d in docs for e in d["entities"] if e["label"] == "PERSON"}

    def headlines(docs):
        return {d["structure"]["headline"] for d in docs}

    assert not people(first) & people(second)
    assert not headlines(first) & headlines(second)
    assert not {d["doc_id"] for d in first} & {d["doc_id"] for d in second}
    places = [d["structure"]["dateline_place"] for d in second]
    old = {d["structure"]["dateline_place"] for d in first}
    assert sum(p not in old for p in places) >= len(places) / 2, "mostly new places"


@pytest.mark.parametrize("check", SHARED_CHECKS)
@pytest.mark.parametrize(("language", "doc"), ALL, ids=IDS)
def test_each_story_passes_the_first_sets_checks(check, language, doc):
    getattr(FIRST_CHECKS, check)(language, doc)


def _names_the_speaker(speaker: str, entity: dict) -> bool:
    """The speaker (nominative) is the name an entity gives, whatever its case ending."""
    return all(word[: max(3, len(word) - 2)] in entity["text"] for word in speaker.split())


@pytest.mark.parametrize(("language", "doc"), ALL, ids=IDS)
def test_quotes_are_the_words_inside_the_marks(language, doc):
    text, openers = doc["text"], FIRST_CHECKS.OPENERS + OPENERS_EXTRA
    for q in doc["quotes"]:
        before = text[: q["start"]].rstrip(" \u00a0")
        after = text[q["end"] :].lstrip(" \u00a0")
        assert before and before[-1] in openers, q
        assert after and after[0] in FIRST_CHECKS.CLOSERS, q
        assert q["text"] == q["text"].strip(" \u00a0"), "no space inside the marks"
        if q["speaker"] is not None:
            assert q["speaker"].strip() == q["speaker"] != ""
            named = [e for e in doc["entities"] if e["label"] in {"PERSON", "ORG"}]
            assert any(_names_the_speaker(q["speaker"], e) for e in named), q


def _remark(doc: dict) -> str:
    """The body with its entity and timex marks put back (quotes and ¦ left out)."""
    marks = [(e["start"], e["end"], "|".join([e["label"], *_flags(e)])) for e in doc["entities"]]
    marks += [(t["start"], t["end"], "|".join([t["type"], t["value"], *_mods(t)]))
              for t in doc["timexes"]]  # fmt: skip
    out, pos = [], 0
    for start, end, tail in sorted(marks):
        out += [doc["text"][pos:start], f"[{doc['text'][start:end]}|{tail}]"]
        pos = end
    return "".join(out) + doc["text"][pos:]


def _mods(timex: dict) -> list[str]:
    return [timex["mod"]] if "mod" in timex else []


def _flags(entity: dict) -> list[str]:
    flags = [f for f in ("key", "opt") if entity.get(f)]
    return flags + ([entity["country"]] if "country" in entity else [])


@pytest.mark.parametrize(("language", "doc"), ALL, ids=IDS)
def test_the_gold_marks_round_trip_through_the_builder(language, doc):
    body = BUILDER.parse_body(doc["doc_id"], _remark(doc))
    assert body["text"] == doc["text"]
    assert body["entities"] == doc["entities"] and body["timexes"] == doc["timexes"]


PLAIN = st.text(st.characters(blacklist_characters="[]{}|<>¦", blacklist_categories=["Cs"]))


@given(st.sampled_from(ALL), PLAIN)
def test_text_put_before_a_story_shifts_every_offset_by_its_length(item, prefix):
    _, doc = item
    body = BUILDER.parse_body(doc["doc_id"], prefix + _remark(doc))
    assert body["text"] == prefix + doc["text"]
    for kind in ("entities", "timexes"):
        for new, old in zip(body[kind], doc[kind], strict=True):
            shifted = (old["start"] + len(prefix), old["end"] + len(prefix))
            assert (new["start"], new["end"]) == shifted
            assert body["text"][new["start"] : new["end"]] == old["text"]


def test_an_unnamed_speaker_is_marked_with_empty_brackets():
    body = BUILDER.parse_body("t", "PARIS (AFP) -¦ « {Rien}<> », a dit un témoin.")
    assert body["quotes"] == [{"start": 16, "end": 20, "text": "Rien", "speaker": None}]
