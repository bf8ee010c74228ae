"""A batch of stories in several languages, each read by its language's pipeline."""

from __future__ import annotations

import os

import pytest

from storywire.flows.settings import DEFAULT_MODEL
from storywire.tasks.enrich.entities.languages import PIPELINES, annotate_languages, pipeline_for
from storywire.tasks.enrich.workers import cached_nlp

ITEMS = [
    ("Rain floods Kazan", "Heavy rain flooded streets in Kazan on Monday, officials in Moscow said.", "Kazan", None),
    ("Ливни затопили Казань", "В понедельник в Казани прошли ливни, сообщили в Москве. "
     "Мэр Казани Ильсур Метшин заявил, что воду откачают к вечеру.", "Казань", "ru"),
    ("Inondations à Kazan", "Des pluies torrentielles ont inondé Kazan lundi, a indiqué Moscou. "
     "Le maire Ilsour Metchine a promis que l'eau serait pompée dans la soirée.", "Kazan", "fr"),
    ("Regen in Kasan", "Starker Regen hat am Montag Straßen in Kasan überflutet.", "Kasan", "de"),
]


@pytest.fixture(scope="module")
def annotated():
    return annotate_languages(DEFAULT_MODEL, ITEMS, load=cached_nlp, batch_size=8)


def test_each_language_gets_its_pipeline():
    assert pipeline_for(None, DEFAULT_MODEL) == DEFAULT_MODEL
    assert pipeline_for("en", DEFAULT_MODEL) == DEFAULT_MODEL
    assert pipeline_for("ru", DEFAULT_MODEL) == PIPELINES["ru"]
    assert pipeline_for("de", DEFAULT_MODEL) is None


def test_one_place_has_one_key_in_every_language(annotated):
    found, _ = annotated
    keys = [{m.entity_key for m in story.mentions if m.canonical in {"Moscow", "Москва", "Moscou"}}
            for story in found[:3]]
    assert keys[0] == keys[1] == keys[2] and len(keys[0]) == 1
    assert next(iter(keys[0])).startswith("place:geonames:")


def test_names_stay_in_the_story_language(annotated):
    found, _ = annotated
    ru = {m.text: m.canonical for m in found[1].mentions if m.field == "body"}
    assert ru["Казани"] == "Казань" and ru["Москве"] == "Москва"
    kazan = [m for m in found[1].mentions if m.canonical == "Казань"]
    assert kazan and all(m.country_code == "RU" and m.latitude is not None for m in kazan)
    fr = {m.text: m.label for m in found[2].mentions if m.field == "body"}
    assert fr["Kazan"] == "GPE" and fr["Moscou"] == "GPE"


def test_a_language_without_a_pipeline_gets_nothing_and_versions_name_each_pipeline(annotated):
    found, version = annotated
    assert found[3].mentions == [] and found[3].warnings == []
    assert version.count("+") == 2 and "natasha" in version
    assert version.startswith(annotate_languages(DEFAULT_MODEL, ITEMS[:1], load=cached_nlp, batch_size=8)[1])


def test_a_pipeline_setting_changes_only_the_languages_it_names():
    from storywire.tasks.enrich.entities.languages import DEFAULT_PIPELINES, parse_pipelines

    assert parse_pipelines("") == DEFAULT_PIPELINES
    assert parse_pipelines(f" fr = {DEFAULT_MODEL} , ") == {**DEFAULT_PIPELINES, "fr": DEFAULT_MODEL}
    assert parse_pipelines("ru=natasha,fr=fr_core_news_sm") == DEFAULT_PIPELINES


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("fr", "not LANG=PACKAGE"),
        ("fr=", "not LANG=PACKAGE"),
        ("=fr_core_news_sm", "not LANG=PACKAGE"),
        ("de=de_core_news_sm", "'de' is not a language whose pipeline can be chosen"),
        ("en=en_core_web_lg", "English is --model"),
        ("fr=natasha", "natasha reads Russian only"),
        ("fr=fr_core_news_xl", "not an installed spaCy pipeline"),
        ("fr=os", "not an installed spaCy pipeline"),  # a module, not a pipeline package
        ("fr=storywire..x", "not an installed spaCy pipeline"),
    ],
)
def test_a_pipeline_setting_that_cannot_be_used_is_sw413(text, says):
    from storywire.tasks.enrich.entities.languages import PipelineSettingError, parse_pipelines

    with pytest.raises(PipelineSettingError, match="SW413") as caught:
        parse_pipelines(text)
    assert says in str(caught.value)


def test_the_chosen_pipeline_reads_the_language_here_and_in_processes_started_after(monkeypatch):
    from storywire.tasks.enrich.entities import languages

    monkeypatch.setattr(languages, "PIPELINES", dict(languages.DEFAULT_PIPELINES))
    # set, then deleted: so the undo removes what use_pipelines writes (a later test's workers
    # would read it and annotate French with the English model)
    monkeypatch.setenv(languages.PIPELINES_ENV, "")
    monkeypatch.delenv(languages.PIPELINES_ENV)
    languages.use_pipelines(f"fr={DEFAULT_MODEL}")
    french = [ITEMS[2]]
    stories, version = annotate_languages(DEFAULT_MODEL, french, load=cached_nlp, batch_size=8,
                                          pipelines=languages.PIPELINES)
    assert stories[0].model == version == annotate_languages(DEFAULT_MODEL, ITEMS[:1], load=cached_nlp,
                                                            batch_size=8)[1]
    # what a worker, a Dask worker or a deployment's run reads at import
    assert os.environ[languages.PIPELINES_ENV] == f"fr={DEFAULT_MODEL},ru=natasha"
    assert languages._from_environment()["fr"] == DEFAULT_MODEL
