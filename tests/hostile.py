"""A corpus of hostile and unusual inputs, written deterministically, with what must become of each.

``write_hostile_corpus(root, base_url)`` writes files a real archive holds (odd encodings and line
endings, compressed and binary files, huge and empty files, garbage, deep HTML and JSON, feeds with
odd types and dates, broken sidecars, odd file names, links, a pipe) under ``root/corpus`` and,
given the base URL of a ``loopback.serve_routes`` server, the routes of hostile HTTP sources (a
trickle, a flood, a redirect loop, a gzip bomb, a server that fails once, nested URL lists). It
returns a ``HostileCorpus``: the SOURCE arguments of one run, the routes to serve, and one ``Input``
per thing the run must account for, each with its ``Expect``ed outcome class:

- ``story``: at least one story, possibly with warnings, keeping what ``Expect`` names;
- ``reject``: a ``rejects`` row with one of ``Expect.reasons`` (any declared reason when empty);
- ``skipped``: listed and recorded in ``sources`` as not read (hidden files);
- ``listed``: a URL list, whose URLs are inputs of their own.

A case is a function decorated with ``@case`` (in a module of ``CASE_MODULES``) that writes its
files and returns its inputs: add one to extend the corpus. All text is invented for these cases
or by the benchmark's story generator.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import os
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from loopback import Route

from storywire.flows.bench.inputs import generate_story

#: The modules whose ``@case`` functions make the corpus, in order: what the inputs hold, and
#: where they come from (file names, links, pipes, servers). A new module of cases goes here.
CASE_MODULES = ("hostile_content", "hostile_sources")
OUTCOMES = frozenset({"story", "reject", "skipped", "listed"})
#: Every file's mtime, so nothing depends on the day the corpus is written.
FIXED_MTIME = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC).timestamp()
FUTURE_MTIME = dt.datetime(2099, 3, 1, 12, 0, tzinfo=dt.UTC).timestamp()
#: Zero-width and bidi control characters: never inside a stored headline, body or entity.
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                      "\u2060\u2066\u2067\u2068\u2069\ufeff")


@dataclass(frozen=True, slots=True)
class Expect:
    """What one input must become (see the module doc for the outcome classes)."""

    outcomes: frozenset[str]
    reasons: frozenset[str] = frozenset()  # reject: acceptable codes; empty: any declared one
    headlines: tuple[str, ...] = ()  # story: each the exact headline of one of its stories
    keep: tuple[str, ...] = ()  # story: each inside the body of one of its stories
    min_stories: int = 1
    record_rejects: int = 0  # story from a feed: this many records rejected ...
    record_reasons: frozenset[str] = frozenset()  # ... each with one of these reasons
    fields: Mapping[str, object] = field(default_factory=dict)  # column -> value, every story
    dates: Mapping[str, dt.date] = field(default_factory=dict)  # headline -> published_date
    forbid: tuple[str, ...] = ()  # text no story of this input may hold
    not_date_sources: tuple[str, ...] = ()  # published_date_source values that would be a lie
    optional: bool = False  # may never be reached (a URL past a nesting limit)

    def __post_init__(self) -> None:
        assert self.outcomes and self.outcomes <= OUTCOMES, self.outcomes


def story(*headlines: str, keep: tuple[str, ...] = (), **kw) -> Expect:
    return Expect(frozenset({"story"}), headlines=headlines, keep=keep, **kw)


def reject(*reasons: str, **kw) -> Expect:
    return Expect(frozenset({"reject"}), reasons=frozenset(reasons), **kw)


@dataclass(frozen=True, slots=True)
class Input:
    name: str  # short and unique, for reports
    uri: str  # absolute path (undecodable bytes as surrogate escapes) or URL
    expect: Expect
    what: str  # one line: the real-world case
    aliases: tuple[str, ...] = ()  # other URIs it may be accounted under (a hidden folder)
    #: A line of the URL list ``record_of``: accounted as a reject row of that list whose
    #: detail quotes ``uri`` (a list's bad lines are records of it, not sources of their own).
    record_of: str | None = None


@dataclass(slots=True)
class HostileCorpus:
    folder: Path  # the SOURCE folder
    sources: list[str]  # every SOURCE argument of the run
    inputs: list[Input]
    routes: dict[str, Route]  # path -> route, for loopback.serve_routes

    def by_name(self) -> dict[str, Input]:
        return {i.name: i for i in self.inputs}


@dataclass(slots=True)
class CaseContext:
    """What a case writes into: the folder, a folder beside it, the server's routes, the run's
    SOURCE arguments; and the story generator, which never repeats a headline."""

    folder: Path
    outside: Path
    base_url: str | None
    long_chars: int = 1_200_000
    short_lines: int = 100_000
    routes: dict[str, Route] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    headlines: set[str] = field(default_factory=set)
    numbers: itertools.count = field(default_factory=itertools.count)

    def write(self, name: str | bytes, data: bytes, folder: Path | None = None) -> str:
        where = os.fsencode(folder or self.folder)
        path = os.path.join(where, name if isinstance(name, bytes) else os.fsencode(name))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
        return os.fsdecode(path)

    def wire(self, name: str) -> tuple[str, str, tuple[str, ...], dt.date]:
        """A generated wire story of its own: (text, headline, phrases to keep, its date)."""
        rng = random.Random(f"hostile:{name}")
        while True:
            n = next(self.numbers)
            text, published = generate_story(n, rng)
            headline = text.split("\n", 1)[0]
            if headline not in self.headlines:
                break
        self.headlines.add(headline)
        paragraphs = text.split("\n\n")
        return text, headline, (paragraphs[2][:60], f"Story {n + 1} of the benchmark series."), \
            dt.date.fromisoformat(published)

    def url(self, path: str) -> str:
        assert self.base_url is not None
        return self.base_url + path


_Case = Callable[[CaseContext], list[Input]]
_CASES: list[tuple[_Case, bool]] = []


def case(fn: _Case | None = None, *, http: bool = False):
    """Register a case; ``http`` cases need the loopback server's base URL."""
    def register(f: _Case) -> _Case:
        _CASES.append((f, http))
        return f

    return register(fn) if fn is not None else register


def write_hostile_corpus(
    root: Path, base_url: str | None = None, *, long_chars: int = 1_200_000, short_lines: int = 100_000
) -> HostileCorpus:
    """Write every case under ``root`` (``root/corpus`` is the SOURCE folder) and return the
    manifest. Without ``base_url`` the HTTP cases are left out. ``long_chars`` and
    ``short_lines`` size the long story and the transcript (the defaults are over spaCy's
    1,000,000 characters; they are most of a run's work)."""
    ctx = CaseContext(folder=root / "corpus", outside=root / "outside", base_url=base_url,
               long_chars=long_chars, short_lines=short_lines)
    ctx.folder.mkdir(parents=True)
    ctx.outside.mkdir(parents=True)
    ctx.sources.append(str(ctx.folder))
    for module in CASE_MODULES:
        importlib.import_module(module)  # registers its cases, once
    inputs: list[Input] = []
    for fn, http in _CASES:
        if http and base_url is None:
            continue
        inputs.extend(fn(ctx))
    names = [i.name for i in inputs]
    assert len(names) == len(set(names)), "case names must be unique"
    return HostileCorpus(ctx.folder, ctx.sources, inputs, ctx.routes)
