"""Quote scoring: found by span overlap, attributed by speaker name, on the flow's extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.evaluate.entities import GoldError
from storywire.tasks.evaluate.quotes import (
    evaluate_quotes_file,
    fold_name,
    format_quotes_report,
    load_quote_gold,
    predict_quotes,
    score_quotes,
    speakers_match,
)

GOLD = Path(__file__).resolve().parents[2] / "fixtures" / "eval_structure" / "gold.jsonl"


@pytest.mark.parametrize(
    ("gold", "got", "lenient", "exact"),
    [
        ("Сергей Лавров", "Сергей Лавров", True, True),
        ("Сергей Лавров", "Лавров", True, False),  # the surname a story uses after the first mention
        ("Lavrov", "Sergei Lavrov", True, False),
        ("Jean-Yves Le Drian", "Le Drian", True, False),
        ("Élisabeth Borne", " elisabeth\tBORNE ", True, True),  # accents, case, white space
        ("Пётр Иванов", "Петр Иванов", True, True),  # ё written as е
        ("Sergei Lavrov", "Sergei", False, False),  # a first name is not the speaker
        ("Сергей Лавров", "Лаврова", False, False),  # an inflected surname is not a base form
        ("Narek Avetisyan", "he", False, False),
        ("Narek Avetisyan", None, False, False),
        ("Daniel Mwangi", "Daniel Mwangi Kamau", False, False),
    ],
)
def test_speakers_match_by_the_documented_rule(gold, got, lenient, exact) -> None:
    assert speakers_match(gold, got) is lenient
    assert speakers_match(gold, got, exact=True) is exact


@given(a=st.text(max_size=40), b=st.text(max_size=40))
def test_speakers_match_is_symmetric_and_never_crashes(a: str, b: str) -> None:
    assert speakers_match(a, b) == speakers_match(b, a)
    assert speakers_match(a, a) == bool(fold_name(a))


def _doc(text: str, quotes: list[tuple[str, str | None]], language: str = "en") -> dict:
    gold = []
    for quote, speaker in quotes:
        start = text.index(quote)
        gold.append({"start": start, "end": start + len(quote), "text": quote, "speaker": speaker})
    return {"doc_id": f"d-{len(text)}", "language": language, "text": text, "quotes": gold}


def _pred(doc: dict, quote: str, speaker: str | None, canonical: str | None = None) -> dict:
    start = doc["text"].index(quote)
    return {"start": start, "end": start + len(quote), "text": quote, "speaker": speaker,
            "speaker_canonical": canonical}  # fmt: skip


TEXT = ('RIGA, May 2 (Reuters) - "We will not wait," Prime Minister Anna Kalnina said. '
        '"The grid is ready," she added. A spokesman called the plan "a paper tiger".')  # fmt: skip


def test_found_pairs_overlapping_spans_one_to_one_and_attribution_uses_the_canonical() -> None:
    doc = _doc(TEXT, [("We will not wait,", "Anna Kalnina"), ("The grid is ready,", "Anna Kalnina"),
                      ("a paper tiger", None)])  # fmt: skip
    preds = [
        _pred(doc, "We will not", "Kalnina"),  # overlap, surname only: attributed
        _pred(doc, "The grid is", "she", "Anna Kalnina"),  # the canonical is compared
        _pred(doc, "ready,", None),  # the second half of a split quote: a false alarm
        _pred(doc, "a paper tiger", "A spokesman"),  # gold has no speaker: counted, not scored
    ]
    s = score_quotes([doc], [preds])
    assert (s["found"]["tp"], s["found"]["fp"], s["found"]["fn"]) == (3, 1, 0)
    assert s["found"]["precision"] == pytest.approx(0.75) and s["found"]["recall"] == 1.0
    assert s["attributed"] == {"n": 2, "right": 2, "share": 1.0}
    assert s["attributed_exact"]["right"] == 1
    assert s["speaker_without_gold"] == 1 and s["wrong"] == []


def test_a_wrong_or_missed_speaker_is_listed_and_shown() -> None:
    doc = _doc(TEXT, [("We will not wait,", "Anna Kalnina"), ("The grid is ready,", "Anna Kalnina")])
    preds = [_pred(doc, "We will not wait,", "Janis Ozols")]
    s = score_quotes([doc], [preds])
    assert s["attributed"] == {"n": 2, "right": 0, "share": 0.0}
    assert [(w["got"], w["found"]) for w in s["wrong"]] == [("Janis Ozols", True), (None, False)]
    report = format_quotes_report(s)
    assert "expected 'Anna Kalnina', got 'Janis Ozols'" in report
    assert "'The grid is ready,': expected 'Anna Kalnina', quote not found" in report
    assert "ALL      100.00  50.00  66.67     1     0     1           0.0% (0/2)" in report


def test_scores_are_kept_per_language() -> None:
    en = _doc(TEXT, [("We will not wait,", "Anna Kalnina")])
    fr = _doc("PARIS (AFP) - « Nous irons jusqu'au bout », a déclaré Claire Dumas.",
              [("Nous irons jusqu'au bout", "Claire Dumas")], language="fr")  # fmt: skip
    s = score_quotes([en, fr], [[_pred(en, "We will not wait,", "Anna Kalnina")], []])
    assert s["per_language"]["en"]["attributed"]["share"] == 1.0
    assert s["per_language"]["fr"]["found"]["recall"] == 0.0
    assert s["attributed"] == {"n": 2, "right": 1, "share": 0.5}
    assert "\nfr " in format_quotes_report(s)


def test_without_entities_quotes_are_found_and_named_speakers_attributed() -> None:
    docs = load_quote_gold(GOLD)
    preds, _ = predict_quotes(docs, None, batch_size=8)
    s = score_quotes(docs, preds)
    assert s["found"]["recall"] == 1.0 and s["found"]["precision"] == 1.0
    # the four quotes with a named speaker; "he added" and "she said" need the entities
    assert s["attributed"]["right"] >= 4
    assert all(p["speaker"] is not None for ps in preds for p in ps)


def test_the_language_goes_to_the_extractor_when_it_takes_one(monkeypatch) -> None:
    seen = []

    def extract(body, entities=(), *, language="en"):
        seen.append(language)
        return []

    monkeypatch.setattr("storywire.tasks.enrich.quotes.extract_quotes", extract)
    docs = load_quote_gold(GOLD)
    docs[0]["language"] = "ru"
    predict_quotes(docs, None, batch_size=8)
    assert seen == ["ru", "en", "en"]


@pytest.mark.slow
def test_the_flow_attributes_every_fixture_quote_with_its_entities(tmp_path: Path) -> None:
    from storywire.flows.settings import BATCH_SIZE, DEFAULT_MODEL

    out = tmp_path / "preds.jsonl"
    s = evaluate_quotes_file(GOLD, out, model=DEFAULT_MODEL, batch_size=BATCH_SIZE)
    assert s["attributed"] == {"n": 6, "right": 6, "share": 1.0}
    assert s["found"]["f1"] == 1.0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["doc_id"] for line in lines] == ["en-001-rail", "en-002-rates", "en-003-floods"]
    pronoun = lines[0]["quotes"][1]
    assert (pronoun["speaker"], pronoun["speaker_canonical"]) == ("he", "Narek Avetisyan")


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"doc_id": "a", "text": "x"}, "lacks ['quotes']"),
        ({"doc_id": "a", "text": "abc", "quotes": [{"start": 1, "end": 9}]}, "not a span of the text"),
        ({"doc_id": "a", "text": "abc", "quotes": [{"start": 0, "end": 2, "speaker": 7}]}, "speaker must be"),
        ({"doc_id": "a", "text": "abc", "quotes": ["abc"]}, "a quote is not an object"),
    ],
)
def test_a_malformed_gold_record_is_sw409(tmp_path: Path, record, message) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as err:
        evaluate_quotes_file(gold, model="not-a-model-it-must-not-load", batch_size=8)
    assert err.value.code == "SW409" and f"{gold}:1: " in str(err.value) and message in str(err.value)


@given(text=st.text(max_size=300))
def test_any_text_gives_predictions_inside_it(text: str) -> None:
    preds, _ = predict_quotes([{"doc_id": "h", "text": text, "quotes": []}], None, batch_size=8)
    for p in preds[0]:
        assert text[p["start"]:p["end"]] == p["text"]


@pytest.mark.slow
def test_a_russian_record_is_read_by_the_russian_pipeline_and_extractor() -> None:
    from storywire.flows.settings import BATCH_SIZE, DEFAULT_MODEL
    from storywire.tasks.enrich.entities import load_nlp

    text = ("КАЗАНЬ, 3 октября. /ТАСС/. Министр транспорта Татарстана Ринат Галеев заявил в пятницу, "
            "что новый мост через Волгу откроют к лету. «Мы закончим основные работы к июлю, а движение "
            "запустим в августе», — сказал Галеев журналистам.")  # fmt: skip
    doc = _doc(text, [("Мы закончим основные работы к июлю, а движение запустим в августе", "Ринат Галеев")],
               language="ru")  # fmt: skip
    preds, _ = predict_quotes([doc], load_nlp(DEFAULT_MODEL), batch_size=BATCH_SIZE)
    (quote,) = preds[0]
    assert (quote["speaker"], quote["speaker_canonical"]) == ("Галеев", "Ринат Галеев")
    assert score_quotes([doc], preds)["per_language"]["ru"]["attributed"]["right"] == 1
