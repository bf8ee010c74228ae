"""TIMEX3 rules: one precompiled regex per expression family, each with a normalizer.

HeidelTime-like design: a pattern fixes the extent (TimeBank conventions: "the" belongs
to noun-phrase timexes such as "the third quarter" but not to adjectival ones such as
"third-quarter"; "nearly"/"more than" belong to durations, "about"/"over" do not), and
its normalizer turns the match into (type, value, mod), anchoring relative values on the
publication date with the tense of the sentence. A normalizer may return None to reject
a match (e.g. a bare "May" that is the modal verb).

This module is the English table (its order decides which rule wins a tie) and the regex
fragments its patterns share. The normalizers live by family in ``dates``, ``periods``,
``durations``, ``relative``, ``times`` and ``sets``; ``Rule``, ``Ctx`` and ``Norm`` in
``context``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storywire.tasks.enrich.timex.context import Ctx, Norm, Rule
from storywire.tasks.enrich.timex.dates import (
    _n_decade,
    _n_season,
    n_century,
    n_full_date,
    n_holiday,
    n_month,
    n_month_rel_year,
    n_month_year,
    n_spelled_year,
    n_weekday,
    n_year,
    n_year_range,
)
from storywire.tasks.enrich.timex.durations import _n_half_minute, n_bare_plural, n_duration
from storywire.tasks.enrich.timex.gates import Gate, low, raw
from storywire.tasks.enrich.timex.lexicon import (
    DAYNUM_RE,
    DAYPART_RE,
    HOLIDAYS_RE,
    MONTH_RE,
    NUMBER_RE,
    SEASON_RE,
    SPELLED_YEAR_RE,
    UNIT_RE,
    WEEKDAY_RE,
    YEAR4_RE,
)
from storywire.tasks.enrich.timex.periods import (
    n_fiscal_year_ref,
    n_half,
    n_quarter,
    n_quarter_ref,
    n_year_ago_adj,
    n_year_end,
    n_year_period,
    n_year_word,
)
from storywire.tasks.enrich.timex.relative import (
    _n_rel_unit,
    n_ago,
    n_ago_vague,
    n_anaphoric,
    n_ref,
)
from storywire.tasks.enrich.timex.sets import _n_set
from storywire.tasks.enrich.timex.times import (
    n_day_ref,
    n_mid_part,
    n_part_of_date,
    n_part_ref,
    n_time,
)

# --- shared fragments ------------------------------------------------------------------

WD = rf"(?-i:{WEEKDAY_RE})"
Y = YEAR4_RE
B = r"(?<![\w$£€#.-])"  # left boundary: not inside a word, a price or a number
E = r"(?![\w%]|[.,]\d|-(?!\s))"  # right boundary
POSMOD = r"(?:(?P<pos>early|late|mid|the end of|the beginning of|the start of|the middle of|the rest of|the first days? of)[\s-]+)?"


# --- patterns --------------------------------------------------------------------------

DAYNUM = rf"(?P<day>{DAYNUM_RE})"
YEAR_OPT = rf"(?:,?\s+(?P<year>{Y}))?"
REL = r"(?P<rel>this past|this coming|last|next|this|past|coming)"
# UNIT_RE without its lookbehind: matches wherever UNIT_RE does, so it is safe in a gate, and
# a plain alternation of literals scans fast
_UNIT_WORDS = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|quarters)"
)

# (name, pattern, normalizer, gate or None)
_R: list[tuple[str, str, Callable[[re.Match[str], Ctx], Norm | None], Gate | None]] = [
    # Oct. 25, 2020 / Monday, October 26 / October 26 / the 26th of October 2020
    (
        "full_date",
        rf"{B}{POSMOD}(?:{WD},?\s+)?(?-i:(?P<mon>{MONTH_RE}))\s+{DAYNUM}(?!\s*(?:%|percent|\d))"
        rf"(?:,?\s+(?P<year>{Y}))?(?:\s+(?P<part>{DAYPART_RE}))?{E}",
        n_full_date,
        raw(rf"(?-i:{MONTH_RE})\s+[0-9]"),  # month name, then the day's first digit
    ),
    (
        "day_month",
        rf"{B}(?:the\s+)?{DAYNUM}(?:\s+of)?\s+(?-i:(?P<mon>{MONTH_RE})){YEAR_OPT}{E}",
        n_full_date,
        raw(rf"[0-9](?:st|nd|rd|th)?(?:\s+of)?\s+(?-i:{MONTH_RE})"),
    ),
    (
        "part_of_date",
        rf"{B}the\s+(?P<part>{DAYPART_RE})\s+of\s+(?:{WD},?\s+)?(?-i:(?P<mon>{MONTH_RE}))\s+{DAYNUM}{YEAR_OPT}{E}",
        n_part_of_date,
        raw(rf"(?-i:{MONTH_RE})\s+[0-9]"),
    ),
    (
        "month_year",
        rf"{B}{POSMOD}(?-i:(?P<mon>{MONTH_RE}))(?:\s+of)?,?\s+(?P<year>{Y}|{SPELLED_YEAR_RE}){E}",
        n_month_year,
        raw(rf"(?-i:{MONTH_RE})(?:\s+of)?,?\s+(?:[12]|nineteen|two thousand)"),
    ),
    (
        "month_rel_year",
        rf"{B}{POSMOD}(?-i:(?P<mon>{MONTH_RE}))\s+(?:of\s+)?(?P<rel>this|last|next)\s+year{E}",
        n_month_rel_year,
        raw(rf"(?-i:{MONTH_RE})\s+(?:of\s+)?(?:this|last|next)\s+year"),
    ),
    (
        "month",
        rf"{B}{POSMOD}(?:{REL}\s+)?(?-i:(?P<mon>{MONTH_RE})){E}",
        n_month,
        raw(rf"(?-i:{MONTH_RE})"),
    ),
    (
        "year_range",
        rf"{B}(?P<y1>{Y})\s*(?:-|–|—)\s*(?P<y2>{Y}|\d\d){E}",
        n_year_range,
        raw(rf"{Y}\s*(?:-|–|—)\s*\d"),
    ),
    (
        "year",
        rf"{B}{POSMOD}(?:(?P<fiscal>fiscal(?:\s+year)?|the\s+year|calendar(?:\s+year)?|FY)\s*)?(?P<year>{Y})(?:\s+(?:and\s+beyond|or\s+later|or\s+earlier))?{E}(?!-(?:\d|[a-z]))",
        n_year,
        raw(Y),
    ),
    (
        "spelled_year",
        rf"{B}{POSMOD}(?:the\s+year\s+)?(?P<sy>{SPELLED_YEAR_RE}){E}",
        n_spelled_year,
        low(r"nineteen|two thousand"),  # how SPELLED_YEAR_RE begins
    ),
    (
        "decade",
        rf"{B}(?:the\s+)?(?:(?P<dmod>early|mid|late)[\s-]+)?(?:(?P<dec>1[0-9][0-9]0|20[0-9]0)s|'(?P<dec2>[0-9]0)s|(?:nineteen\s+)?(?P<dec3>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)){E}",
        _n_decade,
        low(r"0s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"),
    ),
    (
        "century",
        rf"{B}{POSMOD}(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[\s-]+century{E}",
        n_century,
        low(r"century"),
    ),
    (
        "season",
        rf"{B}(?:(?:{REL}|the)\s+)?(?:(?P<smod>early|mid|late)[\s-]+)?(?P<season>{SEASON_RE})(?:\s+(?:of\s+)?(?P<year>{Y}|{SPELLED_YEAR_RE}))?{E}",
        _n_season,
        low(SEASON_RE),
    ),
    (
        "quarter",
        rf"{B}(?:(?P<the>the|this|last|next)\s+)?(?:(?P<qpre>(?:latest|current|same|comparable|year-earlier|year-ago|year\s+earlier|year\s+ago|last year's|previous year's|this year's|next year's|fiscal)\s+)*)(?:(?P<qyr>{Y})\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>{Y}|this year|last year|next year))?{E}",
        n_quarter,
        low(r"quarter"),
    ),
    (
        "quarter_ref",
        rf"{B}(?P<qpre>(?:the|this|last|next|last year's|next year's|this year's)\s+(?:(?:latest|current|same|comparable|recent|most recent|year-earlier|year-ago|fiscal|just-ended|just-completed)\s+)*)quarter{E}(?!\s+(?:of|century|point|percent|mile|inch))",
        n_quarter_ref,
        low(r"quarter"),
    ),
    (
        "quarter_ref2",
        rf"{B}(?P<qpre>(?:the\s+)(?:(?:latest|same|comparable|year-earlier|year-ago)\s+)+)period{E}",
        n_quarter_ref,
        low(r"period"),
    ),
    (
        "half",
        rf"{B}(?:the\s+)?(?P<ord>first|second|last|latter)[\s-]+half(?:\s+of\s+(?P<year>{Y}|this year|last year|next year|the year))?{E}(?!\s+(?:of|a|an|the|percent|point)\b)",
        n_half,
        low(r"half"),
    ),
    (
        "fiscal_year_ref",
        rf"{B}(?P<fpre>(?:the|this|last|next)\s+(?:(?:current|latest|previous|year-earlier|year-ago|new)\s+)?)fiscal\s+year{E}(?!\s+(?:ended|ending|that ended|which ended|to)\b)",
        n_fiscal_year_ref,
        low(r"fiscal\s+year"),
    ),
    (
        "year_word",
        rf"{B}(?:the\s+(?:fiscal\s+|full\s+|calendar\s+)?)year{E}(?!-|\s+(?:\d|two thousand|nineteen|earlier|ago|before|after))",
        n_year_word,
        low(r"the\s+(?:fiscal\s+|full\s+|calendar\s+)?year"),
    ),
    (
        "rel_unit",
        rf"{B}{POSMOD}(?:(?P<pre>early|late|earlier|later|mid)[\s-]+(?:in\s+)?)?(?:sometime\s+)?(?P<rel>this past|last|next|this|the past|the last|the coming|the current|past|coming|current|the|the upcoming)\s+(?-i:(?P<unit>week|month|year|weekend|quarter|decade|century))(?:\s+or\s+so)?{E}(?!-)",
        _n_rel_unit,
        # the last word of every <rel>, then the unit
        low(
            r"(?:past|last|next|this|coming|current|the|upcoming)\s+(?:week|month|year|quarter|decade|century)"
        ),
    ),
    (
        "anaphoric",
        rf"{B}(?:(?P<arel>the\s+(?:next|following|previous|preceding))|(?:(?:earlier|later)\s+)?(?:that|the\s+same)(?:\s+same)?)\s+(?P<aunit>day|morning|afternoon|evening|night|week|month|year){E}",
        n_anaphoric,
        # the last word before the unit: "the next", "that", "the same"...
        low(
            r"(?:next|following|previous|preceding|that|same)\s+(?:day|morning|afternoon|evening|night|week|month|year)"
        ),
    ),
    (
        "ago",
        rf"{B}(?:(?P<dmod>nearly|almost|about|some|more than|less than|roughly|approximately)\s+)?(?:(?P<num>{NUMBER_RE})[\s-]+)?(?P<unit>{UNIT_RE})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|hence|from now){E}",
        n_ago,
        low(rf"{_UNIT_WORDS}(?:\s+or\s+so)?\s+(?:ago|earlier|later|hence|from now)"),
    ),
    (
        "duration",
        # (?=...): the first letters of <dmod>, <drel> and NUMBER_RE, one of which starts every
        # match; it spares the optional groups at most word starts (~30% of this scan)
        rf"{B}(?=[\daeflmnoprstuw])(?:(?P<dmod>nearly|more than|less than|no more than|up to|at least|well over|fewer than|roughly|approximately)\s+)?(?:(?P<drel>the\s+(?:past|last|next|coming|first|previous|following|final|remaining|latest|recent|preceding|same|full|entire|whole)|the|another|(?:the\s+)?(?:past|last|next|first|final|previous))\s+)?(?:(?P<num0>{NUMBER_RE})\s*(?:to|or|-|–)\s*)?(?P<num>{NUMBER_RE})(?P<hyph>[\s-]+)(?:more\s+|full\s+|straight\s+|consecutive\s+|additional\s+|long\s+)?(?P<unit>{UNIT_RE})(?P<old>-old|-long|\s+old\b)?(?:\s+or\s+(?:so|more|less|two|three))?{E}(?!\s+(?:ago)\b)",
        n_duration,
        # barely selective ("a year" is a duration), but nearly free
        low(rf"[\s-]{_UNIT_WORDS}"),
    ),
    (
        "duration_minute_half",
        rf"{B}(?P<num>a|an|one)\s+(?P<unit>minute|hour|day|year|month|week)\s+and\s+a\s+half{E}",
        _n_half_minute,
        low(r"and\s+a\s+half"),
    ),
    (
        "recent_dur",
        rf"{B}(?:in\s+)?(?P<x>recent\s+(?P<bunit>months|weeks|days|decades|quarters)){E}",
        n_bare_plural,
        low(r"recent\s+(?:months|weeks|days|decades|quarters)"),
    ),
    (
        "coming_dur",
        rf"{B}(?:the\s+)?(?:coming|next)\s+(?P<bunit>months|weeks|days|years|decades){E}",
        n_bare_plural,
        low(r"(?:coming|next)\s+(?:months|weeks|days|years|decades)"),
    ),
    (
        "year_ago_adj",
        rf"{B}(?P<ya>year-earlier|year-ago|year\s+earlier|prior-year){E}",
        n_year_ago_adj,
        low(r"year-earlier|year-ago|year\s+earlier|prior-year"),
    ),
    (
        "year_period",
        rf"{B}the\s+(?P<year>{Y})\s+(?P<per>period|quarter|first\s+half|second\s+half){E}",
        n_year_period,
        low(rf"the\s+{Y}\s+(?:period|quarter|first\s+half|second\s+half)"),
    ),
    (
        "year_end",
        rf"{B}(?:(?P<yrel>around|by|since|at|before|after)\s+)?(?P<x>(?:around\s+)?(?:year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year)){E}",
        n_year_end,
        low(r"year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year"),
    ),
    (
        "mid_part",
        rf"{B}(?P<x>mid[- ]?(?P<part>morning|afternoon|day)){E}",
        n_mid_part,
        low(r"mid[- ]?(?:morning|afternoon|day)"),
    ),
    (
        "ago_vague",
        rf"{B}(?:(?:years|months|weeks|days|decades)|(?:many|several|a few|few)\s+(?:years|months|weeks|days|decades))\s+ago{E}",
        n_ago_vague,
        low(r"(?:years|months|weeks|days|decades)\s+ago"),
    ),
    (
        "bare_plural",
        rf"\b(?:for|within|in|over|after|take|takes|took|taken|last|lasted|lasting)\s(?P<x>(?P<bunit>years|months|weeks|decades|centuries)){E}(?!\s+(?:of|ago|earlier|later|before|after|to come|old)\b)",
        n_bare_plural,
        low(
            r"(?:for|within|in|over|after|take|takes|took|taken|last|lasted|lasting)\s"
            r"(?:years|months|weeks|decades|centuries)"
        ),
    ),
    (
        "day_ref",
        rf"{B}(?:(?P<pre>early|late|mid-?afternoon|mid-?morning)\s+)?(?P<dayref>the day before yesterday|the day after tomorrow|today|yesterday|tomorrow|tonight)(?:\s+(?P<part>morning|afternoon|evening|night))?{E}",
        n_day_ref,
        low(r"today|yesterday|tomorrow|tonight"),
    ),
    (
        "part_ref",
        rf"{B}(?:(?:early|late|later|earlier)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+(?P<part>morning|afternoon|evening|night){E}",
        n_part_ref,
        low(r"(?:this|last|tomorrow|yesterday)\s+(?:morning|afternoon|evening|night)"),
    ),
    (
        "weekday",
        rf"{B}(?:(?P<pre>early|late)\s+(?:on\s+)?)?(?:(?P<rel>this past|this coming|last|next|this|past|coming|the previous|the following)\s+)?(?-i:(?P<wd>{WEEKDAY_RE}))(?:\s+(?P<part>morning|afternoon|evening|night))?{E}(?!,?\s+(?:{MONTH_RE})\s+\d)",
        n_weekday,
        raw(rf"(?-i:{WEEKDAY_RE})"),
    ),
    (
        "time",
        rf"{B}(?:(?P<tmod>around|approximately)\s+)?(?:(?P<h>[012]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|a\.m|p\.m|am\b|pm\b)|(?P<noon>noon|midnight))(?:,?\s+(?-i:[A-Z]{{2,3}}T|GMT|UTC)\b)?(?:,?\s+(?:(?-i:(?P<twd>{WEEKDAY_RE}))|(?P<tref>today|yesterday|tomorrow)|(?-i:(?P<tmon>{MONTH_RE}))\s+(?P<tday>{DAYNUM_RE})(?:,\s+(?P<tyear>{Y}))?))?(?!\w)",
        n_time,
        # the hour's (or minute's) last digit before "a.m."/"pm", or "noon"/"midnight"
        low(r"\d\s*(?:a\.m|p\.m|am|pm)|noon|midnight"),
    ),
    (
        "ref",
        # Every alternative starts a word with one of these letters; checking that once per
        # position, before trying thirteen alternatives, makes this scan ~4x cheaper.
        r"\b(?=[acfilmnprsty])(?:"
        r"\bnow\b(?![-'’])|\bcurrently\b|\bcurrent\b(?!\s+(?:account|accounts|events|affairs|assets|liabilities|ratio|yield|price|prices|dollars?|market value|coupon|income|spending|law|rules?|system|policy|policies|level|levels|rate|rates|members?|president|chairman|management|owners?|shareholders|holders|contracts?|generation|crisis|situation|conditions|issue|strength|owner|debt|form|state|source|visit|business|names?|market|account))|\b(?:these days|nowadays|at present|presently)\b|\b(?:more\s+)?(?:recently|lately)\b|(?<=\bin )the past\b(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|few|several|decade|week|month|year|day|quarter|century|summer|winter|spring|fall))|\brecent\s+years\b|\bpast\s+(?:years|decades)\b|\b(?:the\s+(?:near\s+|distant\s+)?)future\b(?!\s+(?:of|that)\b)|(?<=\bin )future\b|\bin\s+the\s+years\s+ahead\b|\byears\s+to\s+come\b|\b(?:the\s+)?(?:near|short|long)\s+term\b"
        r")",
        n_ref,
        # one word or phrase from each alternative
        low(
            r"now|current|present|these days|recent|lately|the past|past\s+(?:years|decades)|"
            r"future|years\s+ahead|years\s+to\s+come|term"
        ),
    ),
    (
        "set",
        rf"{B}(?:(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly|semiannually|bimonthly)|(?:every|each)\s+(?-i:(?P<swd>{WEEKDAY_RE}))(?:\s+(?P<spart>morning|afternoon|evening|night))?|(?-i:(?P<swd2>{WEEKDAY_RE}))(?:s(?:\s+(?P<spart2>mornings|afternoons|evenings|nights))?|\s+(?P<spart3>mornings|afternoons|evenings|nights))|(?:every|each)\s+(?-i:(?P<smon>January|February|March|April|May|June|July|August|September|October|November|December))|(?:every|each|per)\s+(?:(?P<snum>other|two|three|four|five|six|ten|\d+)\s+)?(?P<sunit>second|minute|hour|day|week|month|year|quarter|decade|morning|afternoon|evening|night|seconds|minutes|hours|days|weeks|months|years)|(?:(?:once|twice|three times|four times)\s+)?(?:a|per)\s+(?P<sunit2>year|month|week|day|hour|quarter)(?=\b))(?!-)",
        _n_set,
        None,  # "a year" and "per" match: nothing selective to require
    ),
    (
        "holiday",
        rf"{B}(?-i:(?P<hol>{HOLIDAYS_RE}))(?:,?\s+(?P<hyear>{Y}))?{E}",
        n_holiday,
        raw(rf"(?-i:{HOLIDAYS_RE})"),
    ),
]


RULES: tuple[Rule, ...] = tuple(
    Rule(name, re.compile(pattern, re.IGNORECASE), fn, gate) for name, pattern, fn, gate in _R
)
