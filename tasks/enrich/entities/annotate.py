"""``annotate_batch``: entity mentions for a batch of stories, the way the flow runs it.

Composes the other modules: re-case, one ``nlp.pipe`` (model + repair component),
mentions, canonical names per story, then places geocoded per story.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from storywire.tasks.enrich.entities.canonical import canonicalize, entities_from_doc
from storywire.tasks.enrich.entities.places import geocode_story
from storywire.tasks.enrich.entities.recase import recase_caps_lines
from storywire.tasks.enrich.entities.repair import ORIGINAL_TEXT_KEY
from storywire.tasks.records import EntityMention

__all__ = ["annotate_batch"]


def annotate_batch(
    nlp: Language,
    items: Sequence[tuple[str | None, str | None, str | None]],
    *,
    batch_size: int,
    n_process: int = 1,
) -> list[list[EntityMention]]:
    """Entity mentions per story for ``items`` = (headline, body, dateline_place).

    One ``nlp.pipe`` call runs over every headline and body (never one call per story).
    Offsets are exact character offsets into that field's text; sentence indexes count
    within the field. Each story's mentions are canonicalized together and its places
    geocoded with the story's countries and dateline as context; the dateline place is
    returned as a mention with field 'dateline'.
    """
    texts: list[str] = []
    owners: list[tuple[int, str]] = []
    for idx, (headline, body, _place) in enumerate(items):
        for field, value in (("headline", headline), ("body", body)):
            if value and value.strip():
                texts.append(value)
                owners.append((idx, field))
    per_story: list[list[EntityMention]] = [[] for _ in items]

    def docs() -> Iterable[Doc]:
        for text in texts:
            recased = recase_caps_lines(text)
            doc = nlp.make_doc(recased)
            if recased != text:
                doc.user_data[ORIGINAL_TEXT_KEY] = text
            yield doc

    for (idx, field), original, doc in zip(
        owners, texts, nlp.pipe(docs(), batch_size=batch_size, n_process=n_process), strict=True
    ):
        per_story[idx].extend(entities_from_doc(doc, field=field, text=original))
    return [
        geocode_story(canonicalize(mentions), items[idx][2])
        for idx, mentions in enumerate(per_story)
    ]
