"""A batch NER fails on is tried again in halves until the story at fault is alone.

A worker killed by the OS (out of memory, a signal), or an exception no step could pin on
one story, fails the whole batch. :class:`IsolatingAnnotator` then retries it in halves, the
failing half halved again, until the story that fails is alone: that story is marked failed
(the flow rejects it as ``enrichment_failed``) and every other one is annotated. A story that
fails alone is only blamed if a small probe story then annotates: when even the probe fails,
NER itself is broken and the original error is raised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from storywire.tasks.enrich.isolation import StoryEntities, describe
from storywire.tasks.enrich.workers import Annotated, Annotator, Item, WorkerError

__all__ = ["PROBE", "IsolatingAnnotator"]

#: A story any working pipeline annotates: the control that tells a poison story from a
#: broken pipeline.
PROBE: Item = ("Ministers meet in Lisbon", "LISBON, May 4 - Ministers met in Lisbon on Monday.", "LISBON")


class IsolatingAnnotator:
    """An :class:`~storywire.tasks.enrich.workers.Annotator` whose batches never fail for one story.

    ``current`` gives the annotator for a batch's first attempt (the run's shared pool); after
    a :class:`~storywire.tasks.enrich.workers.WorkerError` that pool is broken, and
    ``discard`` gets it so that ``current`` starts a fresh one. Only a failed batch is halved,
    one attempt after another, on an annotator of its own when ``private`` makes one (a pool
    the other chunks in flight do not share: their deaths cannot be blamed on this batch's
    stories, nor this batch's on theirs; ``close`` ends it, and a fresh one follows each
    death), else on ``current``. One halving at a time per process, so at most one private
    pool exists. One story that fails costs about 2·log2(batch) + 2 attempts.
    """

    _halving = threading.Lock()

    def __init__(
        self,
        current: Callable[[], Annotator],
        discard: Callable[[Annotator], None] | None = None,
        *,
        private: Callable[[], Annotator] | None = None,
        close: Callable[[Annotator], None] | None = None,
    ) -> None:
        self._current, self._discard = current, discard
        self._private, self._close = private, close
        self._own: Annotator | None = None

    def start(self, items: Sequence[Item]) -> Callable[[], Annotated]:
        annotator = self._current()
        try:
            pending = annotator.start(items)
        except Exception as exc:  # a broken pool refuses work at once
            error = exc
            return lambda: self._isolate(annotator, items, error)

        def result() -> Annotated:
            try:
                return pending()
            except Exception as exc:
                return self._isolate(annotator, items, exc)

        return result

    def _isolate(self, annotator: Annotator, items: Sequence[Item], error: Exception) -> Annotated:
        if isinstance(error, WorkerError) and self._discard is not None:
            self._discard(annotator)
        with self._halving:
            try:
                return self._halves(items, error)
            finally:
                self._end_own()

    def _end_own(self) -> None:
        own, self._own = self._own, None
        if own is not None and self._close is not None:
            self._close(own)

    def _attempt(self, items: Sequence[Item]) -> Annotated | Exception:
        if self._private is None:
            annotator = self._current()
        else:
            annotator = self._own = self._own or self._private()
        try:
            return annotator.start(items)()
        except Exception as exc:
            if isinstance(exc, WorkerError):  # the pool died with its worker: the next is fresh
                if self._private is None and self._discard is not None:
                    self._discard(annotator)
                elif self._private is not None:
                    self._end_own()
            return exc

    def _halves(self, items: Sequence[Item], error: Exception) -> Annotated:
        """Results for ``items``, which failed together with ``error``."""
        if len(items) <= 1:
            return [StoryEntities(warnings=[f"entities_failed:{type(error).__name__}"], failed=describe(error))
                    for _ in items], self._probe(error)
        found: list[StoryEntities] = []
        version = ""
        mid = len(items) // 2
        for half in (items[:mid], items[mid:]):
            result = self._attempt(half)
            part, v = self._halves(half, result) if isinstance(result, Exception) else result
            found += part
            version = v or version
        return found, version

    def _probe(self, error: Exception) -> str:
        """The model version, from a probe story; ``error`` is raised when the probe fails too."""
        result = self._attempt([PROBE])
        if isinstance(result, Exception):
            raise error from result
        return result[1]
