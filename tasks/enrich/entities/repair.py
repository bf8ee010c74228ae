"""The ``storywire_news_entities`` spaCy component: repairs NER output for wire copy.

The stock model stumbles on what wire copy is full of: sports results tables where a city
name means a club, spans that swallow "the" or a title, and the same name labelled PERSON
in one sentence and ORG in the next. The component, last in the pipeline,

* splits and trims spans: determiners, titles, months, possessives, punctuation, numbers
  in names, slugs before a spaced dash, structural line breaks, commas in place names,
  unbalanced brackets;
* drops one-word "names" the story also writes in lower case ("Soldiers");
* labels dateline places (GPE) and companies closed by a suffix ("X, Inc.", ORG);
* adds places the model left out where only a place fits ("in Sunamganj", "Beira and
  Tete", "Espoo-based") when the gazetteer knows them as a town, subdivision or country;
* labels the names heading rows of results tables as clubs (ORG), and the names in
  results lists of people ("1. Name ( Country ) time") as PERSON;
* votes one label per surface form across the document, propagating it to unlabelled
  repeats and to bare surnames of people named in full.

Each rule is general for news text and was kept only if it helped held-out data
(:mod:`storywire.tasks.evaluate.entities`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence, Set
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from storywire.tasks.enrich.entities.evidence import story_labels
from storywire.tasks.enrich.entities.lexicon import (
    BUILT_HEADS,
    COMPANY_NOUNS,
    DASHES,
    DETERMINERS,
    HONORIFICS,
    KEEP_DETERMINER,
    MONTHS_DAYS,
    NAME_STOPS,
    NAMED_LABELS,
    NEWS_AGENCIES,
    NO_COMMA,
    NO_NUMBERS,
    ORG_HEADS,
    PLACE_LABELS,
    POSSESSIVE,
    SUBDIVISION_NOUNS,
    TITLES,
    norm_form,
)
from storywire.tasks.enrich.entities.missed import (
    listed_places,
    lowercase_words,
    missed_people_spans,
    missed_place_spans,
    widened_places,
)
from storywire.tasks.enrich.entities.recase import is_caps_line
from storywire.tasks.enrich.geocode import geocode

__all__ = ["COMPONENT", "ORIGINAL_TEXT_KEY", "make_news_entities", "news_entities_component"]

#: The factory name: ``nlp.add_pipe(COMPONENT)`` adds the component.
COMPONENT = "storywire_news_entities"
#: ``doc.user_data`` key for the text as written when the doc was built from a re-cased copy.
ORIGINAL_TEXT_KEY = "storywire_original_text"


_INITIAL_RE = re.compile(r"^[A-Z]\.$")
_NUMBERISH_RE = re.compile(r"^[+\-]?[\d.,:/\-]*\d[\d.,:/\-]*$")
#: A match score after a club's name ("Feyenoord 2-0", three tokens): no part of any name.
_SCORE_RE = re.compile(r"\s\d{1,2}\s?[-–]\s?\d{1,2}$")


def _is_number(tok: Token) -> bool:
    return bool(_NUMBERISH_RE.match(tok.text))


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """Drop determiners, titles, months, possessives, punctuation, spaces at the edges, and
    a subdivision's lower-case noun after a place ("Guangdong province")."""
    while start < end:
        tok = doc[start]
        low = tok.lower_
        if (
            tok.is_space
            or (tok.is_punct and tok.text not in {"(", "["})
            or (low in DETERMINERS and label not in KEEP_DETERMINER)
            or (low in MONTHS_DAYS and end - start > 1 and label not in {"EVENT", "DATE"})
            or (label in NO_NUMBERS and _is_number(tok))
            or (label == "PERSON" and low in TITLES and end - start > 1)
        ):
            start += 1
        else:
            break
    while end > start:
        tok = doc[end - 1]
        if (
            tok.is_space
            or tok.text in POSSESSIVE
            or (tok.is_punct and tok.text not in {")", "."})
            or (label in NO_NUMBERS and _is_number(tok))
            or (label in PLACE_LABELS and end - start > 1 and tok.is_lower and tok.lower_ in SUBDIVISION_NOUNS)
        ) or (tok.text == ")" and "(" not in doc[start : end - 1].text):
            end -= 1
        elif end - start > 3 and tok.is_digit and _SCORE_RE.search(doc[start:end].text):
            end -= 3
        else:
            break
    return start, end


def _structural_newlines(doc: Doc) -> bool:
    """True when line breaks end units (sentences, rows), False for hard-wrapped prose.

    Wire copy hard-wrapped at ~70 columns breaks lines mid-sentence ("the National\n
    Convention Assembly"), so a name may span a line break there; in text with one
    sentence, row or paragraph per line it never does.
    """
    cached = doc.user_data.get("storywire_structural_newlines")
    if cached is None:
        lines = [ln.rstrip() for ln in doc.text.split("\n") if ln.strip()]
        # a wrapped line is long and stops mid-sentence; short ones are headers or rows
        wrapped = sum(
            1 for ln in lines if len(ln) >= 45 and (ln[-1:].isalpha() or ln.endswith(","))
        )
        cached = not lines or wrapped < 0.4 * len(lines)
        doc.user_data["storywire_structural_newlines"] = cached
    return cached


def _cut_points(span: Span, structural: bool) -> list[tuple[int, str]]:
    """Token indexes where ``span`` must be split, with the kind of break."""
    cuts: list[tuple[int, str]] = []
    depth = 0
    for tok in span:
        text = tok.text
        if tok.is_space and "\n" in text:
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if structural or text.count("\n") > 1 or (nxt is not None and nxt.is_space):
                cuts.append((tok.i, "newline"))
        elif text in DASHES and tok.i > span.start and tok.doc[tok.i - 1].whitespace_:
            cuts.append((tok.i, "dash"))
        elif text == "," and span.label_ in NO_COMMA:
            cuts.append((tok.i, "comma"))
        elif text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif span.label_ == "PERSON" and _is_number(tok):
            cuts.append((tok.i, "number"))
    if depth != 0:  # unbalanced bracket: "Olabisi Afolabi ( Nigeria"
        cuts += [(t.i, "bracket") for t in span if t.text in {"(", ")"}]
    return sorted(cuts)


#: Words that may stand before a title's noun ("Regional Governor", "Acting President").
_TITLE_MODIFIERS = frozenset({
    "regional", "provincial", "federal", "former", "acting", "interim", "vice", "senior",
    "assistant", "deputy", "district", "county", "city",
})  # fmt: skip
#: Last words of the names of things named after titled people ("King Fahd Causeway",
#: "Queen Elizabeth Hospital", "President Kennedy Airport"): no person.
_NAMED_AFTER_HEADS = ORG_HEADS | COMPANY_NOUNS | BUILT_HEADS | frozenset({
    "airport", "bridge", "causeway", "stadium", "arena", "hospital", "square", "street", "road",
    "avenue", "boulevard", "highway", "station", "hall", "centre", "center", "school", "college",
    "academy", "mosque", "church", "cathedral", "palace", "tower", "port", "museum", "library",
    "prize", "award", "cup", "trophy", "medal", "canal", "dam", "island", "land", "sea", "lake",
})  # fmt: skip


def _titled_name(span: Span) -> int | None:
    """Where the name starts in a span the model gave a title and a person's name as one
    organization or place ("Regional Governor Anatoly Reshetov" as ORG): title words first
    (one of them an honorific), then two or three capitalized words that end in no head of
    an organization's or a building's name."""
    if span.label_ == "PERSON" or len(span) < 3:
        return None
    i, honorific = 0, False
    while i < len(span) and span[i].is_title and (span[i].lower_ in TITLES or span[i].lower_ in _TITLE_MODIFIERS):
        honorific |= span[i].lower_ in HONORIFICS
        i += 1
    name = span[i:]
    if not honorific or not 2 <= len(name) <= 3 or name[-1].lower_ in _NAMED_AFTER_HEADS:
        return None
    if all(t.is_title and t.text.replace("-", "").isalpha() and t.lower_ not in TITLES for t in name):
        return span.start + i
    return None


def _repair_span(span: Span) -> list[Span]:
    """Split and trim a model span so it covers one name and nothing else.

    Splits at structural line breaks, spaced dashes ("CRICKET - LEICESTERSHIRE": the
    slug before the dash is dropped), commas inside place/person names ("Grace Road,
    Leicestershire"), unbalanced brackets and numbers inside person names ("Jayasuriya 3
    G. McGrath"); trims each part (see ``_trim``); extends a PERSON over a preceding
    initial ("R. Ponting"). Parts after a comma or bracket that name a known place become
    GPE.
    """
    doc = span.doc
    named = _titled_name(span)
    if named is not None:
        return [Span(doc, named, span.end, label="PERSON")]
    label = span.label_
    cuts = _cut_points(span, _structural_newlines(doc)) if len(span) > 1 else []
    pieces: list[tuple[int, int, str]] = []
    start = span.start
    kind = ""
    for i, next_kind in [*cuts, (span.end, "")]:
        pieces.append((start, i, kind))
        start, kind = i + 1, next_kind
    if any(k == "dash" for _, _, k in pieces):
        last_dash = max(n for n, (_, _, k) in enumerate(pieces) if k == "dash")
        pieces = pieces[last_dash:]
    out: list[Span] = []
    for s, e, k in pieces:
        s, e = _trim(doc, s, e, label)
        if s >= e:
            continue
        part_label = label
        if k in {"comma", "bracket"} and label != "GPE":
            place = geocode(doc[s:e].text)
            if place is not None:
                part_label = "GPE"
        if part_label == "PERSON" and s > 0 and _INITIAL_RE.match(doc[s - 1].text):
            s -= 1
        out.append(
            span
            if (s, e, part_label) == (span.start, span.end, label)
            else Span(doc, s, e, label=part_label)
        )
    return out


# A dateline opens a paragraph: ALL-CAPS place, then a comma, a date, "(AP)" or a dash.
_DATELINE_RE = re.compile(
    r"(?:^|\n)[ \t]*(?P<place>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})"
    r"(?=,|\s+\(|\s+/|\s+[-_–—]|\s+\d{1,4}[-/]\d|\s+\d{4}\b"
    r"|,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)"
)
# "NAIROBI, Kenya (AP)": the region or country between the city and the credit.
_DATELINE_REGION_RE = re.compile(
    r",\s*(?P<region>[A-Z][a-zA-Z.]+(?: [A-Z][a-zA-Z.]+)?)\s*(?=\(|/|[-_–—])"
)

# Results tables: "Stoke 4 3 1 0 7 4 10", "Haitai 64 2 43 .596 -", "LG 2 OB 0".
_NAME = r"[A-Z][\w.'’&\-]*(?: (?:[A-Z][\w.'’&\-]*|of|de|am|upon|and))*"
_NUM = r"(?:\d+(?:[.:/\-]\d+)*|\.\d+|-)"
_TABLE_ROW_RE = re.compile(rf"^[ \t]*(?P<name>{_NAME})(?: {_NUM}){{2,}}[ \t]*$", re.M)
_SCORE_ROW_RE = re.compile(
    rf"^[ \t]*(?P<home>{_NAME}) \d{{1,3}}(?: \([^)\n]*\))? (?P<away>{_NAME}) \d{{1,3}}\b", re.M
)


def _span_for(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="strict")


def _dateline_spans(doc: Doc, text: str) -> list[Span]:
    """GPE spans for dateline places at paragraph starts ("BAKU, Oct 26 /TASS/")."""
    spans: list[Span] = []
    for m in _DATELINE_RE.finditer(text):
        place = m.group("place").rstrip(".-’'")
        if len(place) < 3 or place.upper() != place:
            continue
        start = m.start("place")
        end = start + len(place)
        tail = text[end : end + 40]
        credit = re.match(r",?\s*(?:[A-Z][a-zA-Z.]+(?: [A-Z][a-zA-Z.]+)?\s*)?[(/]", tail)
        if geocode(place) is None and not credit:
            continue  # an ALL-CAPS word at a line start, not a known place or credit
        line_end = text.find("\n", end)
        line = text[start : line_end if line_end >= 0 else len(text)]
        if is_caps_line(line) and re.match(r"\s+[-_–—]", tail):
            continue  # "RUGBY - KELSO ROVERS WIN": a headline slug, not "LONDON - Shares fell"
        span = _span_for(doc, start, end, "GPE")
        if span is not None:
            spans.append(span)
        region = _DATELINE_REGION_RE.match(tail)
        if region and region.group("region").split()[0] not in NEWS_AGENCIES:
            r0 = end + region.start("region")
            rspan = _span_for(doc, r0, end + region.end("region"), "GPE")
            if rspan is not None:
                spans.append(rspan)
    return spans


def _table_spans(doc: Doc, text: str, ents: Sequence[Span]) -> list[Span]:
    """ORG spans for team names heading rows of results/standings tables.

    A block of consecutive table rows whose names the model mostly calls PERSON is a
    leaderboard of people (golf, athletics) and is left alone.
    """
    person_starts = {e.start_char for e in ents if e.label_ == "PERSON"}
    rows: list[tuple[int, int]] = []
    for m in _TABLE_ROW_RE.finditer(text):
        rows.append((m.start("name"), m.end("name")))
    for m in _SCORE_ROW_RE.finditer(text):
        rows.append((m.start("home"), m.end("home")))
        rows.append((m.start("away"), m.end("away")))
    if not rows:
        return []
    rows.sort()
    # Group rows into blocks separated by lines that are not rows.
    blocks: list[list[tuple[int, int]]] = [[rows[0]]]
    for prev, cur in pairwise(rows):
        gap = text[prev[1] : cur[0]]
        if gap.count("\n") <= 2:
            blocks[-1].append(cur)
        else:
            blocks.append([cur])
    spans: list[Span] = []
    for block in blocks:
        persons = sum(1 for s, _ in block if s in person_starts)
        if persons * 2 > len(block):
            continue
        for s, e in block:
            name = text[s:e]
            if name.lower() in STOP_WORDS:
                continue
            span = _span_for(doc, s, e, "ORG")
            if span is not None:
                spans.append(span)
    return spans


# Company suffixes close an ORG name: "Worldsources, Inc.", "Daniels Pharmaceuticals Inc".
_CORP_SUFFIX_RE = re.compile(
    r",?[ \t]+(?:Inc|INC|Corp|CORP|Co|CO|Cos|Ltd|LTD|LLC|L\.L\.C|PLC|Plc|plc|AG|GmbH|SpA|S\.A|N\.V|"
    r"B\.V|Pty|Bhd|Berhad)\b\.?"
)
# A token that can belong to a company name, as written (before re-casing).
_NAME_TOKEN_RE = re.compile(r"^[A-Z][A-Za-z0-9&'’.]*$")


def _company_spans(doc: Doc, text: str) -> list[Span]:
    """ORG spans for capitalised names followed by a company suffix."""
    spans: list[Span] = []
    structural = _structural_newlines(doc)
    for m in _CORP_SUFFIX_RE.finditer(text):
        if m.group(0).startswith(",") and m.group(0).rstrip(".").endswith(("Co", "CO")):
            continue  # "Denver, CO" is Colorado
        first = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        if first is None or first.start == 0:
            continue
        i = first.start - (0 if doc[first.start].idx < m.start() else 1)
        start = None
        while i >= 0 and first.start - i <= 6:
            tok = doc[i]
            written = text[tok.idx : tok.idx + len(tok.text)]  # before re-casing
            if written == "&" or (_NAME_TOKEN_RE.match(written) and tok.lower_ not in NAME_STOPS):
                start = i
            elif tok.text == "-" and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_:
                pass  # Georgia-Pacific, Daimler-Benz
            elif not (tok.text == "\n" and not structural and start is not None):
                break  # a single hard wrap inside a name is fine in wrapped prose
            i -= 1
        if start is None:
            continue
        end_char = m.end()
        if text[end_char - 1 : end_char] == "." and not doc.char_span(doc[start].idx, end_char):
            end_char -= 1  # "INC." at a sentence end: the period belongs to the sentence
        span = doc.char_span(doc[start].idx, end_char, label="ORG")
        if span is not None:
            spans.append(span)
    return spans


# Results lists of people: "1. Amara Diallo ( Senegal ) 13.02", "3 - Jan Novak (CZE) 68".
_RESULT_ROW_RE = re.compile(
    rf"^[ \t]*(?:\d{{1,3}}[.=)]?[ \t]+(?:-[ \t]+)?)?(?P<name>{_NAME})[ \t]*\([ \t]*(?P<who>[^()\n]{{2,30}}?)[ \t]*\)",
    re.M,
)


def _result_people_spans(doc: Doc, text: str, ents: Sequence[Span]) -> list[Span]:
    """PERSON spans for every name of a results list the model mostly reads as people.

    The model tags most athletes right and a few as ORG or GPE ("Marion Clignet
    ( France )"); the list shape says they are all the same kind of thing.
    """
    rows = [
        (m.start("name"), m.end("name"))
        for m in _RESULT_ROW_RE.finditer(text)
        if geocode(m.group("who")) is not None or m.group("who").isupper()
    ]
    if len(rows) < 3:
        return []
    persons = {(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"}
    if sum(1 for r in rows if r in persons) * 2 < len(rows):
        return []
    spans = []
    for s, e in rows:
        span = _span_for(doc, s, e, "PERSON")
        if span is not None and len(span) > 1:
            spans.append(span)
    return spans


def _merge(ents: Iterable[Span], forced: Sequence[Span]) -> list[Span]:
    """Put ``forced`` spans in, dropping model spans that overlap them."""
    taken = [(s.start, s.end) for s in forced]
    kept = [e for e in ents if not any(e.start < b and a < e.end for a, b in taken)]
    return filter_spans([*forced, *kept])


def _name_like(form: str) -> bool:
    words = form.split()
    return (
        len(form) >= 2
        and form[0].isupper()
        and any(w.lower() not in STOP_WORDS for w in words)
        and not form.isdigit()
    )


def _drop_common_words(doc: Doc, ents: list[Span]) -> list[Span]:
    """Drop one-word names the same story also writes in lower case.

    "Soldiers", "Detectives", "Hope" open sentences capitalised and the model calls
    them ORG or PERSON; if the story also says "soldiers" or "hope", they are words. An
    acronym in capitals is not the word: "WHO" beside "who", "US" beside "us".
    """
    lowercase = lowercase_words(doc.text)
    return [
        e
        for e in ents
        if not (
            e.label_ in NAMED_LABELS
            and len(e) == 1
            and e.text.lower() in lowercase
            and e.text[:1].isupper()
            and not (e.text.isupper() and len(e.text) > 1)
        )
    ]


def _vote_and_propagate(
    doc: Doc, ents: list[Span], pinned: Set[tuple[int, int, str]] = frozenset()
) -> list[Span]:
    """One label per surface form in a document, also given to unlabelled repeats.

    Votes come from every mention of the form, weighed with the evidence of
    :func:`.evidence.story_labels` (gazetteer, agency table, word lists, context); a
    mention whose own context decides its label ("Mr Lincoln") keeps it, and so does one
    of the ``pinned`` spans the layout labelled (datelines, tables). A bare surname
    of a person named in full is that person ("Lebed" after "Alexander Lebed").
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for e in ents:
        if e.label_ in NAMED_LABELS:
            votes[norm_form(e.text)][e.label_] += 1
    surnames: set[str] = set()
    for e in ents:
        if e.label_ == "PERSON" and len(e) > 1:
            last = e[-1]
            if (
                (last.is_title or last.is_upper)
                and len(last.text) > 2
                and last.lower_ not in STOP_WORDS
            ):
                surnames.add(last.text)
    if not votes and not surnames:
        return ents
    winner, decisive = story_labels(ents, NAMED_LABELS, pinned=pinned)
    for form in surnames:
        # A bare surname of someone the story names in full is that person, whatever
        # the model said in between ("Muluzi" ORG after "Bakili Muluzi"), unless the
        # model mostly reads it as a place that the gazetteer knows ("Washington").
        placed = votes.get(form, Counter())
        if placed["GPE"] * 2 > sum(placed.values()) and geocode(form) is not None:
            continue
        winner[form] = "PERSON"
    out: list[Span] = []
    for e, own in zip(ents, decisive, strict=True):
        label = own or winner.get(norm_form(e.text), e.label_)
        out.append(e if label == e.label_ else Span(doc, e.start, e.end, label=label))
    lowercase = lowercase_words(doc.text)
    forms = [
        f
        for f in winner
        if _name_like(f) and winner[f] in NAMED_LABELS and f.lower() not in lowercase
    ]
    if not forms:
        return out
    covered = bytearray(len(doc.text) + 1)
    for e in out:
        covered[e.start_char : e.end_char] = b"\x01" * (e.end_char - e.start_char)
    pattern = re.compile(
        r"(?<![\w.\-'’])(?:"
        + "|".join(
            re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True)
        )
        + r")(?![\w\-])"
    )
    added: list[Span] = []
    for m in pattern.finditer(doc.text):
        if any(covered[m.start() : m.end()]):
            continue
        span = doc.char_span(
            m.start(), m.end(), label=winner[norm_form(m.group(0))], alignment_mode="strict"
        )
        if span is not None:
            added.append(span)
    return filter_spans([*out, *added]) if added else out


def news_entities_component(doc: Doc) -> Doc:
    """Repair NER output for wire copy (see module docstring); keeps non-named labels.

    Dateline and table rules read the text as written (``doc.user_data`` carries it when
    the doc was built from a re-cased copy): "LONDON 1996-08-30" is a dateline by shape.
    """
    text = doc.user_data.get(ORIGINAL_TEXT_KEY, doc.text)
    ents: list[Span] = []
    lowercase = lowercase_words(doc.text)
    for e in doc.ents:
        if e.label_ in NAMED_LABELS:
            for part in listed_places(e, lowercase) or [e]:
                ents.extend(_repair_span(part))
        else:
            ents.append(e)
    ents = widened_places(doc, _drop_common_words(doc, filter_spans(ents)))
    forced = _dateline_spans(doc, text) + _company_spans(doc, text)
    ents = _merge(ents, filter_spans(forced))
    forced_tables = _table_spans(doc, text, ents) + _result_people_spans(doc, text, ents)
    if forced_tables:
        ents = _merge(ents, filter_spans(forced_tables))
    pinned = {(s.start, s.end, s.label_) for s in (*forced, *forced_tables)}
    missed = missed_place_spans(doc, ents) + missed_people_spans(doc, ents, _NAMED_AFTER_HEADS)
    if missed:
        ents = filter_spans([*ents, *missed])
    ents = _vote_and_propagate(doc, ents, pinned)
    doc.ents = filter_spans(ents)
    return doc


@Language.factory(COMPONENT, default_config={}, assigns=["doc.ents"])
def make_news_entities(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Factory for ``nlp.add_pipe(COMPONENT)``: the component is stateless, nothing to configure.

    Registering again from a re-imported module is fine: spaCy only refuses a different
    function under the same name.
    """
    return news_entities_component
