"""What a failure in enrichment costs: one story's step, never the chunk.

A step over one story's data (re-casing, mentions, canonical names, geocoding, dates, quotes)
that raises costs that story the step's output, with a ``<step>_failed:<Error>`` warning on
it (:func:`isolated`). What NER made of one story travels as :class:`StoryEntities`: its
mentions, those warnings, and ``failed`` when NER could not run on the story at all (the
halving in :mod:`~storywire.tasks.enrich.halving` found it alone at fault).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from storywire.tasks.records import CodedError, EntityMention

__all__ = ["StoryEntities", "describe", "isolated"]

T = TypeVar("T")


@dataclass(slots=True)
class StoryEntities:
    """NER's result for one story: its mentions, a ``<step>_failed:<Error>`` warning per step
    that raised on it (the step's output is lost, the rest kept), and ``failed`` (what went
    wrong) when entity recognition could not run on the story at all."""

    mentions: list[EntityMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: str | None = None
    model: str | None = None  # the pipeline that read the story (``name-version``)


def isolated(step: str, warnings: list[str], fallback: T, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``fn(*args, **kwargs)``, or ``fallback`` and a ``<step>_failed:<Error>`` warning if it raises.

    The steps are pure functions of one story's data: an input one cannot handle (a rule bug,
    an odd character) costs that story the step's output, with the reason on the story,
    never the chunk's task and with it the whole run.
    """
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # any bug: the warning names it
        warning = f"{step}_failed:{type(exc).__name__}"
        if warning not in warnings:
            warnings.append(warning)
        return fallback


def describe(exc: BaseException) -> str:
    """One line for a reject's detail: a coded error as it prints, else the type and message."""
    text = str(exc) if isinstance(exc, CodedError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:500]
