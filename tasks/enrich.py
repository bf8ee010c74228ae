"""Enrich a batch of cleaned stories: entities (spaCy, one ``nlp.pipe`` per batch), temporal
expressions resolved against each story's date, and quotes with their speakers.

No Prefect and no I/O here: the caller passes a loaded pipeline, so tests can pass any
``Language`` and a Dask worker loads the model once per process (``cached_nlp``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from storywire.tasks.entities import annotate_batch, load_nlp, model_version
from storywire.tasks.quotes import extract_quotes
from storywire.tasks.records import EntityMention, QuoteMention, TimexMention
from storywire.tasks.stories import StoryDraft
from storywire.tasks.timex import extract_timexes

#: Languages the English pipeline and the temporal rules are made for.
ENRICHED_LANGUAGES = frozenset({"en"})


@dataclass(slots=True)
class Enrichment:
    """What enrichment found in one story."""

    entities: list[EntityMention] = field(default_factory=list)
    timexes: list[TimexMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@functools.cache
def cached_nlp(model: str):  # -> spacy.language.Language
    """Load a spaCy pipeline once per process (a worker reuses it for every batch)."""
    return load_nlp(model)


def should_enrich(story: StoryDraft) -> bool:
    return story.language is None or story.language in ENRICHED_LANGUAGES


def enrich_stories(
    nlp, stories: Sequence[StoryDraft], *, batch_size: int = 32, n_process: int = 1
) -> tuple[list[Enrichment], str]:
    """Enrich ``stories`` in one batched pass; returns per-story results and the model version.

    Stories in languages the English pipeline cannot read get no entities or dates and a
    warning, rather than confidently wrong ones.
    """
    out = [
        Enrichment() if should_enrich(s) else Enrichment(warnings=[f"not_enriched_language_{s.language}"])
        for s in stories
    ]
    chosen = [i for i, s in enumerate(stories) if should_enrich(s)]
    items = [(stories[i].headline or "", stories[i].body, stories[i].dateline_place) for i in chosen]
    mentions = annotate_batch(nlp, items, batch_size=batch_size, n_process=n_process) if items else []
    for i, ents in zip(chosen, mentions, strict=True):
        story = stories[i]
        body_ents = [e for e in ents if e.field == "body"]
        timexes = extract_timexes(story.body, story.published_date, field="body")
        if story.headline:
            timexes = extract_timexes(story.headline, story.published_date, field="headline") + timexes
        out[i] = Enrichment(
            entities=list(ents),
            timexes=timexes,
            quotes=extract_quotes(story.body, body_ents),
        )
    return out, model_version(nlp)
