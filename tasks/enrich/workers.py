"""Where spaCy runs: in this process, or in a pool of worker processes that stay warm.

Entity recognition is the one heavy step of a run, and it holds the GIL: a second thread
cannot do anything useful while it runs. So with the default (thread) task runner the flow
hands NER to ``processes`` worker processes, each of which loads the pipeline once and then
annotates piece after piece of stories for the whole run, while the flow's own process keeps
cleaning, resolving dates, detecting duplicates and committing. That is how the run gets
close to bare ``nlp.pipe`` speed: the rest of the pipeline overlaps with NER instead of
queueing behind it, and no worker is forked again per chunk (what ``nlp.pipe(n_process=N)``
does on every call).

Workers start from a ``forkserver`` (``spawn`` where there is none): a clean, single-threaded
parent that has imported spaCy once, never a fork of the flow's multi-threaded process.

On a Dask cluster the task already runs in a worker process that may not start children;
there :class:`LocalAnnotator` runs the pipeline in place (one chunk per Dask worker).

A pool worker lives for the whole run, and spaCy keeps every string it meets (each new
name, number or typo) in the pipeline's ``StringStore`` and tokenizer cache for the life of
the process: over a long run of real news that grows without bound. So a worker annotates
each piece inside ``nlp.memory_zone()`` (spaCy 3.8) of every spaCy pipeline it has loaded
(English, and another language's once a story in it came), which forgets what the piece
added once its mentions are plain data. The zone also stops the tokenizer cache from
filling, which would cost speed, so the first ``warm_up_stories`` stories of a worker run
outside the zone and the common words stay cached. Only the pool does this: a zone frees strings the whole
pipeline shares, so it is unsafe where several threads use one pipeline (Dask workers).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import multiprocessing.forkserver
import os
import select
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from storywire.tasks.enrich.isolation import StoryEntities
from storywire.tasks.records import CodedError

__all__ = [
    "Annotator",
    "Item",
    "LocalAnnotator",
    "PoolAnnotator",
    "WorkerError",
    "cached_nlp",
    "close_pools",
    "discard_pool",
    "pooled_annotator",
    "stop_pools",
    "warm_up_pool",
]

#: What NER needs of one story: (headline, body, dateline place[, language]); no language:
#: the run's (English) model reads it.
Item = tuple[str | None, str | None, str | None] | tuple[str | None, str | None, str | None, str | None]
#: A result per item, and the model's ``name-version``.
Annotated = tuple[list[StoryEntities], str]


class WorkerError(CodedError, RuntimeError):
    """An enrichment worker process died (killed, out of memory); numbered like the rest."""


class Annotator(Protocol):
    """Runs NER over items; ``start`` returns at once, the callable waits for the result."""

    def start(self, items: Sequence[Item]) -> Callable[[], Annotated]: ...


#: The spaCy pipelines this process has loaded (by :func:`cached_nlp`).
_loaded: list[str] = []


@functools.cache
def cached_nlp(model: str):  # -> spacy.language.Language
    """The pipeline, loaded once per process (flow process, pool worker or Dask worker)."""
    from storywire.tasks.enrich.entities import load_nlp

    nlp = load_nlp(model)
    _loaded.append(model)
    return nlp


def _annotate(model: str, items: Sequence[Item], batch_size: int, n_process: int = 1) -> Annotated:
    from storywire.tasks.enrich.entities.languages import annotate_languages

    return annotate_languages(model, items, load=cached_nlp, batch_size=batch_size, n_process=n_process)


#: Stories each worker process has annotated outside a memory zone, per spaCy pipeline.
_unzoned: Counter[str] = Counter()


def _annotate_in_worker(model: str, items: Sequence[Item], batch_size: int, warm_up_stories: int) -> Annotated:
    """:func:`_annotate` in a pool worker (one task at a time, one thread): each spaCy
    pipeline (English, and another language's once loaded) inside a memory zone once the
    worker has given it ``warm_up_stories`` stories (see the module docstring)."""
    from storywire.tasks.enrich.entities.languages import item_language, pipeline_for

    with contextlib.ExitStack() as zones:
        for name in _loaded:
            if _unzoned[name] >= warm_up_stories:
                zones.enter_context(cached_nlp(name).memory_zone())
        for item in items:
            name = pipeline_for(item_language(item), model)
            if name is not None and _unzoned[name] < warm_up_stories:
                _unzoned[name] += 1
        return _annotate(model, items, batch_size)


class LocalAnnotator:
    """NER in this process (Dask workers, tests, ``reprocess``); ``n_process`` is spaCy's."""

    def __init__(self, model: str, *, batch_size: int, n_process: int = 1) -> None:
        self.model, self.batch_size, self.n_process = model, batch_size, n_process

    def start(self, items: Sequence[Item]) -> Callable[[], Annotated]:
        result = _annotate(self.model, items, self.batch_size, self.n_process)
        return lambda: result


class PoolAnnotator:
    """``processes`` warm worker processes; items are cut into pieces that balance the load.

    A piece is ``piece`` stories: small enough that P workers finish a chunk together, big
    enough that ``nlp.pipe`` fills its batches and pickling costs little next to NER.
    ``warm_up_stories``: how many stories a worker annotates before it starts using memory
    zones (see the module docstring).
    """

    def __init__(
        self,
        model: str,
        processes: int,
        *,
        batch_size: int,
        piece: int | None = None,
        warm_up_stories: int = 256,
    ) -> None:
        if processes < 1:
            raise ValueError(f"SW801: processes must be at least 1, not {processes}")
        self.model, self.processes, self.batch_size = model, processes, batch_size
        self.piece = piece or batch_size
        self.warm_up_stories = warm_up_stories
        self._warmed = False
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(["storywire.tasks.enrich.entities"])
            _start_forkserver()
        self._executor = ProcessPoolExecutor(
            max_workers=processes, mp_context=ctx, initializer=_start_worker, initargs=(model, os.getpid())
        )

    def start(self, items: Sequence[Item]) -> Callable[[], Annotated]:
        pieces = [list(items[i : i + self.piece]) for i in range(0, len(items), self.piece)]
        try:
            futures: list[Future[Annotated]] = [
                self._executor.submit(_annotate_in_worker, self.model, p, self.batch_size, self.warm_up_stories)
                for p in pieces
            ]
        except BrokenProcessPool as exc:
            raise WorkerError("SW802", f"an enrichment worker process died: {exc}") from exc

        def collect() -> Annotated:
            found: list[StoryEntities] = []
            version = ""
            try:
                for future in futures:
                    part, version = future.result()
                    found.extend(part)
            except BrokenProcessPool as exc:
                raise WorkerError(
                    "SW802", f"an enrichment worker process died (killed or out of memory): {exc}"
                ) from exc
            finally:  # after a failure the rest is not wanted: free the workers for the retry
                for future in futures:
                    future.cancel()
            return found, version

        if not pieces:  # nothing to annotate; the model version still belongs in lineage
            version = self._executor.submit(_model_version, self.model)
            return lambda: ([], version.result())
        return collect

    def warm_up(self) -> None:
        """Start every worker (each loads the model in its initializer); returns at once.
        Once per pool: the CLI and the flow may both ask."""
        if self._warmed:
            return
        self._warmed = True
        for _ in range(self.processes):
            self._executor.submit(_model_version, self.model)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _start_forkserver() -> None:
    """Start the forkserver (once per process) with SIGINT blocked, which it and every worker
    it forks inherit.

    Why: Ctrl-C reaches every process of the terminal's process group. A worker must not
    answer it with a KeyboardInterrupt traceback of its own, nor die under the flow (a broken
    pool, retried): the flow process decides how the run stops and ends its workers itself
    (``storywire.flows.runtime``). Blocking, not ignoring, so the forkserver is shielded even
    while it imports spaCy; SIGTERM still ends a worker at once, quietly.
    """
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _start_worker(model: str, owner: int) -> None:
    """A pool worker's initializer: ignore SIGINT (see ``_start_forkserver``; this also covers
    ``spawn``), end with the process that owns the pool, then load the pipeline."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_gone, args=(owner,), name="storywire-owner", daemon=True).start()
    cached_nlp(model)


def _exit_when_gone(owner: int) -> None:
    """Exit this worker when process ``owner`` ends, however it ends.

    Why: a flow process killed outright (SIGKILL, the OOM killer, a closed terminal's SIGHUP)
    cannot end its workers, and a worker waiting for its next piece would wait forever, holding
    a pipeline's memory: its call queue stays open (every worker holds both ends), and so does
    the forkserver, which lives while a worker does. The worker's parent is the forkserver, so
    the kernel's parent-death signal does not reach it; a pidfd (Linux 5.3+) does, else a poll.
    """
    try:
        fd = os.pidfd_open(owner)
    except (AttributeError, OSError):  # not Linux, or an old kernel
        fd = None
    if fd is not None:
        select.select([fd], [], [])  # readable when the process ends
    else:
        while _alive(owner):
            time.sleep(1.0)
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or its number reused by another user
        return False
    return True


def _model_version(model: str) -> str:
    from storywire.tasks.enrich.entities import model_version

    return model_version(cached_nlp(model))


_pools: dict[tuple[str, int, int], PoolAnnotator] = {}
_pools_lock = threading.Lock()
_stopping = False  # set by stop_pools: no pool starts any more


def pooled_annotator(model: str, processes: int, batch_size: int) -> PoolAnnotator:
    """The pool for these settings, started on first use and shared by the run's tasks."""
    key = (model, processes, batch_size)
    with _pools_lock:
        if _stopping:
            raise WorkerError("SW803", "this process is stopping (a signal): no enrichment workers start")
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = PoolAnnotator(model, processes, batch_size=batch_size)
        return pool


def warm_up_pool(model: str, processes: int, batch_size: int) -> None:
    """Start the pool's workers now, so loading the model overlaps with reading chunk 1."""
    pooled_annotator(model, processes, batch_size).warm_up()


def discard_pool(pool: PoolAnnotator) -> None:
    """Forget a broken pool (its next user starts a fresh one)."""
    with _pools_lock:
        for key, value in list(_pools.items()):
            if value is pool:
                del _pools[key]
    pool.close()


def stop_pools() -> None:
    """For a process about to exit on a signal: from now on no pool starts (a task that finds
    its workers gone would otherwise start fresh ones, which would outlive the process)."""
    global _stopping
    with _pools_lock:
        _stopping = True


def close_pools() -> None:
    """Stop every worker (end of a flow run: idle workers would hold the model's memory)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()

