"""Named entities for news: spaCy NER plus news-specific repairs, canonical names, geocodes.

Modules, in reading order:

* :mod:`.lexicon`: labels and word lists (agencies, titles, months ...) the rules share;
* :mod:`.recase`: ALL-CAPS lines re-cased before the model sees them (offsets hold);
* :mod:`.repair`: the ``storywire_news_entities`` spaCy component that repairs NER spans;
* :mod:`.model`: ``load_nlp`` (model + agency ruler + repair component), ``model_version``;
* :mod:`.canonical`: mentions from docs, canonical names and ``entity_key`` per story;
* :mod:`.places`: place mentions geocoded with the story's countries as context;
* :mod:`.pieces`: long fields cut into pieces NER can hold, their entities put back together;
* :mod:`.annotate`: ``annotate_stories``, which runs all of it over a batch of stories.
"""

from __future__ import annotations

from storywire.tasks.enrich.entities.annotate import annotate_batch, annotate_stories
from storywire.tasks.enrich.entities.canonical import canonicalize, entities_from_doc, entity_key
from storywire.tasks.enrich.entities.lexicon import NAMED_LABELS, PLACE_LABELS
from storywire.tasks.enrich.entities.model import load_nlp, model_version
from storywire.tasks.enrich.entities.recase import recase_caps_lines

__all__ = [
    "NAMED_LABELS",
    "PLACE_LABELS",
    "annotate_batch",
    "annotate_stories",
    "canonicalize",
    "entities_from_doc",
    "entity_key",
    "load_nlp",
    "model_version",
    "recase_caps_lines",
]
