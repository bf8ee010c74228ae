"""Functions tests send to the NER pool's worker processes, to look inside them.

They live in an importable module of their own (``tests`` is on the path, of the workers
too) because a worker can only run a function it can import by name.
"""

from __future__ import annotations


def strings_held(model: str) -> int:
    """How many strings the worker's pipeline holds in its ``StringStore`` (what memory zones
    keep from growing)."""
    from storywire.tasks.enrich.workers import cached_nlp

    return len(cached_nlp(model).vocab.strings)
