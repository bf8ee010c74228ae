"""The mixed-language benchmark input: generated Russian and French wire stories the cleaning
stage reads as such, interleaved with the English stories ``auto`` gives.

These tests check what the benchmark ingests and reports, never how fast anything is.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.flows.bench import format_benchmark
from storywire.flows.bench import vocabulary_ru_fr as v
from storywire.flows.bench.inputs import (
    generate_story_fr,
    generate_story_ru,
    mixed_language,
    write_input,
)
from storywire.tasks.clean.stories import build_stories
from storywire.tasks.read.fetch import Payload
from storywire.tasks.read.sources import SourceRef
from storywire.tasks.records import StoryDraft

FETCHED_AT = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
GENERATORS = {"ru": generate_story_ru, "fr": generate_story_fr}
AGENCIES = {"ru": {"TASS", "RIA Novosti", "Interfax"}, "fr": {"AFP", "Reuters"}}
PLACES = {"ru": {c[0] for c in v.RU_CITIES}, "fr": set(v.FR_CITIES)}


def _draft(data: bytes, published: str | None = None) -> StoryDraft:
    """The one story ``build_stories`` reads from ``data`` (with a benchmark-style sidecar)."""
    payload = Payload(
        ref=SourceRef(uri="/bench/input/story.txt", mtime=FETCHED_AT),
        data=data,
        fetched_at=FETCHED_AT,
        sidecar=json.dumps({"published": published}).encode() if published else None,
    )
    [draft] = build_stories(payload)
    assert isinstance(draft, StoryDraft), draft
    return draft


def _headline(text: str) -> str:
    """The headline as the generator wrote it: the first block after a site header."""
    blocks = text.split("\n\n")
    return blocks[1] if blocks[0] == "Все новости" else blocks[0]


@pytest.mark.parametrize("lang", ["ru", "fr"])
@pytest.mark.parametrize("seed", [1, 7])
def test_generated_stories_are_read_with_their_language_dateline_and_agency(lang, seed):
    rng = random.Random(seed)
    agencies = set()
    for i in range(25):
        text, published = GENERATORS[lang](i, rng)
        draft = _draft(text.encode("utf-8"), published)
        assert draft.language == lang, text
        assert draft.agency in AGENCIES[lang], text
        assert draft.dateline_place in PLACES[lang], (draft.dateline, text)
        assert draft.headline == _headline(text)
        assert draft.lede.startswith(text.split(draft.dateline, 1)[1][:30].strip())
        assert draft.published_date == dt.date.fromisoformat(published)
        agencies.add(draft.agency)
    assert agencies == AGENCIES[lang]  # every layout turns up in 25 stories


def test_russian_places_are_inflected_and_quotes_are_guillemets():
    rng = random.Random(3)
    texts = [generate_story_ru(i, rng)[0] for i in range(30)]
    joined = "\n".join(texts)
    assert "«" in joined and "»" in joined and '"' not in joined
    # locative and genitive forms, not the nominative after a preposition
    assert any(loc in joined for _, loc, _ in v.RU_CITIES)
    assert any(gen in joined for _, _, gen in v.RU_COUNTRIES)
    assert "в Москва" not in joined and "из Казань" not in joined
    # a woman's verb agrees
    for text in texts:
        for first, last, gender in v.RU_PEOPLE:
            if gender == "f" and f"— добавил {last}." in text:
                pytest.fail(f"masculine verb for {first} {last}")


def test_french_stories_elide_and_use_guillemets():
    rng = random.Random(4)
    joined = "\n".join(generate_story_fr(i, rng)[0] for i in range(40))
    assert "«\u00a0" in joined and "\u00a0»" in joined
    assert "la économiste" not in joined and "le économiste" not in joined
    assert "l'économiste" in joined or "l'Insee" in joined


@pytest.mark.parametrize("lang", ["ru", "fr"])
def test_generators_are_deterministic_by_seed_and_vary(lang):
    gen = GENERATORS[lang]
    first = [gen(i, random.Random(5)) for i in range(3)]
    again = [gen(i, random.Random(5)) for i in range(3)]
    assert first == again
    rng = random.Random(5)
    stories = [gen(i, rng) for i in range(30)]
    assert len({t for t, _ in stories}) == 30
    assert len({_headline(t) for t, _ in stories}) > 15
    assert [gen(0, random.Random(6))] != [gen(0, random.Random(5))]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), i=st.integers(0, 10_000), lang=st.sampled_from(["ru", "fr"]))
def test_any_seed_gives_a_story_the_cleaner_reads(seed, i, lang):
    text, published = GENERATORS[lang](i, random.Random(seed))
    draft = _draft(text.encode("utf-8"), published)
    assert (draft.language, draft.agency in AGENCIES[lang]) == (lang, True)
    assert draft.dateline and text.count(draft.dateline) == 1


def _texts(folder: Path) -> dict[str, str]:
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.txt"))}


def test_mixed_input_interleaves_three_languages_in_any_prefix(tmp_path):
    absent = tmp_path / "no-corpora"  # generated English stories, as auto gives without corpora
    info = write_input(tmp_path / "mixed", 23, source="mixed", corpora=absent)
    assert info["source"] == "mixed" and info["english_source"] == "generated"
    assert info["languages"] == {"en": 14, "ru": 5, "fr": 4} and info["files"] == 23
    texts = _texts(tmp_path / "mixed")
    # what the cleaning stage reads in each file, in the order the files sort (and are read)
    detected = []
    for name, text in texts.items():
        meta = tmp_path / "mixed" / name.replace(".txt", ".meta.json")
        detected.append(_draft(text.encode(), json.loads(meta.read_text())["published"]).language)
    assert detected == [mixed_language(p) for p in range(23)]
    for k in range(4, 24):
        assert set(detected[:k]) == {"en", "ru", "fr"}, k
    for start in range(0, 19):  # every five consecutive stories mix the three too
        assert set(detected[start:start + 5]) == {"en", "ru", "fr"}


def test_mixed_english_stories_are_those_auto_gives(tmp_path):
    absent = tmp_path / "no-corpora"
    write_input(tmp_path / "mixed", 20, source="mixed", corpora=absent, seed=3)
    write_input(tmp_path / "auto", 12, source="auto", corpora=absent, seed=3)
    mixed = _texts(tmp_path / "mixed")
    english = [t for name, t in mixed.items() if not name.endswith(("_ru.txt", "_fr.txt"))]
    assert english == list(_texts(tmp_path / "auto").values())


def test_one_languages_part_is_the_same_files(tmp_path):
    absent = tmp_path / "no-corpora"
    write_input(tmp_path / "all", 15, source="mixed", corpora=absent)
    info = write_input(tmp_path / "ru", 15, source="mixed", corpora=absent, languages={"ru"})
    assert info["languages"] == {"ru": 3} and info["files"] == 3
    ru = _texts(tmp_path / "ru")
    everything = _texts(tmp_path / "all")
    assert ru == {k: everything[k] for k in ru}
    assert all(k.endswith("_generated_ru.txt") for k in ru)
    assert sorted(p.name for p in (tmp_path / "ru").glob("*.meta.json")) == [
        k.replace(".txt", ".meta.json") for k in sorted(ru)
    ]


def test_mixed_seed_changes_the_russian_and_french_stories(tmp_path):
    absent = tmp_path / "no-corpora"
    a = write_input(tmp_path / "a", 5, source="mixed", corpora=absent, seed=1)
    b = write_input(tmp_path / "b", 5, source="mixed", corpora=absent, seed=1)
    c = write_input(tmp_path / "c", 5, source="mixed", corpora=absent, seed=2)
    assert a == b and _texts(tmp_path / "a") == _texts(tmp_path / "b")
    ta, tc = _texts(tmp_path / "a"), _texts(tmp_path / "c")
    assert ta["000001_generated_ru.txt"] != tc["000001_generated_ru.txt"]
    assert c["languages"] == {"en": 3, "ru": 1, "fr": 1}


def test_unknown_source_is_refused(tmp_path):
    with pytest.raises(ValueError, match="mixed"):
        write_input(tmp_path / "x", 3, source="multilingual")


def _fake_result() -> dict:
    """A mixed run's result with invented numbers, shaped as ``run_benchmark`` returns it."""
    side = {"peak_rss_mb": 400.0, "peak_tree_rss_mb": 900.0, "peak_tree_pss_mb": 700.0,
            "process_cpu_seconds": 30.0, "largest_rss_by_quarter_mb": [300, 350, 380, 400]}
    lang = {"stories": 8, "files": 8, "words": 2400, "seconds": 1.2, "wall_seconds": 22.0,
            "words_per_s": 2000.0, "wall_words_per_s": 109.1, "entities": 90, "timexes": 30,
            "quotes": 12, "peak_tree_rss_mb": 800.0}
    return {
        "machine": {"cpus": 2, "load_average_at_start": [1.0, 1.0, 1.0]},
        "params": {"processes": 1, "batch_size": 32, "model": "en_core_web_sm"},
        "input": {"files": 40, "source": "mixed", "english_source": "corpus", "words": 12000,
                  "texts_piped": 48, "languages": {"en": 24, "ru": 8, "fr": 8}},
        "bare_spacy": {**side, "seconds": 2.0, "process_wall_seconds": 9.0, "words_per_s": 3600.0,
                       "stories_per_s": 12.0},
        "flow": {**side, "seconds": 6.0, "wall_seconds": 30.0, "words_per_s": 2000.0,
                 "stories_per_s": 6.7, "wall_words_per_s": 400.0, "startup_seconds": 24.0,
                 "prefect_database_seconds": 6.0,
                 "entities": 500, "timexes": 120, "quotes": 40, "duplicates": 0,
                 "status": "completed"},
        "incremental": {**side, "seconds": 0.1, "wall_seconds": 10.0, "files_skipped": 40,
                        "files_seen": 40, "share_of_first": 0.02, "wall_share_of_first": 0.3},
        "ratio": {"flow_over_bare_words_per_s": 0.61, "flow_wall_over_bare_words_per_s": 0.2,
                  "basis": "English stories ingested alone"},
        "languages": {"en": {**lang, "stories": 24, "words": 7200, "words_per_s": 2200.0},
                      "ru": lang, "fr": {**lang, "words_per_s": 1700.0}},
        "queries": [],
    }


def test_report_of_a_mixed_run_names_languages_and_the_ratios_basis():
    text = format_benchmark(_fake_result())
    assert text.startswith("storywire bench: 40 mixed (en 24, ru 8, fr 8; English from corpus) stories")
    assert "48 English texts piped" in text
    assert "1. bare spaCy nlp.pipe (English only)" in text
    assert "flow / bare words/s (English stories ingested alone): 0.61" in text
    lines = {ln.split()[0]: ln for ln in text.splitlines() if ln.startswith("  ") and "stories" in ln}
    assert "2,200 words/s" in lines["en"] and "1,700 words/s" in lines["fr"]
    assert "2,000 words/s" in lines["ru"] and "8 stories" in lines["ru"]


def test_report_of_an_english_run_is_unchanged_by_the_mixed_lines():
    result = _fake_result()
    result["input"] = {**result["input"], "source": "corpus", "languages": {"en": 40}}
    result["ratio"] = {**result["ratio"], "basis": "all stories"}
    result["languages"] = {}
    text = format_benchmark(result)
    assert text.startswith("storywire bench: 40 corpus stories (12,000 words, 48 texts piped)")
    assert "flow / bare words/s: 0.61 (wall time: 0.20)" in text
    assert "English only" not in text and "ingested alone" not in text


@pytest.mark.slow
def test_a_mixed_run_reports_each_language(bench, bench_stories, bench_languages):
    """The shared mixed run (``conftest.bench``): the flow reads every story, each language's
    part is ingested alone, and bare spaCy reads the English ones."""
    result, _ = bench
    langs = result["languages"]
    assert result["input"]["languages"] == bench_languages and sum(bench_languages.values()) == bench_stories
    assert {k: d["stories"] for k, d in langs.items()} == bench_languages
    assert result["flow"]["stories"] == bench_stories
    # the parts hold the same stories as the mixed run, so the same words
    assert sum(d["words"] for d in langs.values()) == result["flow"]["words"] == result["input"]["words"]
    assert result["bare_spacy"]["words"] == langs["en"]["words"] < result["flow"]["words"]
    assert langs["ru"]["entities"] > 0 and langs["fr"]["entities"] > 0
    assert langs["ru"]["quotes"] > 0 and langs["fr"]["quotes"] > 0
    ratio = langs["en"]["words_per_s"] / result["bare_spacy"]["words_per_s"]
    assert result["ratio"]["flow_over_bare_words_per_s"] == pytest.approx(ratio, rel=1e-3)
    assert result["ratio"]["basis"] == "English stories ingested alone"
