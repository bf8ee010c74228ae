"""Functions tests send to the NER pool's worker processes, to look inside them.

They live in an importable module of their own (``tests`` is on the path, of the workers
too) because a worker can only run a function it can import by name.
"""

from __future__ import annotations

import os


def strings_held(model: str) -> int:
    """How many strings the worker's pipeline holds in its ``StringStore`` (what memory zones
    keep from growing)."""
    from storywire.tasks.enrich.workers import cached_nlp

    return len(cached_nlp(model).vocab.strings)


#: The text that makes this worker die, once :func:`install_poison` ran in it.
_poison: str | None = None


def _die_on_poison(doc):
    if _poison and _poison in doc.text:
        os._exit(70)  # what the OOM killer does to a worker: gone without a word
    return doc


def install_poison(model: str, poison: str) -> int:
    """Make this worker's pipeline kill the process on any doc holding ``poison`` (a story that
    takes its worker down: the test of halving a batch until that story is alone). Returns
    the worker's pid."""
    global _poison
    from spacy.language import Language

    from storywire.tasks.enrich.workers import cached_nlp

    _poison = poison
    if "storywire_test_poison" not in Language.factories:
        Language.component("storywire_test_poison", func=_die_on_poison)
    nlp = cached_nlp(model)
    if "storywire_test_poison" not in nlp.pipe_names:
        nlp.add_pipe("storywire_test_poison", first=True)
    return os.getpid()
