"""Enrich a batch of cleaned stories: entities (spaCy, batched ``nlp.pipe``), temporal
expressions resolved against each story's date, and quotes with their speakers.

No Prefect and no I/O here. NER goes through an :class:`~storywire.tasks.enrich.workers.Annotator`
(warm worker processes in a flow run, this process on a Dask worker or in tests); while it
runs, this process resolves the stories' temporal expressions, so the two overlap. Every step
is isolated per story (:mod:`~storywire.tasks.enrich.isolation`): a story a step fails on
loses that step's output and gets a warning; a story NER cannot run on at all is marked
``failed`` (the flow rejects it), and the rest of the batch is enriched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from storywire.tasks.enrich.entities.languages import DEFAULT_PIPELINES
from storywire.tasks.enrich.isolation import isolated
from storywire.tasks.enrich.quotes import LANGUAGES as QUOTE_LANGUAGES
from storywire.tasks.enrich.quotes import extract_quotes
from storywire.tasks.enrich.timex import LANGUAGES as TIMEX_LANGUAGES
from storywire.tasks.enrich.timex import extract_timexes
from storywire.tasks.enrich.workers import Annotator
from storywire.tasks.records import EntityMention, QuoteMention, StoryDraft, TimexMention

#: Languages whose stories get entities, dates and quotes: those with an entity pipeline
#: (:data:`~storywire.tasks.enrich.entities.languages.DEFAULT_PIPELINES`, English the run's model)
#: and temporal and quote rules of their own.
ENRICHED_LANGUAGES = frozenset({"en", *DEFAULT_PIPELINES}) & TIMEX_LANGUAGES & {"en", *QUOTE_LANGUAGES}


@dataclass(slots=True)
class Enrichment:
    """What enrichment found in one story; ``failed`` says why entity recognition could not
    run on it at all (the story is then rejected as ``enrichment_failed``)."""

    entities: list[EntityMention] = field(default_factory=list)
    timexes: list[TimexMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: str | None = None
    model: str | None = None  # the entity pipeline that read it (None: none did)


def should_enrich(story: StoryDraft) -> bool:
    return story.language is None or story.language in ENRICHED_LANGUAGES


def story_timexes(story: StoryDraft) -> list[TimexMention]:
    """Temporal expressions of the headline and body, resolved against the story's date."""
    timexes = extract_timexes(story.body, story.published_date, field="body", language=story.language)
    if story.headline:
        timexes = extract_timexes(story.headline, story.published_date, field="headline",
                                  language=story.language) + timexes
    return timexes


def enrich_stories(annotator: Annotator, stories: Sequence[StoryDraft]) -> tuple[list[Enrichment], str]:
    """Enrich ``stories`` in one batched pass; returns per-story results and the model version.

    Each story is read in its language (English when it has none); stories in a language
    storywire does not enrich get no entities or dates and a warning, rather than
    confidently wrong ones.
    """
    out = [
        Enrichment() if should_enrich(s) else Enrichment(warnings=[f"not_enriched_language_{s.language}"])
        for s in stories
    ]
    chosen = [i for i, s in enumerate(stories) if should_enrich(s)]
    pending = annotator.start([(stories[i].headline or "", stories[i].body, stories[i].dateline_place,
                                stories[i].language) for i in chosen])
    # while the workers run NER
    timexes = [isolated("timex", out[i].warnings, [], story_timexes, stories[i]) for i in chosen]
    annotated, version = pending()
    for i, ents, found in zip(chosen, annotated, timexes, strict=True):
        warnings = out[i].warnings + [w for w in ents.warnings if w not in out[i].warnings]
        if ents.failed is not None:
            out[i] = Enrichment(timexes=found, warnings=warnings, failed=ents.failed)
            continue
        body_ents = [e for e in ents.mentions if e.field == "body"]
        quotes = isolated("quotes", warnings, [], extract_quotes, stories[i].body, body_ents,
                          language=stories[i].language)
        out[i] = Enrichment(entities=list(ents.mentions), timexes=found, quotes=quotes, warnings=warnings,
                            model=ents.model or version)
    return out, version
