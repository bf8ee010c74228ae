"""Quote spans of Russian and French copy: guillemets, lapki and dialogue dashes.

Pairs each opener with its own closer: « with » (a nested « ... » inside counts
depth), „ with “ (or ”), “ with ”, straight " as English does. Marks of another
kind inside an open quote are nested ("«... „...“ ...»", "« ... “...” ... »").
Russian copy often drops the outer » when a nested name ends the quote
(``«Мы работаем с «Газпромом», — сказал он``): an unbalanced « then closes at
its last ». A paragraph that opens with a dash (—, –, or a spaced hyphen) is
direct speech: the speech runs to a dash that follows punctuation (``— Мы готовы,
— сказал он. — Начнем.``: two spans around the author's words), or, given the
language's reporting verbs ``verb_re``, to a comma followed by a reporting verb
(``— Nous sommes prêts, a dit le ministre.``). Author's words inside quote marks
split a quote in two the same ways: ``«Мы готовы, — сказал он. — Начнем»``,
``« Nous sommes prêts, a-t-il dit. Nous attendons. »``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from storywire.tasks.enrich.quotes.marks import Span, _looks_like_closer

_MARK_RE = re.compile(r"[\"“”„«»]")
_CLOSERS_OF = {"«": "»", "„": "“”", "“": "”", '"': '"'}
_OPENERS = frozenset(_CLOSERS_OF)
# A paragraph of dialogue opens with a dash: em, en, or a hyphen standing for one.
_DASH_OPEN_RE = re.compile(r"[—–]\s*|-\s+")
# A dash after speech punctuation separates speech from the author's words.
_DASH_SEP_RE = re.compile(r"(?<=[,.!?…:;])\s+(?P<dash>[—–]|-(?=\s))\s*")
# Inside quote marks the author's words open after ",/!/?/…" and a dash.
_INNER_SEP_RE = re.compile(r"(?<=[,!?…])\s+(?P<dash>[—–]|-(?=\s))\s+")
_INCISE_RE = re.compile(r",\s+")
_INCISE_END_RE = re.compile(r"[.,;!?…]\s+(?=\S)")
# Longest run of author's words (words) that may interrupt a quote.
_MAX_AUTHOR_WORDS = 12


def _dash_spans(
    body: str, p_index: int, p_start: int, p_end: int, verb_re: re.Pattern[str] | None
) -> list[Span]:
    """The speech segments of a paragraph that opens with a dialogue dash."""
    first = _DASH_OPEN_RE.match(body, p_start, p_end)
    if first is None:
        return []
    spans: list[Span] = []
    open_start, open_end = p_start, p_start + len(body[first.start() : first.end()].rstrip())
    speaking = True
    pos = first.end()
    for sep in _DASH_SEP_RE.finditer(body, pos, p_end):
        if speaking:
            spans.append(
                Span(open_start, open_end, sep.start(), sep.end("dash"), p_index, p_index, True)
            )
        else:
            open_start, open_end = sep.start("dash"), sep.end("dash")
        speaking = not speaking
        pos = sep.end()
    if speaking:
        close = p_end
        resume = None
        if verb_re is not None:
            for comma in re.finditer(r",\s+", body[pos:p_end]):
                verb = verb_re.match(body, pos + comma.end(), p_end)
                if verb is not None:
                    close = pos + comma.start() + 1
                    # The speech resumes after the incise's clause: "..., a-t-il dit. Nous ..."
                    rest = re.compile(r"[.;!?]\s+(?=\S)").search(body, verb.end(), p_end)
                    resume = rest.end() if rest else None
                    break
        spans.append(Span(open_start, open_end, close, close, p_index, p_index, True))
        if resume is not None:
            spans.append(Span(resume, resume, p_end, p_end, p_index, p_index, True))
    return [s for s in spans if s.close_start > s.open_end]


def _straight_opens(body: str, start: int, end: int) -> bool:
    """Whether a straight quote with nothing open can open one (not an inch mark,
    not a closer whose opener is lost)."""
    return not ((start > 0 and body[start - 1].isdigit()) or _looks_like_closer(body, start, end))


def _paragraph_of(paragraphs: list[tuple[int, int]], pos: int) -> int:
    """Index of the paragraph containing ``pos``."""
    return max(0, bisect_right([p[0] for p in paragraphs], pos) - 1)


def _split_interrupted(
    body: str, span: Span, paragraphs: list[tuple[int, int]], verb_re: re.Pattern[str]
) -> list[Span]:
    """A quote interrupted by the author's words, as two quotes around them
    (module docstring); the author's words must hold a reporting verb."""
    if not span.closed or span.open_end == span.open_start or body[span.open_start] in "—–-":
        return [span]
    first = _INNER_SEP_RE.search(body, span.open_end, span.close_start)
    if first is not None:
        resume = _DASH_SEP_RE.search(body, first.end(), span.close_start)
        if (
            resume is not None
            and len(body[first.end() : resume.start()].split()) <= _MAX_AUTHOR_WORDS
            and verb_re.search(body, first.end(), resume.start())
        ):
            par = _paragraph_of(paragraphs, first.start())
            head = Span(span.open_start, span.open_end, first.start(), first.end("dash"),
                        span.paragraph, par, True)  # fmt: skip
            rest = Span(resume.start("dash"), resume.end("dash"), span.close_start,
                        span.close_end, _paragraph_of(paragraphs, resume.start("dash")),
                        span.last_paragraph, True)  # fmt: skip
            return [head, *_split_interrupted(body, rest, paragraphs, verb_re)]
    for comma in _INCISE_RE.finditer(body, span.open_end, span.close_start):
        verb = verb_re.match(body, comma.end(), span.close_start)
        if verb is None:
            continue
        end = _INCISE_END_RE.search(body, verb.end(), span.close_start)
        if end is None or len(body[comma.end() : end.start()].split()) > _MAX_AUTHOR_WORDS // 2:
            continue
        par = _paragraph_of(paragraphs, comma.start())
        head = Span(span.open_start, span.open_end, comma.start() + 1, comma.start() + 1,
                    span.paragraph, par, True)  # fmt: skip
        rest = Span(end.end(), end.end(), span.close_start, span.close_end,
                    _paragraph_of(paragraphs, end.end()), span.last_paragraph, True)  # fmt: skip
        return [head, *_split_interrupted(body, rest, paragraphs, verb_re)]
    return [span]


def scan_quotes_intl(
    body: str,
    paragraphs: list[tuple[int, int]],
    *,
    dashes: bool = True,
    verb_re: re.Pattern[str] | None = None,
) -> list[Span]:
    """Pair quote marks paragraph by paragraph (see the module docstring); an open
    quote continues into the next paragraph only when that one reopens with a mark."""
    spans: list[Span] = []
    # [mark start, mark end, paragraph, opener, depth, (end, paragraph) of the last »]
    state: list | None = None

    def close_open(at_para: int) -> None:
        nonlocal state
        if state is None:
            return
        o_start, o_end, o_par, opener, _depth, last_close = state
        if opener == "«" and last_close is not None:
            close_end, close_par = last_close
            spans.append(Span(o_start, o_end, close_end - 1, close_end, o_par, close_par, True))
        else:
            end = paragraphs[at_para][1]
            spans.append(Span(o_start, o_end, end, end, o_par, at_para, False))
        state = None

    for p_index, (p_start, p_end) in enumerate(paragraphs):
        marks = list(_MARK_RE.finditer(body, p_start, p_end))
        if state is not None:
            if marks and marks[0].start() == p_start and marks[0].group() in _OPENERS:
                marks = marks[1:]  # the reopening mark of a continued quote
            else:
                close_open(p_index - 1)
        if state is None and dashes and body[p_start] in "—–-":
            found = _dash_spans(body, p_index, p_start, p_end, verb_re)
            if found:
                spans.extend(found)
                continue  # marks inside dialogue are names or nested quotes
        for mark in marks:
            text, m_start, m_end = mark.group(), mark.start(), mark.end()
            if state is None:
                if text not in _OPENERS or (
                    text == '"' and not _straight_opens(body, m_start, m_end)
                ):
                    continue  # a stray closer, an inch mark
                state = [m_start, m_end, p_index, text, 1, None]
                continue
            opener = state[3]
            if opener == "«" and text == "«":
                state[4] += 1
                continue
            if text not in _CLOSERS_OF[opener]:
                continue  # a nested mark of another kind
            if opener == "«":
                state[4] -= 1
                state[5] = (m_end, p_index)
                if state[4] > 0:
                    continue
            spans.append(Span(state[0], state[1], m_start, m_end, state[2], p_index, True))
            state = None
    if state is not None:
        close_open(len(paragraphs) - 1)
    if verb_re is None:
        return spans
    return [part for span in spans for part in _split_interrupted(body, span, paragraphs, verb_re)]
