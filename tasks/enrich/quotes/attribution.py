"""Direct quotations in a story body, with who said them and how.

Why regexes and not a parser: quotation marks are typographic, not syntactic, and
news copy attributes quotes with a handful of fixed patterns (``"...," Aliyev
said``, ``said Kivutha Kibwana, of ...``, ``Aliyev said: "..."``, ``according to
X``). Anchoring on a closed list of reporting verbs and reading the noun phrase
next to the verb is fast, needs no model, and reuses the entity mentions the
pipeline has already resolved, so the speaker gets the story-wide canonical name.

Choices worth knowing:

* Only double quotation marks open a top-level quote: straight ", curly “ ”, low
  „, guillemets « », and the old wire form (two backticks ... two apostrophes).
  Single quotes (‘ ’ ') are too ambiguous with apostrophes to open a quote on
  their own, so they stay part of the enclosing quote's text (nesting).
* A paragraph that opens a quote without closing it continues into the next
  paragraph when that one starts with a quote mark (the wire convention): one
  quote whose text contains the paragraph break and the reopening mark. If the
  next paragraph does not reopen, the quote ends with its own paragraph. When the
  paragraph breaks were collapsed to spaces, a straight quote that reopens right
  after a finished sentence inside an open quote is read the same way.
* The quote text is everything between the marks, trimmed of surrounding
  whitespace, including the comma of '"...,"': it is what the marks enclose.
* Scare quotes and titles ('will "go all the way"', 'the "Iron Lady"') are
  returned like any quote. A scare quote gets a speaker only when a reporting
  verb in its sentence attributes it ('Aliyev stated that Baku will "go all the
  way"' -> Aliyev / state), otherwise speaker and verb are None. Title Case text
  ("Hamlet", "The Man in the Iron Mask") only takes an attribution that touches
  it ('"Hamlet," he said'), and a quote right after a naming word ('a show
  called "Ask the Doctor"', 'an article titled', 'so-called') never gets one.
* A quote with no attribution of its own inherits one from its neighbours:
  the previous quote's, when only that quote's attribution separates them
  ('"A," he said. "B."'); the previous sentence's, when the quote starts a
  sentence in the same paragraph ('Some staff break rules, he said. "But ..."');
  or a colon-ended attribution that closes the previous paragraph ('He told
  reporters:'). A quote paragraph after a paragraph of indirect speech is *not*
  attributed: that needs discourse reasoning a pattern matcher gets wrong.
* A colon with no reporting verb ('Grace Mwangi struck a defiant tone: "..."')
  gives the sentence-initial PERSON (or he/she) as speaker with verb None, but
  only when no other person is named before the colon ('advice from X:').
* Pronouns: he/she resolve to the most recent PERSON mention before the pronoun
  (mentions inside quotes are skipped), except that a person named inside the
  previous speaker's own attribution ('said Mick North, whose daughter Sophie
  ...') yields to that speaker; "it" resolves to the most recent ORG; they/we/I
  keep the pronoun as speaker with no canonical. The speaker text stays as
  written ("he"), the canonical and key come from the resolved mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from storywire.tasks.records import EntityMention, QuoteMention

__all__ = ["REPORTING_VERBS", "extract_quotes"]

# ---------------------------------------------------------------------------
# Reporting verbs. One line per lemma: its inflected forms; "+" joins the words
# of a multi-word form ("pointed+out").
# ---------------------------------------------------------------------------

_VERB_TABLE = """
say: said says saying say
tell: told tells telling tell
add: added adds adding
state: stated states stating
note: noted notes noting
warn: warned warns warning
emphasize: emphasized emphasised emphasizes emphasises emphasizing emphasising
stress: stressed stresses stressing
explain: explained explains explaining
ask: asked asks asking
declare: declared declares declaring
insist: insisted insists insisting
argue: argued argues arguing
claim: claimed claims claiming
announce: announced announces announcing
continue: continued continues
recall: recalled recalls recalling
remark: remarked remarks remarking
observe: observed observes
write: wrote writes writing
reply: replied replies replying
respond: responded responds responding
answer: answered answers answering
acknowledge: acknowledged acknowledges acknowledging
admit: admitted admits admitting
concede: conceded concedes conceding
mention: mentioned mentions
proclaim: proclaimed proclaims
propose: proposed proposes
assert: asserted asserts asserting
complain: complained complains complaining
suggest: suggested suggests suggesting
predict: predicted predicts predicting
point out: pointed+out points+out pointing+out
underline: underlined underlines underlining
underscore: underscored underscores underscoring
reiterate: reiterated reiterates reiterating
confirm: confirmed confirms confirming
deny: denied denies denying
caution: cautioned cautions cautioning
urge: urged urges urging
shout: shouted shouts shouting
yell: yelled yells
scream: screamed screams
whisper: whispered whispers
cry: cried
wonder: wondered wonders
joke: joked jokes joking
quip: quipped quips
exclaim: exclaimed exclaims
recount: recounted recounts recounting
testify: testified testifies testifying
vow: vowed vows vowing
promise: promised promises promising
boast: boasted boasts boasting
tweet: tweeted tweets tweeting
comment: commented comments commenting
conclude: concluded concludes concluding
assure: assured assures assuring
counter: countered counters countering
maintain: maintained maintains maintaining
reveal: revealed reveals revealing
report: reported
read: read reads
put: put+it puts+it
call: called calls calling
describe: described describes describing
according to: according+to
"""


def _wordset(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(text.split())


def _parse_verb_table(table: str) -> dict[str, str]:
    forms: dict[str, str] = {}
    for line in table.strip().splitlines():
        lemma, _, rest = line.partition(":")
        for form in rest.split():
            forms[form.replace("+", " ")] = lemma.strip()
    return forms


#: Inflected reporting-verb form (words separated by one space) -> lemma.
REPORTING_VERBS: dict[str, str] = _parse_verb_table(_VERB_TABLE)

# Verbs that attribute a quote only next to it ('," he added', 'He added: "')
# or with a that-clause: elsewhere in a sentence they are too often not about
# speech ("the company added 200 jobs", "he continued to work").
_WEAK_LEMMAS = _wordset("""add continue ask observe answer reply respond recall explain report counter
    maintain comment conclude shout yell scream whisper cry wonder joke quip exclaim
    recount testify assure urge caution remark reveal confirm tweet boast promise vow mention
    propose
    underline underscore reiterate read""") | {"point out", "put", "according to"}
# Verbs that may come before their subject ('," said Kibwana'), the inverted
# attribution of news copy; "told" and friends never do.
_INVERTIBLE_LEMMAS = _wordset("""say add ask state note warn declare insist argue explain continue recall
    remark observe write reply respond answer admit concede complain suggest
    predict shout yell scream whisper cry wonder joke quip exclaim recount comment
    conclude counter emphasize stress caution urge acknowledge reiterate claim
    announce maintain proclaim""")
# Phrasal uses that are not about speech: "called for talks", "called off".
_VERB_GUARDS = {"call": r"(?!\s+(?:for|on|off|up|out|back|in)\b)"}
_QUOTED_AS = (
    r"(?:was|were|is|are|has\s+been|had\s+been|been)\s+quoted\s+"
    r"(?:by\s+[\w.]+(?:\s+[\w.]+){0,3}\s+)?as\s+saying"
)
_VERB_RE = re.compile(
    r"(?<![\w'’-])(?=[A-Za-z])(?:(?P<quoted>"
    + _QUOTED_AS
    + r")|(?P<verb>"
    + "|".join(
        form.replace(" ", r"\s+") + _VERB_GUARDS.get(lemma, "")
        for form, lemma in sorted(REPORTING_VERBS.items(), key=lambda kv: -len(kv[0]))
    )
    + r"))(?![\w'’-])",
    re.IGNORECASE,
)
# "The agency quoted Aliyev as saying: ..." - the speaker sits inside the phrase.
_QUOTED_X_AS_RE = re.compile(
    r"(?<![\w'’-])quot(?:ed|es|ing)\s+(?!by\b)(?P<np>[^,;:\"\x01]{1,80}?)\s+as\s+saying(?![\w'’-])",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------
# Word lists for reading the noun phrase next to a reporting verb.
# ---------------------------------------------------------------------------

_PRONOUNS = _wordset("he she they it we i")
_DETERMINERS = _wordset("""the a an his her its their our my this that these those one another some
    several many two three""")
# Prepositions that may link words inside a speaker phrase ("a spokesman for the
# ministry", "the head of the agency"), reading backwards from the verb.
_NP_LINKS = _wordset("of for from at with to in on under near")
# Prepositions that put an entity inside a modifier rather than at the phrase's
# head: in "a spokesman for the Interior Ministry" the ministry is not the speaker.
_PP_PREPOSITIONS = _wordset("of for from at with to in on by under near")
# Words that end a speaker phrase: function words, auxiliaries, time adverbs.
_STOP_WORDS = _wordset("""that and but or nor if when while because after before since as so where which
    who whom whose then than though although unless until once whether what also
    later earlier meanwhile however today yesterday tonight now still there here not
    never only even monday tuesday wednesday thursday friday saturday sunday in on
    during without about into over under through told said says added adding saying
    is was were are be been being has have had will would could should can may
    might must did does do just again by quoted like unlike amid despite against
    among between up down out off per via both either neither""")
# Words between a subject and its verb: "Aliyev has also said", "he later told".
# Only lowercase "-ly" words are adverbs: "Kelly said", "Italy said" keep their subject.
_AUX_RE = re.compile(
    r"(?:\s+(?:(?i:has|have|had|was|were|is|are|will|would|could|also|later|then|earlier|"
    r"further|again|once|previously|repeatedly|recently|since|already|often|always|"
    r"usually|sometimes|never|still|just|even|first|finally|then|now|once\s+again)|"
    r"[a-z]+ly))*\s*$"
)
# Titles and honorifics, skipped when matching a speaker's surname.
_TITLES = _wordset("""president prime minister secretary general gen sen senator rep representative
    gov governor mr mrs ms dr mayor chairman chairwoman spokesman spokeswoman
    spokesperson foreign defense defence finance deputy vice chief leader judge
    justice king queen prince princess pope col lt sgt capt adm maj ambassador
    director commissioner coach professor prof rev sir lord lady premier chancellor
    senior official""")
_ABBREVIATIONS = _wordset("""mr mrs ms dr gen sen rep gov lt col sgt capt adm maj cmdr st jr sr inc corp co
    ltd no vs prof rev jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave
    blvd dept est fig u.s u.n u.k e.g i.e etc a.m p.m pres calif mass wash fla ariz
    colo conn ill ind kan ky la md mich minn miss mo mont neb nev okla ore pa tenn
    tex va vt wis wyo""")

# ---------------------------------------------------------------------------
# Quote marks, paragraphs, sentences.
# ---------------------------------------------------------------------------

# '' is the old wire closer; in ''' (a nested single closer glued to it) the
# double closer is the last two apostrophes.
_MARK_RE = re.compile(r"``|''(?!')|[\"“”„«»]")
_OPENERS = frozenset({"``", "“", "„", "«"})
_CLOSERS = frozenset({"''", "”", "»"})
# A paragraph break is a blank line; a bare "\n" is a hard line break. Raw 1990s
# wire copy marks paragraphs by indenting their first line instead.
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n\s*")
_INDENT_SEP_RE = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t])")
_INDENTED_LINE_RE = re.compile(r"\n[ \t]+\S")
# Quote interiors are masked with this character before attribution search.
_MASK = "\x01"
# Longest "sentence" (characters) read on either side of a position: longer
# stretches are unpunctuated text, and the cap keeps such bodies linear.
_WINDOW = 600
_SENT_END_RE = re.compile(r"[.!?]+(?:[\"”’')\]\x01]|'')*(?=\s+[\"“„«`‘(\[A-Z0-9])")
_WORD_RE = re.compile(r"\w[\w.'’&-]*")
_SPACE_RE = re.compile(r"\s+")
_ENTITY_RE = re.compile(r"&#?\w+;")
_DELIMITERS = frozenset(",;:()[]\"“”„«»`'‘’—–_" + _MASK)
_QUOTE_CHARS = frozenset("\"“”„«»`'‘’" + _MASK)
# Inside a word, apostrophes belong to it ("Lewinsky's", "O’Neill").
_WORD_BREAKS = _DELIMITERS - {"'", "’"}


@dataclass(frozen=True, slots=True)
class _Span:
    """One quote as paired by the scanner: its marks and paragraphs."""

    open_start: int
    open_end: int  # start of the quoted text
    close_start: int  # end of the quoted text
    close_end: int
    paragraph: int
    last_paragraph: int
    closed: bool


@dataclass(frozen=True, slots=True)
class _Attribution:
    """A reporting verb and the speaker phrase it attributes a quote to."""

    verb_start: int
    verb_end: int
    lemma: str | None  # None: a colon introduces the quote, no reporting verb
    np_start: int
    np_end: int


@dataclass(frozen=True, slots=True)
class _Speaker:
    """A resolved speaker and where its attribution was read."""

    text: str
    entity: EntityMention | None
    verb: str | None
    clause: tuple[int, int]  # attribution through the end of its sentence


_Verb = tuple[int, int, str, bool]  # start, end, lemma, is a participle ("adding")


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph, surrounding whitespace excluded.

    Indentation separates paragraphs only in raw wire layout (two or more indented
    lines), so that for pipeline bodies, paragraphs joined by blank lines, the
    index matches the story's paragraph list.
    """
    raw_wire = len(_INDENTED_LINE_RE.findall(body, 0, 20000)) >= 2
    separator = _INDENT_SEP_RE if raw_wire else _BLANK_LINE_RE
    spans: list[tuple[int, int]] = []
    pos = 0
    for sep in [*separator.finditer(body), None]:
        end = sep.start() if sep else len(body)
        start, stop = _strip_span(body, pos, end)
        if stop > start:
            spans.append((start, stop))
        if sep:
            pos = sep.end()
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _looks_like_closer(body: str, pos: int, end: int) -> bool:
    """A straight quote glued to the word before it and followed by a space or
    punctuation closes something; if nothing is open it is a stray mark."""
    before = body[pos - 1] if pos > 0 else " "
    after = body[end] if end < len(body) else " "
    return (
        not before.isspace()
        and before not in "([{—–-/"
        and (after.isspace() or after in ",.;:!?)]")
    )


def _reopens_after_sentence(body: str, open_end: int, pos: int, end: int) -> bool:
    """A straight quote that looks like an opener (space before, word after) right
    after a finished sentence while a quote is open: the reopening mark of a
    multi-paragraph quote whose paragraph breaks were collapsed to spaces."""
    before = body[open_end:pos].rstrip()
    after = body[end] if end < len(body) else " "
    return (
        body[pos - 1].isspace()
        and (after.isalnum() or after in "‘'")
        and len(before) > 1
        and before[-1] in ".?!"
    )


def _closes(opener: str, mark: str) -> bool:
    if opener == "„":
        return mark in ("“", "”", '"')  # German „...“
    if opener == '"':
        return mark in _CLOSERS or mark == '"'
    return mark in _CLOSERS  # straight marks inside curly/backtick quotes are nested


def _scan_quotes(body: str, paragraphs: list[tuple[int, int]]) -> list[_Span]:
    """Pair quote marks paragraph by paragraph, carrying an open quote across a
    paragraph break only when the next paragraph reopens with a quote mark."""
    spans: list[_Span] = []
    # (mark start, mark end, paragraph index, mark text) of the open quote.
    open_at: tuple[int, int, int, str] | None = None
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        marks = list(_MARK_RE.finditer(body, p_start, p_end))
        if open_at is not None:
            if marks and marks[0].start() == p_start and marks[0].group() not in _CLOSERS:
                marks = marks[1:]  # the reopening mark of a continued quote
            else:
                prev_end = paragraphs[p_index - 1][1]
                o_start, o_end, o_par, _ = open_at
                spans.append(_Span(o_start, o_end, prev_end, prev_end, o_par, p_index - 1, False))
                open_at = None
        for mark in marks:
            text, m_start, m_end = mark.group(), mark.start(), mark.end()
            if open_at is None:
                if text in _CLOSERS:
                    continue  # stray closer
                if text == '"' and (
                    (m_start > 0 and body[m_start - 1].isdigit())
                    or _looks_like_closer(body, m_start, m_end)
                ):
                    continue  # an inch mark (5'11") or a closer whose opener is lost
                open_at = (m_start, m_end, p_index, text)
                continue
            if not _closes(open_at[3], text):
                continue  # nested or stray opener: part of the quoted text
            if text == '"' and _reopens_after_sentence(body, open_at[1], m_start, m_end):
                continue
            spans.append(_Span(open_at[0], open_at[1], m_start, m_end, open_at[2], p_index, True))
            open_at = None
    if open_at is not None:
        end = paragraphs[-1][1]
        spans.append(
            _Span(open_at[0], open_at[1], end, end, open_at[2], len(paragraphs) - 1, False)
        )
    return spans


def _mask_quotes(body: str, spans: Sequence[_Span]) -> str:
    """Blank quote interiors so the attribution search never reads quoted words.

    Trailing punctuation stays (``,"`` versus ``."`` decides whether an
    attribution may follow) and so do line breaks (paragraph boundaries).
    """
    chars = list(body)
    for span in spans:
        keep_from = span.close_start
        while keep_from > span.open_end and body[keep_from - 1] in ".,!?;:…—–- \n'’":
            keep_from -= 1
        for i in range(span.open_end, keep_from):
            if chars[i] != "\n":
                chars[i] = _MASK
    return "".join(chars)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the '.' at ``dot`` ends an abbreviation or an initial ("Gen.", "F.")."""
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if all(len(part) == 1 for part in word.split(".")):
        return bool(word)  # initials and initialisms: "F.", "J.P.", "U.S."
    return word in _ABBREVIATIONS


@lru_cache(maxsize=8)
def _sentence_marks(masked: str) -> tuple[list[int], list[int]]:
    """Sentence starts (after a terminal mark and before a capital or a quote)
    and terminal punctuation positions of a masked body, computed once per body
    so that per-quote lookups stay logarithmic on long single-paragraph stories."""
    starts = [
        m.end() for m in _SENT_END_RE.finditer(masked) if not _is_abbreviation(masked, m.start())
    ]
    terminals = [
        i
        for i, ch in enumerate(masked)
        if ch in "!?" or (ch == "." and not _is_abbreviation(masked, i))
    ]
    return starts, terminals


def _sentence_start(masked: str, para_start: int, pos: int) -> int:
    """Start of the sentence containing ``pos``, searched within its paragraph."""
    starts, _ = _sentence_marks(masked)
    i = bisect_right(starts, pos) - 1
    start = max(starts[i] if i >= 0 else 0, para_start, pos - _WINDOW)
    while start < pos and masked[start].isspace():
        start += 1
    return start


def _sentence_end(masked: str, pos: int, para_end: int) -> int:
    """End (exclusive) of the sentence running on from ``pos``."""
    _, terminals = _sentence_marks(masked)
    i = bisect_left(terminals, pos)
    end = terminals[i] + 1 if i < len(terminals) and terminals[i] < para_end else para_end
    return min(end, pos + _WINDOW)


def _has_sentence_break(text: str) -> bool:
    """Sentence punctuation, a colon or a quote mark in ``text`` (abbreviations and
    leftover HTML entities such as "&AMP;" aside)."""
    text = _ENTITY_RE.sub("&", text)
    return (
        "``" in text
        or "''" in text
        or any(
            ch in ';:!?"“”' or (ch == "." and not _is_abbreviation(text, i))
            for i, ch in enumerate(text)
        )
    )


def _at_sentence_start(masked: str, pos: int) -> bool:
    i = pos
    while i > 0 and masked[i - 1].isspace():
        i -= 1
    return i == 0 or masked[i - 1] in ".!?:\"“”`'" + _MASK


# ---------------------------------------------------------------------------
# Speaker noun phrases.
# ---------------------------------------------------------------------------


def _words(text: str, offset: int) -> list[tuple[int, int, str]]:
    return [(offset + m.start(), offset + m.end(), m.group()) for m in _WORD_RE.finditer(text)]


def _low(word: str) -> str:
    return word.rstrip(".").lower()


def _capitalized_after(masked: str, pos: int) -> bool:
    """Whether the word starting at ``pos`` (after spaces) is capitalized."""
    while pos < len(masked) and masked[pos].isspace():
        pos += 1
    return pos < len(masked) and masked[pos].isupper()


def _subject_end(masked: str, left: int, verb_start: int) -> int:
    """Where the subject before a verb ends: before auxiliaries and adverbs
    ("has also said") and a trailing parenthetical ("the IMF (IMF) said")."""
    near = max(left, verb_start - 120)  # auxiliaries sit right before the verb
    segment = masked[near:verb_start]
    aux = _AUX_RE.search(segment)
    end = near + (aux.start() if aux else len(segment))
    _, end = _strip_span(masked, left, end)
    if end > left and masked[end - 1] == ")":
        paren = masked.rfind("(", left, end)
        if paren > left:
            _, end = _strip_span(masked, left, paren)
    return end


def _subject_before(masked: str, left: int, verb_start: int) -> tuple[int, int] | None:
    """The noun phrase that ends right before a reporting verb.

    Reads backwards from the verb: skips auxiliaries and adverbs, handles one
    appositive (``Smith, who heads X, said`` / ``Its director, Jane Roe, says``),
    then collects words until a delimiter, a function word, or the determiner
    that begins the phrase. Prepositions continue the phrase only between a
    determiner and a capitalized word or another noun ("a spokesman for the
    ministry").
    """
    end = _subject_end(masked, left, verb_start)
    if end <= left:
        return None
    closing = end
    while closing > left and masked[closing - 1] in "'\"”’":
        closing -= 1
    if closing < end and closing > left and masked[closing - 1] == ",":
        end = closing  # 'Wallace, who directed ``The Mask,'' said': the comma is inside
    if masked[end - 1] == ",":
        comma = masked.rfind(",", left, end - 1)
        if comma < left:
            # A lone comma between subject and verb: "General Richard Myers, said".
            _, end = _strip_span(masked, left, end - 1)
        else:
            inner_start, inner_end = _strip_span(masked, comma + 1, end - 1)
            inner = masked[inner_start:inner_end].split()
            if comma == left or not inner:
                return None
            if len(inner) <= 4 and all(w[:1].isupper() for w in inner):
                return inner_start, inner_end  # a name in apposition is the speaker
            _, end = _strip_span(masked, left, comma)
    start = end
    collected: list[str] = []
    i = end
    while i > left and len(collected) < 10:
        j = i
        while j > left and masked[j - 1].isspace():
            j -= 1
        if j <= left or masked[j - 1] in _WORD_BREAKS:
            break
        k = j
        while k > left and not masked[k - 1].isspace() and masked[k - 1] not in _WORD_BREAKS:
            k -= 1
        word = masked[k:j]
        if not word or not word[0].isalnum():
            break
        low = _low(word)
        if collected and collected[-1] in _PRONOUNS:
            break  # a pronoun is a whole phrase: "... risk analysis he replied"
        if collected and collected[-1] in _DETERMINERS and low not in _NP_LINKS:
            break  # the phrase began at its determiner
        if low in _NP_LINKS:
            if not collected or (
                collected[-1] not in _DETERMINERS and not _capitalized_after(masked, j)
            ):
                break
        elif low in _STOP_WORDS or (low.endswith("ly") and word[0].islower()):
            break  # function word or adverb: "are strongly critical of ..."
        collected.append(low)
        start = i = k
    # A phrase cannot start with a preposition.
    while collected and collected[-1] in _NP_LINKS:
        collected.pop()
        gap = _SPACE_RE.search(masked, start, end)
        start = gap.end() if gap else end
    return (start, end) if start < end else None


def _phrase_after(masked: str, start: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase after an inverted verb (``said Kivutha Kibwana, of``) or
    ``according to``: words up to a delimiter or a function word."""
    start, _ = _strip_span(masked, start, limit)
    np_end = start
    for count, (w_start, w_end, word) in enumerate(_words(masked[start:limit], start)):
        gap = masked[np_end:w_start]
        if count and (any(c in _DELIMITERS for c in gap) or "\n\n" in gap):
            break
        low = _low(word)
        if low in _STOP_WORDS or (count and low in _PRONOUNS):
            break
        np_end = w_end
        if low in _PRONOUNS or count >= 9:
            break
        if word.endswith(".") and not _is_abbreviation(masked, w_end - 1):
            np_end -= 1  # the sentence's full stop, not part of the name
            break
    while np_end > start and masked[np_end - 1] in ".,":
        np_end -= 1
    return (start, np_end) if np_end > start else None


def _post_subject(
    masked: str, left: int, verb_start: int, entities: Sequence[EntityMention]
) -> tuple[int, int] | None:
    """Subject of an attribution that follows its quote: the first comma chunk
    (``Smith, a spokesman for X, said``) or a later chunk that is exactly a PERSON
    (``one of her lawyers, Nathaniel Speights, said``)."""
    end = _subject_end(masked, left, verb_start)
    chunks: list[tuple[int, int]] = []
    pos = left
    for part in masked[left:end].split(","):
        c_start, c_end = _strip_span(masked, pos, pos + len(part))
        pos += len(part) + 1
        if c_end > c_start:
            chunks.append((c_start, c_end))
    chunks = [c for c in chunks if masked[c[0]] not in _QUOTE_CHARS]
    if not chunks:
        return None
    first = masked[chunks[0][0] : chunks[0][1]].split()
    head = _low(first[0])
    if len(first) > 10 or (head in _STOP_WORDS | _NP_LINKS and head not in _PRONOUNS):
        return None  # '"go all the way" if Armenia said': not an attribution clause
    if (
        first[0][0].islower()
        and head not in _DETERMINERS | _PRONOUNS
        and (len(chunks) > 1 or head.endswith(("ing", "ed")))
    ):
        return None  # '"...," including gold, bonds, said X': not a subject
    last = masked[chunks[-1][0] : chunks[-1][1]].split()
    if len(chunks) > 1 and _low(last[0]) in ("who", "which", "that", "whose"):
        return None  # the verb belongs to a relative clause: "Smith, who has denied"
    if len(chunks) > 1 and not _entity_in(entities, chunks[0], "PERSON"):
        for chunk in chunks[1:]:
            if any(e.label == "PERSON" and (e.start, e.end) == chunk for e in entities):
                return chunk
    return chunks[0]


def _leading_name(
    masked: str, chunk: tuple[int, int], entities: Sequence[EntityMention]
) -> tuple[int, int] | None:
    """The pronoun, mention or capitalized words that open a clause."""
    for e in entities:
        if e.start == chunk[0] and e.end <= chunk[1]:
            return e.start, e.end
    words = _words(masked[chunk[0] : chunk[1]], chunk[0])
    if words and words[0][2].lower() in _PRONOUNS:
        return words[0][0], words[0][1]
    end = chunk[0]
    for _, w_end, word in words:
        if not word[0].isupper():
            break
        end = w_end
    return (chunk[0], end) if end > chunk[0] else None


def _entity_in(entities: Sequence[EntityMention], span: tuple[int, int], label: str) -> bool:
    return any(e.label == label and span[0] <= e.start < span[1] for e in entities)


def _sentence_subject(
    masked: str,
    left: int,
    right: int,
    entities: Sequence[EntityMention],
    labels: tuple[str, ...] = ("PERSON", "ORG"),
) -> tuple[int, int] | None:
    """A pronoun or a mention with one of ``labels`` among a sentence's first words."""
    for w_start, w_end, word in _words(masked[left : min(right, left + 80)], left)[:6]:
        if word.lower() in _PRONOUNS:
            return w_start, w_end
        for e in entities:
            if e.start <= w_start < e.end and e.label in labels:
                return e.start, e.end
    return None


# ---------------------------------------------------------------------------
# Finding the attribution of a quote.
# ---------------------------------------------------------------------------


# Third-person forms that are more often plural nouns ("all states", "Swift's
# claims", "product recalls"): they count as verbs only after a pronoun or a
# name, and never after a determiner or a possessive.
_NOUNISH_FORMS = _wordset(
    """states claims calls comments notes remarks reports tweets answers promises
    vows jokes recalls reads counters quips boasts mentions"""
)
_NOUN_CONTEXT_RE = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|my|your|these|those|all|some|many|"
    r"several|two|three|four|key|other|such|no|of|and|or|in|on|to|for|with)|['’]s?)\s*$",
    re.IGNORECASE,
)


_ADJECTIVE_CONTEXT_RE = re.compile(r"\b(?:a|an|the|this|these|those|its|their)\s+$", re.I)


def _nounish(masked: str, start: int, end: int, form: str) -> bool:
    """Whether an ambiguous -s form reads as a plural noun here."""
    if form not in _NOUNISH_FORMS:
        return False
    before = masked[max(0, start - 40) : start]
    if _NOUN_CONTEXT_RE.search(before):
        return True
    prev = before.split()[-1] if before.strip() else ""
    after_ok = re.match(r"\s*(?:that\b|[.,:;\"“”])", masked[end : end + 8]) is not None
    if prev.lower() in _PRONOUNS:
        return False
    if form == "states":  # "Gulf states", "Baltic states": a name before is no help
        return re.match(r"\s*(?:that\b|:)", masked[end : end + 8]) is None
    return not (prev[:1].isupper() or after_ok)


@dataclass(frozen=True, slots=True)
class _VerbIndex:
    """Every reporting verb of a masked body, found once, in text order."""

    starts: list[int]
    verbs: list[_Verb]

    def within(self, start: int, end: int) -> list[_Verb]:
        """The verbs lying entirely inside [start, end)."""
        i = bisect_left(self.starts, start)
        out: list[_Verb] = []
        while i < len(self.verbs) and self.verbs[i][0] < end:
            if self.verbs[i][1] <= end:
                out.append(self.verbs[i])
            i += 1
        return out


def _index_verbs(masked: str, entities: Sequence[EntityMention]) -> _VerbIndex:
    """Find the reporting verbs once per body, so each quote's lookups are a
    bisect instead of a regex scan over its sentence."""
    spans = sorted((e.start, e.end) for e in entities)
    ends = [0] * len(spans)
    for i, (_, end) in enumerate(spans):
        ends[i] = max(end, ends[i - 1]) if i else end  # running max: overlaps by bisect
    verbs: list[_Verb] = []
    for match in _VERB_RE.finditer(masked):
        m_start, m_end = match.span()
        i = bisect_left(spans, (m_end, -1)) - 1
        if i >= 0 and ends[i] > m_start:
            continue  # part of a name: "Edward Said"
        if masked[m_start].isupper() and not _at_sentence_start(masked, m_start):
            continue  # "the United States", "Edward Said" without an entity list
        if match.group("quoted"):
            verbs.append((m_start, m_end, "say", False))
            continue
        form = " ".join(match.group("verb").lower().split())
        if _nounish(masked, m_start, m_end, form) or _ADJECTIVE_CONTEXT_RE.search(
            masked, max(0, m_start - 12), m_start
        ):
            continue  # a plural noun ("all states") or an adjective ("a noted expert")
        lemma = REPORTING_VERBS[form]
        verbs.append((m_start, m_end, lemma, form.endswith("ing") and lemma != "according to"))
    return _VerbIndex([v[0] for v in verbs], verbs)


def _attribution_at(
    masked: str,
    verb: _Verb,
    left: int,
    right: int,
    entities: Sequence[EntityMention],
    *,
    inverted_ok: bool,
) -> _Attribution | None:
    """The speaker phrase of one reporting verb, read within [left, right)."""
    v_start, v_end, lemma, participle = verb
    if lemma == "according to":
        np = _phrase_after(masked, v_end, right)
    elif participle:
        # '..., adding: "..."' - the speaker is the sentence's own subject.
        np = _sentence_subject(masked, left, v_start, entities)
    else:
        np = _subject_before(masked, left, v_start)
        if np is None and re.search(r"\b(?:and|but|then)\s*$", masked[left:v_start], re.I):
            # 'He appeared on TV and said, "..."'
            np = _sentence_subject(masked, left, v_start, entities)
        if np is None and inverted_ok and lemma in _INVERTIBLE_LEMMAS:
            np = _phrase_after(masked, v_end, right)
            if np is not None and not _entity_in(entities, np, "PERSON"):
                # 'said the ministry's spokesman, John Smith.'
                appos = re.match(r",\s*", masked[np[1] : right])
                if appos:
                    at = np[1] + appos.end()
                    person = [e for e in entities if e.label == "PERSON" and e.start == at]
                    if person:
                        np = (person[0].start, person[0].end)
    return _Attribution(v_start, v_end, lemma, *np) if np else None


_COLON_LEAD_RE = re.compile(r"(?:(?:As|But|And|So|Then|Later|Now),?\s+)?", re.IGNORECASE)
_OTHER_PARTY_RE = re.compile(r"\b(?:him|her|them|us|me)\b", re.IGNORECASE)


def _colon_subject(
    masked: str, sent_start: int, open_start: int, entities: Sequence[EntityMention]
) -> tuple[int, int] | None:
    """Speaker of a quote that a colon introduces without a reporting verb:
    the sentence opens with a PERSON mention or he/she, and no other party
    (another person, "him", "her", another quote) appears before the colon, so
    the words are not someone else's ("He took advice from Diana Vreeland:")."""
    lead_in = masked[sent_start:open_start].rstrip()
    if not lead_in.endswith(":") or "''" in lead_in or any(c in lead_in for c in '"“”`' + _MASK):
        return None  # another quote before the colon: the words may be its speaker's
    first = _COLON_LEAD_RE.match(masked, sent_start).end()
    np: tuple[int, int] | None = None
    word = _WORD_RE.match(masked, first)
    if word and word.group().lower() in ("he", "she"):
        np = word.span()
    else:
        starts = [e for e in entities if e.start == first and e.label == "PERSON"]
        np = (starts[0].start, starts[0].end) if starts else None
    if np is None:
        return None
    rest = masked[np[1] : sent_start + len(lead_in)]
    if _OTHER_PARTY_RE.search(rest) or any(
        e.label == "PERSON" and np[1] <= e.start < open_start for e in entities
    ):
        return None
    return np


# Words that make the next quote a name: 'an article titled "..."', 'so-called "..."'.
_NAMING_RE = re.compile(
    r"\b(?:titled|entitled|called|named|dubbed|nicknamed|headlined|labell?ed|"
    r"known\s+as|so-called|the\s+word|the\s+term|the\s+phrase|the\s+slogan)\s*$",
    re.IGNORECASE,
)
_TITLE_SMALL_WORDS = _wordset("a an the of and or nor but in on at to for with by from as de la le")
_TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def _looks_like_title(quote: str) -> bool:
    """Whether quoted text reads as a title or a name ("The Man in the Iron Mask",
    "Hamlet", "Iron Lady"): at most eight words, all capitalized but small ones."""
    words = _TITLE_WORD_RE.findall(quote)
    if not words or len(words) > 8 or quote.rstrip()[-1:] in "!?":
        return False
    if len(words) == 1 and not quote.rstrip()[-1:].isalnum():
        return False  # "Please." / "Yes," are said, "Hamlet" is staged
    return all(
        word[0].isupper() or (i and word.lower() in _TITLE_SMALL_WORDS)
        for i, word in enumerate(words)
    )


def _only_punct_between(masked: str, start: int, end: int) -> bool:
    """Whether masked[start:end] holds nothing but punctuation, space or 'that'."""
    return masked[start:end].strip(" \t\n,:;—–-") in ("", "that")


def _may_attribute_after(masked: str, span: _Span, verb: _Verb, post_end: int) -> bool:
    """Whether the clause right after a quote can be its attribution.

    The quote must end the way attributed quotes end: punctuation inside the
    marks (``,"`` ``?"`` ``!"``) or a comma or dash after them; in ``the "Face the
    Nation" program, Powell said`` the quote is a title inside a longer phrase.
    After ``."`` a clause is usually a new sentence (``." The White House says it
    will ...``), so it counts only when short: ``"..." Mr Karzai said.``
    """
    lead = masked[span.close_end : verb[0]]
    # Titles quoted inside the attribution ('the "Pose" actor said') are fine,
    # another quote right after this one is not.
    if (
        len(lead.split()) > 25
        or lead.lstrip(" \n,—–-")[:1] in _QUOTE_CHARS
        or _has_sentence_break(re.sub(r"``|''|[\"“”]", "", lead))
    ):
        return False
    inner = masked[span.open_end : span.close_start].rstrip(" \n'’")  # nested closers: ?’”
    last = inner[-1:]
    comma_after = lead.lstrip()[:1] in (",", "—", "–", "-", "_")
    if not comma_after and last not in (",", "?", "!", ".", "…", "—", "–", "-"):
        # A dropped comma ('"... to see" Mayer said.') still counts when the whole
        # rest of the sentence is a short name or pronoun and the verb.
        words = lead.split()
        rest = masked[verb[1] : post_end].split()
        return (
            0 < len(words) <= 3
            and (words[0][0].isupper() or words[0].lower() in _PRONOUNS)
            and len(rest) <= 3
        )
    if last == "." and not comma_after:
        rest_text = masked[verb[1] : post_end]
        rest = rest_text.split()
        if len(rest) > 8 or (rest and rest[0].lower() == "that"):
            return False
        if rest_text.lstrip(" \n,:")[:1] in _QUOTE_CHARS:
            return False  # '." He added, "...': that attribution opens the next quote
    return True


def _find_attribution(
    masked: str,
    span: _Span,
    paragraphs: list[tuple[int, int]],
    entities: Sequence[EntityMention],
    verbs: _VerbIndex,
    *,
    title: bool = False,
) -> _Attribution | None:
    """The attribution of one quote, nearest convention first. A ``title``
    (Title Case words: a work, a nickname) only takes an attribution that
    touches it, not one read from elsewhere in the sentence."""
    open_para = paragraphs[span.paragraph]
    close_para = paragraphs[span.last_paragraph]
    sent_start = _sentence_start(masked, open_para[0], span.open_start)
    post_end = span.close_end
    post_verbs: list[_Verb] = []
    if span.closed:
        post_end = _sentence_end(masked, span.close_end, close_para[1])
        post_verbs = verbs.within(span.close_end, post_end)

    # 1. Right after the quote: '"...," Aliyev said', '," said Kibwana',
    #    '," according to X', '," Smith, a spokesman for X, said'.
    if post_verbs and _may_attribute_after(masked, span, post_verbs[0], post_end):
        verb = post_verbs[0]
        if _only_punct_between(masked, span.close_end, verb[0]) or verb[2] == "according to":
            attr = _attribution_at(
                masked, verb, span.close_end, post_end, entities, inverted_ok=True
            )
        else:
            np = _post_subject(masked, span.close_end, verb[0], entities)
            if np is not None and verb[3]:
                # '," Benioff weighed in, telling Cook': the clause's subject leads it.
                np = _leading_name(masked, np, entities)
            attr = _Attribution(verb[0], verb[1], verb[2], *np) if np else None
        if attr:
            return attr

    # 2. Before the quote in the same sentence, nearest verb first:
    #    'Aliyev said: "..."', 'Aliyev stated that Baku will "go all the way"'.
    quoted_x = list(_QUOTED_X_AS_RE.finditer(masked, sent_start, span.open_start))
    for verb in verbs.within(sent_start, span.open_start)[-4:][::-1]:
        tail = masked[verb[1] : span.open_start]
        immediate = not tail.strip() or (
            len(tail.split()) <= 8 and tail.rstrip().endswith((":", ",", "that"))
        )
        if not immediate and (
            title or ((verb[2] in _WEAK_LEMMAS or verb[3]) and not re.match(r"\s+that\b", tail))
        ):
            continue  # weak verbs, participles ("a voice telling him"), titles: adjacent only
        if verb[2] == "call" and not tail.strip():
            continue  # naming, not speech: 'a show called "Ask Dr. Mike"'
        source = re.search(r"\bfrom\b", tail)
        if source and (
            _OTHER_PARTY_RE.search(tail, source.end())
            or _entity_in(entities, (verb[1] + source.end(), span.open_start), "PERSON")
        ):
            continue  # 'recalled advice from her mentor Joseph Ndungu: "..."'
        if quoted_x and quoted_x[-1].end() >= verb[1]:
            m = quoted_x[-1]
            return _Attribution(verb[0], verb[1], "say", m.start("np"), m.end("np"))
        attr = _attribution_at(
            masked, verb, sent_start, span.open_start, entities,
            inverted_ok=verb[0] - sent_start < 3,
        )  # fmt: skip
        if attr:
            return attr

    # 3. A colon after a clause whose subject is a person, no reporting verb:
    #    'Grace Mwangi struck a defiant tone: "We are not going anywhere."'.
    np = _colon_subject(masked, sent_start, span.open_start, entities)
    if np is not None:
        return _Attribution(span.open_start, span.open_start, None, *np)

    # 4. A closing attribution clause later in the sentence:
    #    'Baku will "go all the way" if Armenia stays, Aliyev said.' Not after a
    #    quote that ends its own sentence ('..."' + new sentence).
    inner = masked[span.open_end : span.close_start].rstrip(" \n'’")
    if title or inner[-1:] in (".", "!", "?"):
        return None
    for verb in post_verbs[:4]:
        clause_start = masked.rfind(",", span.close_end, verb[0])
        if clause_start < 0 or (verb[2] in _WEAK_LEMMAS and verb is post_verbs[0]):
            continue
        if re.match(r"\s*(?:which|who|whom|whose|that|what)\b", masked[clause_start + 1 :], re.I):
            continue  # a relative clause: '..., which Cahill calls "..."'
        attr = _attribution_at(
            masked, verb, clause_start + 1, post_end, entities,
            inverted_ok=_only_punct_between(masked, clause_start + 1, verb[0]),
        )  # fmt: skip
        if attr:
            return attr
    return None


# ---------------------------------------------------------------------------
# Resolving a speaker phrase to an entity mention.
# ---------------------------------------------------------------------------


def _most_recent(
    entities: Sequence[EntityMention], before: int, label: str, in_quote: dict[int, bool]
) -> EntityMention | None:
    """Latest ``label`` mention ending before ``before``, preferring ones outside quotes."""
    candidates = [e for e in entities if e.end <= before and e.label == label]
    pool = [e for e in candidates if not in_quote[id(e)]] or candidates
    return max(pool, key=lambda e: e.end) if pool else None


def _resolve_speaker(
    body: str,
    np: tuple[int, int],
    entities: Sequence[EntityMention],
    in_quote: dict[int, bool],
    previous: _Speaker | None = None,
) -> tuple[str, EntityMention | None]:
    """Speaker text as written (whitespace collapsed) and the mention it refers to.

    ``previous`` is the last speaker resolved to a PERSON: a he/she whose most
    recent PERSON sits inside that speaker's own attribution clause ('said Mick
    North, whose daughter Sophie died. "...," he said') means that speaker.
    """
    start, end = np
    text = " ".join(body[start:end].split())
    low = text.lower()
    if low in ("he", "she"):
        person = _most_recent(entities, start, "PERSON", in_quote)
        if (
            person is not None
            and previous is not None
            and previous.entity is not None
            and previous.clause[0] <= person.start < previous.clause[1]
        ):
            return text, previous.entity
        return text, person
    if low == "it":
        return text, _most_recent(entities, start, "ORG", in_quote)
    if low in _PRONOUNS:
        return text, None

    best: EntityMention | None = None
    for e in sorted(
        (e for e in entities if e.start < end and e.end > start), key=lambda e: e.start
    ):
        if any(w in _PP_PREPOSITIONS for w in body[start : max(start, e.start)].lower().split()):
            continue  # "a spokesman for the ministry": the ministry is not the head
        after = body[e.end : end]
        if after.startswith(("'", "’")):
            continue  # "Smith's spokesman"
        if e.label == "PERSON" or (
            e.label in ("ORG", "GPE", "NORP")
            and not after.strip()
            and (best is None or best.label != "PERSON")
        ):
            best = e
    if best is not None:
        return " ".join(best.text.split()), best

    # No mention inside the phrase (NER missed it, or a common noun): match a
    # surname to a PERSON canonical, or "the <head>" to an earlier ORG's head noun.
    words = text.split()
    content = [w for w in words if _low(w) not in _TITLES | _DETERMINERS]
    if content and all(w[0].isupper() for w in content):
        surname = content[-1].lower()
        people = [
            e
            for e in entities
            if e.label == "PERSON" and e.canonical.lower().split()[-1:] == [surname]
        ]
        if people:
            prior = [e for e in people if e.end <= start]
            return text, max(prior, key=lambda e: e.end) if prior else min(
                people, key=lambda e: e.start
            )
    if words and words[0].lower() == "the" and len(words) <= 4:
        head = words[-1].lower()
        orgs = [
            e
            for e in entities
            if e.label == "ORG" and e.end <= start and e.canonical.lower().split()[-1:] == [head]
        ]
        if orgs:
            return text, max(orgs, key=lambda e: e.end)
    return text, None


# ---------------------------------------------------------------------------
# Public API.
# ---------------------------------------------------------------------------


def extract_quotes(body: str, entities: Sequence[EntityMention] = ()) -> list[QuoteMention]:
    """Every direct quotation in ``body``, in order, with speaker and reporting verb.

    ``body`` is paragraphs separated by blank lines (single ``\\n`` hard breaks
    inside a paragraph are fine; tab-indented raw wire paragraphs too).
    ``entities`` are the story's mentions; only ``field == "body"`` ones are used.
    They give ``speaker_canonical``/``speaker_key``; without them the speaker text
    is still found and the canonical is None. Offsets are exact:
    ``body[q.start:q.end] == q.text``, the text between the marks, trimmed.
    ``paragraph`` is the 0-based index of the paragraph where the quote opens.

    Attribution, nearest convention first: right after the quote (``"...,"
    Aliyev said`` / ``said Kibwana`` / ``according to X``); a reporting verb
    earlier in the same sentence (``Aliyev said: "..."``, ``Aliyev stated that
    Baku will "go all the way"``); a colon after a person's clause; a closing
    ``, X said`` clause later in the sentence; then the inheritance rules of the
    module docstring. A speaker
    phrase resolves to a mention inside it (PERSON anywhere outside a modifier,
    ORG/GPE/NORP only as its head), else by surname or head noun to a known
    canonical; a common-noun speaker ("the ministry") keeps its text with
    canonical None unless its head noun names an earlier ORG.
    """
    if not body:
        return []
    ents = [e for e in entities if e.field == "body"]
    for e in ents:
        if not 0 <= e.start < e.end <= len(body):
            raise ValueError(
                f"entity mention {e.text!r} has offsets {e.start}:{e.end} outside the "
                f"body ({len(body)} characters): mentions must index this body"
            )
    paragraphs = _paragraph_spans(body)
    spans = _scan_quotes(body, paragraphs) if paragraphs else []
    if not spans:
        return []
    masked = _mask_quotes(body, spans)
    in_quote = {
        id(e): any(s.open_end <= e.start and e.end <= s.close_start for s in spans) for e in ents
    }

    ctx = _Context(body, masked, paragraphs, spans, ents, in_quote, _index_verbs(masked, ents))
    results: list[QuoteMention] = []
    attributions: list[_Attribution | None] = []
    speakers: list[_Speaker | None] = []
    last_person: _Speaker | None = None
    for index, span in enumerate(spans):
        if _NAMING_RE.search(masked, max(0, span.open_start - 30), span.open_start):
            attr, speaker = None, None  # 'a report titled "..."': a name, not speech
        else:
            title = _looks_like_title(body[span.open_end : span.close_start])
            attr = _find_attribution(masked, span, paragraphs, ents, ctx.verbs, title=title)
            if attr is not None:
                speaker = _speaker(ctx, attr, last_person)
            elif title:
                speaker = None
            else:
                speaker = _inherit(ctx, index, attributions, speakers, last_person)
        attributions.append(attr)
        speakers.append(speaker)
        if speaker is not None and speaker.entity is not None and speaker.entity.label == "PERSON":
            last_person = speaker
        start, end = _strip_span(body, span.open_end, span.close_start)
        if start >= end:
            continue  # empty quote marks
        entity = speaker.entity if speaker else None
        results.append(
            QuoteMention(
                start=start,
                end=end,
                text=body[start:end],
                speaker=speaker.text if speaker else None,
                speaker_canonical=entity.canonical if entity else None,
                speaker_key=entity.entity_key if entity else None,
                verb=speaker.verb if speaker else None,
                paragraph=span.paragraph,
            )
        )
    return results


@dataclass(frozen=True, slots=True)
class _Context:
    """What every attribution step reads: the story and its paired quotes."""

    body: str
    masked: str
    paragraphs: list[tuple[int, int]]
    spans: list[_Span]
    entities: list[EntityMention]
    in_quote: dict[int, bool]
    verbs: _VerbIndex


def _speaker(ctx: _Context, attr: _Attribution, previous: _Speaker | None) -> _Speaker:
    text, entity = _resolve_speaker(
        ctx.body, (attr.np_start, attr.np_end), ctx.entities, ctx.in_quote, previous
    )
    clause_start = min(attr.np_start, attr.verb_start)
    after = max(attr.np_end, attr.verb_end)
    para = bisect_right(ctx.paragraphs, (after, len(ctx.masked))) - 1
    para_end = ctx.paragraphs[max(para, 0)][1]
    clause_end = _sentence_end(ctx.masked, after, max(para_end, after))
    return _Speaker(text, entity, attr.lemma, (clause_start, clause_end))


def _same_sentence_tail(masked: str, start: int, end: int) -> bool:
    """Whether masked[start:end] only finishes the sentence it starts in: an
    adjunct or appositive ("in a statement", ", chairwoman of X, which ...")."""
    tail = masked[start:end].strip().rstrip("\"”’'")  # a title may end the sentence
    if not tail or tail[-1] not in ".,;:" or len(tail) > 240:
        return False
    inner = tail[:-1]
    return not any(
        ch in ";!?" or (ch == "." and not _is_abbreviation(inner, i)) for i, ch in enumerate(inner)
    )


def _inherit(
    ctx: _Context,
    index: int,
    attributions: Sequence[_Attribution | None],
    speakers: Sequence[_Speaker | None],
    last_person: _Speaker | None,
) -> _Speaker | None:
    """Speaker of an unattributed quote from its neighbours (see module docstring)."""
    masked, paragraphs, entities = ctx.masked, ctx.paragraphs, ctx.entities
    span = ctx.spans[index]
    # '"A," he said. "B."': only the previous quote's attribution lies between
    # (titles quoted inside that attribution, with no speaker, are skipped).
    prior = index - 1
    while (
        prior >= max(0, index - 4)
        and speakers[prior] is None
        and ctx.spans[prior].last_paragraph == span.paragraph
    ):
        prior -= 1
    if prior >= 0:
        prev, prev_attr, prev_speaker = (
            ctx.spans[prior],
            attributions[prior],
            speakers[prior],
        )
        if (
            prev_attr is not None
            and prev_speaker is not None
            and prev.last_paragraph == span.paragraph
            and prev.close_end <= min(prev_attr.verb_start, prev_attr.np_start)
            and _same_sentence_tail(
                masked, max(prev_attr.verb_end, prev_attr.np_end), span.open_start
            )
        ):
            return prev_speaker
    # 'He told reporters:\n\n"..."': the previous paragraph ends with an attribution.
    p_start = paragraphs[span.paragraph][0]
    attr: _Attribution | None = None
    if span.open_start == p_start and span.paragraph > 0:
        prev_start, prev_end = paragraphs[span.paragraph - 1]
        if masked[prev_end - 1] == ":":
            s_start = _sentence_start(masked, prev_start, prev_end - 1)
            verbs = ctx.verbs.within(s_start, prev_end)
            if verbs:
                attr = _attribution_at(
                    masked, verbs[-1], s_start, prev_end, entities, inverted_ok=True
                )
    # 'Some staff break the rules, he said. "But does that make them ..."': a quote
    # that starts a sentence continues the indirect speech of the sentence before
    # it in the same paragraph.
    elif span.open_start > p_start and _sentence_start(masked, p_start, span.open_start) == (
        span.open_start
    ):
        attr = _previous_sentence_attribution(masked, p_start, span.open_start, entities, ctx.verbs)
    return _speaker(ctx, attr, last_person) if attr is not None else None


def _previous_sentence_attribution(
    masked: str, p_start: int, pos: int, entities: Sequence[EntityMention], index: _VerbIndex
) -> _Attribution | None:
    """Attribution of the sentence that ends right before ``pos``: a closing
    ``, he said.`` clause or a ``Smith said (that) ...`` opening."""
    _, end = _strip_span(masked, p_start, pos)
    if end <= p_start or masked[end - 1] not in ".!?":
        return None
    s_start = _sentence_start(masked, p_start, end - 1)
    verbs = index.within(s_start, end)
    if not verbs:
        return None
    last = verbs[-1]
    clause = masked.rfind(",", s_start, last[0])
    if clause >= 0 and len(masked[last[1] : end].split()) <= 6:
        attr = _attribution_at(masked, last, clause + 1, end, entities, inverted_ok=False)
        if attr is None and _only_punct_between(masked, clause + 1, last[0]):
            np = _phrase_after(masked, last[1], end)  # ', said the mayor.'
            if np and not masked[np[1] : end].strip(" .!?"):
                attr = _Attribution(last[0], last[1], last[2], *np)
        if attr:
            return attr
    first = verbs[0]
    if first[2] in _WEAK_LEMMAS and not re.match(r"\s+that\b", masked[first[1] : end]):
        return None
    return _attribution_at(masked, first, s_start, end, entities, inverted_ok=False)
