"""Infer the year of a dateline that gives only month and day, from the story text.

Wire datelines usually give only month and day (``BAKU, October 26. /TASS/.``). When no
better evidence supplies the year (``tasks.clean.pubdate`` tries metadata, date lines and a
full dateline first), guessing "this year" silently misdates every archived story, so the
year is *inferred* from the text instead:

* years the story mentions in past context ("in April 2016", "since 1992") are a lower
  bound: the story cannot predate them;
* weekdays it mentions ("on Monday") must fit the date: wire style names the weekday for
  events of the past week, most often the same day, so a year in which the dateline date
  is that weekday (or falls a few days after it) scores higher;
* a weekday in the dateline itself ("KYIV, Monday (AP)") is a hard constraint;
* among the best-scoring years after the lower bound, the earliest wins when the bound is
  a dated event ("in April 2016", "the summer of 2014", "since 1992"): a story whose latest
  past reference is that recent was most likely written soon after it. A bare historical
  year ("designed in 1947") only bounds the year; with weekday clues the most recent
  fitting year then wins, as it does when no year is mentioned at all.

Inference is a last resort and is flagged as such (source ``inferred``): with the year
hidden, it recovers the right date for about two thirds of 350 TimeBank/AQUAINT and IE-ER
stories fetched a month after publication, and a fifth when fetched ten years later
(``pytest -m corpus -s tests/tasks/clean/test_pubdate.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storywire.tasks.clean import years_ru_fr

__all__ = ["YEAR_WINDOW", "infer_year", "safe_date"]

# Characters on each side of a year mention that decide its tense.
_CONTEXT_CHARS = 300
# How many years back from the latest possible year a dateline year may be inferred.
YEAR_WINDOW = 40

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}

_YEAR_RE = re.compile(
    r"(?<![\w$€£#.,/:])(?<!\d-)(?<!\d–)(?P<year>1[89]\d\d|20\d\d)(?P<decade>'?s)?"
    r"(?:\s*[-–]\s*(?P<year2>1[89]\d\d|20\d\d|\d\d)(?!\d))?"
    r"(?![\d%]|[.,]\d|\s*(?:per\s*cent|percent)\b)"
)
_MONTH_BEFORE_RE = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
    r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?)?\s*$",
    re.IGNORECASE,
)
_UNIT_AFTER_RE = re.compile(
    r"^\s+(?:people|persons|troops|soldiers|police|officers|km|kilometres|kilometers|miles|"
    r"metres|meters|feet|dollars|euros|rubles|roubles|yuan|tons|tonnes|votes|points|cases|"
    r"deaths|residents|members|workers|hectares|acres|units|homes|jobs|vehicles|cars|"
    r"students|children|patients|flights|passengers|refugees|migrants|copies|pages|"
    r"square|cubic|barrels|shares|employees|seats|delegates|participants|volunteers|"
    r"protesters|demonstrators|fans|spectators|guests|visitors|tourists|households|"
    r"families|farmers|civilians|prisoners|inmates|firefighters|rescuers|staff|"
    r"companies|firms|schools|hospitals|beds|doses|tests|signatures|kg|tons?)\b",
    re.IGNORECASE,
)
_QUANTITY_BEFORE_RE = re.compile(
    r"\b(?:about|some|nearly|almost|over|more than|less than|fewer than|at least|up to|"
    r"around|approximately|roughly|only|just|all|another|the remaining)\s*$",
    re.IGNORECASE,
)
_FUTURE_BEFORE_RE = re.compile(
    r"\b(?:by|until|till|through|before|due|maturing|expiring)(?:\s+the\s+(?:end|start|beginning|middle)\s+of)?"
    r"(?:\s+\w+)?\s*$",
    re.IGNORECASE,
)
_SPECIFIC_BEFORE_RE = re.compile(
    r"\b(?:(?:spring|summer|autumn|fall|winter|end|start|beginning|middle|early|late)\s+of|"
    r"since|early|late|mid-?)\s*$",
    re.IGNORECASE,
)
_SINCE_BEFORE_RE = re.compile(r"\b(?:since|ago|back in)(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
_FUTURE_CUES_RE = re.compile(
    r"\b(?:will|won't|shall|going to|plans?|planned|planning|aims?|aiming|intends?|"
    r"targets?|targeted|expects?|expected|forecasts?|projected|projects|scheduled|set to|"
    r"due to|upcoming|next|would|hopes? to|seeks? to|is to|are to|to be held|"
    r"coming|ahead of|in the run-up)\b|'ll\b",
    re.IGNORECASE,
)
_PAST_CUES_RE = re.compile(
    r"\b(?:was|were|had|did|ago|earlier|former|formerly|previous|previously|last|since|"
    r"born|died|"
    # Irregular past forms common in news; regular ones are caught by the -ed rule.
    r"ran|went|got|gave|knew|thought|brought|bought|caught|taught|sold|told|found|stood|"
    r"understood|sent|spent|kept|felt|meant|paid|laid|lost|won|began|wrote|spoke|broke|"
    r"chose|drove|rose|fell|flew|grew|threw|drew|shot|struck|hid|led|fled|fought|sought|"
    r"held|heard|said|saw|came|became|took|shook|forgot|stole|wore|swore|hung|rang|sang|"
    r"sank|ate|sat|met|built|lent|dealt|left|made|overthrew|withdrew|undertook|"
    r"\w{3,}ed)\b",
    re.IGNORECASE,
)
# -ed words that announce plans rather than past events.
_NOT_PAST_ED = frozenset(
    {"expected", "scheduled", "planned", "projected", "proposed", "intended", "targeted",
     "needed", "required", "slated", "anticipated", "forecasted", "aimed", "designed",
     "committed", "determined", "prepared", "pledged", "vowed", "promised", "predicted",
     "hoped", "aged", "based", "called", "named", "red", "bed", "need", "speed", "seed",
     "indeed", "united", "limited", "related", "advanced", "concerned", "detailed"}
)
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:be|being|to be)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“'‘(]?[A-Z0-9])")
_CLAUSE_BOUNDARY_RE = re.compile(
    r"[,;:()]|\s[—–-]{1,2}\s|\b(?:and|but|while|whereas|although|though|which|when|after|"
    r"before|because|as)\b",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(
    r"\b(?P<prev>\w+\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?P<plural>s\b)?(?P<next>\s+\w+)?",
)
_NAMED_DAYS = frozenset(
    {"good", "black", "cyber", "ash", "easter", "palm", "holy", "super", "bloody", "maundy",
     "whit", "shrove", "giving", "mothering", "trinity", "pentecost", "orthodox"}
)
_PUBLICATION_NAMES = frozenset({"times", "telegraph", "mirror", "express", "post", "herald",
                                "mail", "star", "independent", "sun", "observer"})


@dataclass(frozen=True, slots=True)
class _YearMention:
    year: int
    tense: str  # past, future, neutral
    month: int | None = None
    day: int | None = None
    specific: bool = False  # dated event ("in April 2016", "the summer of 2014", "since 1992")


@dataclass(frozen=True, slots=True)
class _WeekdayMention:
    weekday: int
    future: bool


def _sentences(body: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT_RE.split(" ".join(body.split())) if s]


def _clause_around(sentence: str, start: int, end: int) -> str:
    """The clause holding ``sentence[start:end]``: text between the nearest boundaries."""
    left = 0
    for m in _CLAUSE_BOUNDARY_RE.finditer(sentence, 0, start):
        left = m.end()
    m = _CLAUSE_BOUNDARY_RE.search(sentence, end)
    right = m.start() if m else len(sentence)
    return sentence[left:right]


def _past_cues(text: str) -> list[re.Match[str]]:
    """Past-tense cues, minus plan words ("expected") and passives ("will be expanded")."""
    cues = []
    for m in _PAST_CUES_RE.finditer(text):
        word = m.group(0).lower()
        if word.endswith("ed") and (
            word in _NOT_PAST_ED
            or _PASSIVE_BEFORE_RE.search(text[max(0, m.start() - 30) : m.start()])
        ):
            continue
        cues.append(m)
    return cues


def _has_past_cue(text: str) -> bool:
    return bool(_past_cues(text))


def _nearest_tense(scope: str, pos: int) -> str | None:
    """Tense of the cue nearest to ``pos`` in ``scope``: past, future, or None without cues."""
    cues = [(abs(m.start() - pos), "future") for m in _FUTURE_CUES_RE.finditer(scope)]
    cues += [(abs(m.start() - pos), "past") for m in _past_cues(scope)]
    return min(cues)[1] if cues else None


def _tense(sentence: str, start: int, end: int) -> str:
    """Classify a year mention as past, future or neutral.

    "since 1992" is past outright. Otherwise the nearest tense cue in the mention's clause
    decides, then the nearest in its sentence: "talks that began in 2016" is past, "the
    line will open in 2030" future. "by/until 2030" leans future unless the clause is past
    ("by 1962 the union had ...").
    """
    before = sentence[max(0, start - 40) : start]
    if _SINCE_BEFORE_RE.search(before):
        return "past"
    clause_start = 0
    for m in _CLAUSE_BOUNDARY_RE.finditer(sentence, 0, start):
        clause_start = m.end()
    clause = _clause_around(sentence, start, end)
    leaning_future = bool(_FUTURE_BEFORE_RE.search(before))
    tense = _nearest_tense(clause, start - clause_start)
    if tense is None:
        tense = _nearest_tense(sentence, start)
    if tense is None:
        return "future" if leaning_future else "neutral"
    if leaning_future and tense == "past" and not _has_past_cue(clause):
        return "future"
    return tense


def _year_mentions(body: str, language: str | None = None) -> list[_YearMention]:
    """Years named in ``body`` with the tense of the clause that names them."""
    if language in years_ru_fr.LANGUAGES:
        return [_YearMention(*clue) for clue in years_ru_fr.year_clues(body, language)]
    found: list[_YearMention] = []
    for whole in _sentences(body):
        for m in _YEAR_RE.finditer(whole):
            # Look only at the mention's neighbourhood: run-on "sentences" (tables, lists,
            # unpunctuated transcripts) would otherwise make this quadratic.
            lo = max(0, m.start() - _CONTEXT_CHARS)
            sentence = whole[lo : m.end() + _CONTEXT_CHARS]
            start, end = m.start() - lo, m.end() - lo
            if _UNIT_AFTER_RE.match(sentence[end:]) or _QUANTITY_BEFORE_RE.search(
                sentence[max(0, start - 40) : start]
            ):
                continue
            tense = _tense(sentence, start, end)
            years = [int(m.group("year"))]
            if m.group("year2"):
                y2 = m.group("year2")
                years.append(int(y2) if len(y2) == 4 else years[0] // 100 * 100 + int(y2))
            if m.group("decade"):
                years = [years[0]]  # "the 1990s": only its start year is certain
            near_before = sentence[max(0, start - 40) : start]
            mb = _MONTH_BEFORE_RE.search(near_before)
            month = _MONTHS[mb.group("month").lower()] if mb else None
            day = int(mb.group("day")) if mb and mb.group("day") else None
            specific = month is not None or bool(_SPECIFIC_BEFORE_RE.search(near_before))
            for y in years:
                if y == years[-1]:
                    found.append(_YearMention(y, tense, month, day, specific))
                else:
                    found.append(_YearMention(y, tense, specific=specific))
    return found


def _future_just_before(before: str) -> bool:
    """True when a future cue governs the few words before a weekday ("will meet on").

    Only the nearest words count: in "officials said on Monday the road would reopen" the
    weekday dates the saying, not the reopening.
    """
    window = " ".join(before.split()[-6:])
    cues = list(_FUTURE_CUES_RE.finditer(window))
    if not cues:
        return False
    return not _has_past_cue(window[cues[-1].end():])


def _weekday_mentions(body: str, language: str | None = None) -> list[_WeekdayMention]:
    """Weekday names that refer to days around the story date (not "Good Friday")."""
    if language in years_ru_fr.LANGUAGES:
        return [_WeekdayMention(*clue) for clue in years_ru_fr.weekday_clues(body, language)]
    found: dict[int, _WeekdayMention] = {}
    for sentence in _sentences(body):
        for m in _WEEKDAY_RE.finditer(sentence):
            if len(found) == len(_WEEKDAYS):
                break
            prev = (m.group("prev") or "").strip().lower()
            nxt = (m.group("next") or "").strip().lower()
            if m.group("plural") or prev in _NAMED_DAYS or nxt in _PUBLICATION_NAMES:
                continue
            if prev in {"every", "each"}:
                continue
            wd = _WEEKDAYS[m.group("wd").lower()]
            future = prev in {"next", "coming"} or (
                prev != "last"
                and _future_just_before(sentence[max(0, m.start("wd") - 80) : m.start("wd")])
            )
            # The first mention decides; the lede's weekday is the most reliable one.
            found.setdefault(wd, _WeekdayMention(wd, future))
    return list(found.values())


# Same-day weekday references dominate wire copy, then "yesterday", then the past week.
_PAST_WEEKDAY_SCORE = (1.0, 0.7, 0.45, 0.35, 0.25, 0.15, 0.1)
_FUTURE_WEEKDAY_SCORE = (0.3, 0.8, 0.6, 0.45, 0.35, 0.25, 0.15)


def _weekday_score(date: dt.date, mentions: list[_WeekdayMention]) -> float:
    score = 0.0
    for wm in mentions:
        if wm.future:
            score += _FUTURE_WEEKDAY_SCORE[(wm.weekday - date.weekday()) % 7]
        else:
            score += _PAST_WEEKDAY_SCORE[(date.weekday() - wm.weekday) % 7]
    return score


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_year(
    month: int,
    day: int,
    body: str,
    *,
    latest: dt.date,
    weekday: int | None = None,
    language: str | None = None,
) -> tuple[int | None, list[str]]:
    """Infer the year of a month/day dateline from the story text.

    ``latest`` is the latest possible publication date (the fetch date). ``weekday``
    (0=Monday) is a weekday named in the dateline itself and is a hard constraint.
    ``language`` (ISO 639-1) picks the clue words: Russian and French text is read with
    ``tasks.clean.years_ru_fr``, any other with the English ones.
    Returns ``(year, warnings)``; year is None with ``year_unconstrained`` when the text
    gives no clue, or ``year_constraints_conflict`` when its clues cannot all hold.
    """
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ValueError(f"infer_year needs a calendar month/day, got month={month} day={day}")
    if safe_date(2000, month, day) is None:
        raise ValueError(f"infer_year got an impossible date: month={month} day={day}")
    warnings: list[str] = []
    candidates = [
        d
        for y in range(latest.year - YEAR_WINDOW, latest.year + 1)
        if (d := safe_date(y, month, day)) is not None and d <= latest
    ]
    if weekday is not None:
        candidates = [d for d in candidates if d.weekday() == weekday]

    years = _year_mentions(body, language)
    lower = None
    anchored = False  # is the lower bound a dated recent event, not a bare historical year?
    for ym in years:
        if ym.tense != "past":
            continue
        bound = ym.year
        # "in November 2016" in a story dated October: the story is from a later year.
        if ym.month is not None and (ym.month, ym.day or 1) > (month, day):
            bound += 1
        if lower is None or bound > lower:
            lower, anchored = bound, ym.specific
        elif bound == lower:
            anchored = anchored or ym.specific
    upper = min((ym.year for ym in years if ym.tense == "future"), default=None)
    if upper is not None and lower is not None and upper < lower:
        upper = None
        warnings.append("future_year_ignored")

    constrained = [
        d for d in candidates
        if (lower is None or d.year >= lower) and (upper is None or d.year <= upper)
    ]
    weekdays = _weekday_mentions(body, language)
    if not constrained:
        if lower is not None or weekday is not None:
            return None, ["year_constraints_conflict"]
        return None, ["year_unconstrained"]
    if lower is None and not weekdays and weekday is None:
        return None, ["year_unconstrained"]

    use_earliest = lower is not None and (anchored or not weekdays)
    if weekdays:
        scores = {d: _weekday_score(d, weekdays) for d in constrained}
        best = max(scores.values())
        # Only the best-fitting years survive. (Keeping near-best "yesterday" fits and
        # taking the most recent one scores better on freshly fetched stories but much
        # worse on archives, the case that needs inference; see the module docstring.)
        constrained = [d for d in constrained if scores[d] >= best - 1e-9]
    if use_earliest:
        chosen = constrained[0]  # earliest after the latest past year mentioned
        if not weekdays and weekday is None:
            warnings.append("year_lower_bound_only")
    else:
        chosen = constrained[-1]  # only weekday clues: the most recent fitting year
        warnings.append("year_from_weekday_only")
    return chosen.year, warnings
