"""The clues of year inference (``tasks.clean.years``) in Russian and French text.

A yearless Russian or French dateline (``МОСКВА, 12 марта. /ТАСС/.``, ``PARIS, 12 mars
(AFP) -``) gets its year the way an English one does: years named in past context are a
lower bound (``в апреле 2016 года``, ``с 1992 года``, ``depuis 2021``, ``en avril
2016``), years named in future context an upper one (``к 2030 году``, ``d'ici 2030``,
``будет``, ``sera``), and the weekdays the story names (``во вторник``, ``mardi``) must fit
the date. This module finds those clues; ``tasks.clean.years`` weighs them with the same
scoring as English.

Tense comes from cue words near the year, the nearest one winning, as in English: Russian
past-tense verbs (``-л``, ``-ла``, ``-ли``, ``-лся``; ``сообщил``, ``прошло``), plan and
future words (``будет``, ``планирует``, ``намерен``, ``следующем``); French compound pasts
and imperfects (``a annoncé``, ``ont été``, ``était``), futures (``sera``, ``lancera``,
``va``, ``prévoit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storywire.tasks.clean.months import (
    month_alternation,
    month_of,
    weekday_alternation,
    weekday_of,
)

__all__ = ["LANGUAGES", "weekday_clues", "year_clues"]

LANGUAGES = frozenset({"ru", "fr"})
# Characters on each side of a year mention that decide its tense (as in English).
_CONTEXT_CHARS = 300

_YEAR_RE = re.compile(
    r"(?<![\w$€£#.,/:])(?<!\d-)(?<!\d–)(?P<year>1[89]\d\d|20\d\d)(?P<decade>-?(?:е|х|ые|ых|s))?"
    r"(?:\s*[-–]\s*(?P<year2>1[89]\d\d|20\d\d|\d\d)(?!\d))?"
    r"(?![\d%]|[.,]\d)"
)
_SENTENCE_SPLIT_RE = re.compile(
    r"(?<=[.!?…])[\"'”’»]?\s+(?=[\"“'‘(«„]?[A-ZÀ-ÖØ-ÞА-ЯЁ0-9])"
)


@dataclass(frozen=True, slots=True)
class _Cues:
    """One language's cue patterns."""

    past: re.Pattern[str]
    not_past: frozenset[str]
    future: re.Pattern[str]
    since_before: re.Pattern[str]
    future_before: re.Pattern[str]
    specific_before: re.Pattern[str]
    month_before: re.Pattern[str]
    unit_after: re.Pattern[str]
    quantity_before: re.Pattern[str]
    clause_boundary: re.Pattern[str]
    weekday: re.Pattern[str]
    every: frozenset[str]
    next_words: re.Pattern[str]
    last_words: re.Pattern[str]


_I = re.IGNORECASE
# Russian nouns and adjectives that end like a past verb ("материал", "роли", "начало").
_RU_NOT_PAST = frozenset(
    {"стол", "пол", "зал", "материал", "сигнал", "капитал", "генерал", "канал", "финал",
     "потенциал", "персонал", "арсенал", "портал", "интервал", "роли", "цели", "земли",
     "семьи", "более", "около", "шли", "или", "ли", "мысли", "модели", "недели", "дали",
     "дела", "тела", "смысл", "числа", "масла", "села", "сила", "правила", "правило",
     "начала", "начало", "число", "весло", "крыло", "мало", "было бы", "пила", "воли",
     "боли", "соли", "доли", "школ", "школы", "орел", "орёл", "посол", "котел", "угол"}
)  # fmt: skip


@lru_cache(maxsize=2)
def _cues(language: str) -> _Cues:
    months = month_alternation(language)
    weekdays = weekday_alternation(language)
    if language == "ru":
        return _Cues(
            past=re.compile(
                r"\b(?:был[аои]?|назад|ранее|прошл\w+|минувш\w+|бывш\w+|родил\w*|умер\w*|"
                r"[а-яё]{2,}(?:л|ла|ло|ли|лся|лась|лось|лись))\b", _I),
            not_past=_RU_NOT_PAST,
            future=re.compile(
                r"\b(?:будет|будут|буду|станет|станут|планиру\w*|намерен\w*|собира\w+|"
                r"предполага\w+|ожида\w+|прогноз\w*|запланирован\w*|должн\w+|долж[её]н|"
                r"следующ\w+|предстоящ\w+|будущ\w+|грядущ\w+|позднее|намечен\w*|"
                # Perfective verbs whose present form is a future ("пройдет в четверг").
                r"состоится|состоятся|пройд[её]т|пройдут|начн[её]тся|начнутся|откроется|"
                r"откроются|завершится|завершатся|продлится|вступит|вступят|посетит|"
                r"провед[её]т|проведут|обсудят|обсудит|рассмотрит|рассмотрят|подпишут|"
                r"подпишет|выступит|отправится|прибудет|прибудут|верн[её]тся|появится|"
                r"появятся|примет|примут|соберется|соберутся)\b", _I),
            since_before=re.compile(r"(?:\b(?:с|со|начиная с|ещ[её] в|назад)\s*)$", _I),
            future_before=re.compile(r"\b(?:к|до|по)\s*(?:концу\s+|началу\s+)?$", _I),
            specific_before=re.compile(
                r"\b(?:весной|летом|осенью|зимой|в\s+(?:начале|конце|середине)|с|в\s+течение)"
                r"\s*$", _I),
            month_before=re.compile(
                rf"(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{months})\.?\s*$", _I),
            unit_after=re.compile(
                r"^\s+(?:человек|тонн|рубл|доллар|евро|км|метр|штук|голос|мест|единиц|гектар|"
                r"баррел|акци|сотрудник|жител|участник|посетител|пассажир|автомобил|случа|"
                r"детей|домов|квартир|экземпляр)", _I),
            quantity_before=re.compile(
                r"\b(?:около|более|менее|почти|свыше|примерно|порядка|лишь|только)\s*$", _I),
            clause_boundary=re.compile(
                r"[,;:()]|\s[—–-]{1,2}\s|\b(?:и|но|а|когда|после|перед|потому|который|"
                r"которая|которое|которые|хотя|пока)\b", _I),
            weekday=re.compile(
                rf"(?P<prev>[а-яё]+\s+)?(?P<wd>(?<![а-яё]){weekdays})(?![а-яё])(?P<next>\s+[а-яё]+)?",
                _I),
            every=frozenset({"каждый", "каждую", "каждое", "каждого", "каждой"}),
            # "до пятницы", "к среде": a deadline ahead, like "следующую пятницу".
            next_words=re.compile(r"^(?:следующ|ближайш|предстоящ|будущ|до$|к$|ко$)", _I),
            last_words=re.compile(r"^(?:прошл|минувш|предыдущ)", _I),
        )
    return _Cues(
        past=re.compile(
            r"\b(?:(?:a|ont|avait|avaient|avons|avez|ai|est|sont|était|étaient|fut)\s+"
            r"(?:\w+\s+)?\w+(?:é|ée|és|ées|i|is|it|u|us|ert|ort|uit)|était|étaient|"
            r"\w{3,}(?:ait|aient)|depuis|dernier|dernière|derniers|dernières|précédent\w*|"
            r"ancien\w*|naguère|autrefois|il y a|né|née|mort|morte)\b", _I),
        not_past=frozenset({"fait", "lait", "trait", "souhait", "parfait", "portrait",
                            "attrait", "retrait", "extrait", "jamais", "mais", "désormais"}),
        future=re.compile(
            r"\b(?:va|vont|allons|allez|sera|seront|devrait|devraient|doit|doivent|prévoit|"
            r"prévoient|prévu\w*|compte|comptent|pourrait|pourraient|prochain\w*|"
            r"envisag\w+|projet\w*|objectif|ambitionne|entend|entendent|à venir|"
            r"\w{3,}(?:era|eront|ira|iront|ra|ront))\b", _I),
        since_before=re.compile(r"\b(?:depuis|dès|il y a)\s*$", _I),
        future_before=re.compile(
            r"(?:\bd['’]ici|\bjusqu['’](?:en|à)|\bavant|\bà l['’]horizon(?:\s+de)?)"
            r"(?:\s+(?:la\s+)?(?:fin|début)\s+)?\s*$", _I),
        specific_before=re.compile(
            r"\b(?:printemps|été|automne|hiver|début|fin|mi-|courant|depuis)\s*(?:de\s+|d['’])?$",
            _I),
        month_before=re.compile(
            rf"(?:(?P<day>1er|\d{{1,2}})\s+)?(?P<month>{months})\.?\s*$", _I),
        unit_after=re.compile(
            r"^\s+(?:personnes|habitants|euros|dollars|tonnes|km|kilomètres|mètres|voix|"
            r"emplois|logements|salariés|élèves|passagers|véhicules|exemplaires|hectares)\b",
            _I),
        quantity_before=re.compile(
            r"\b(?:environ|près de|plus de|moins de|quelque|quelques|seulement|au moins)\s*$",
            _I),
        clause_boundary=re.compile(
            r"[,;:()]|\s[—–-]{1,2}\s|\b(?:et|mais|qui|que|quand|lorsque|après|avant|parce|"
            r"alors|tandis|bien que)\b", _I),
        weekday=re.compile(
            rf"(?P<prev>[\w']+\s+)?(?P<wd>\b{weekdays})\b(?P<next>\s+\w+)?", _I),
        every=frozenset({"chaque", "les", "tous"}),
        next_words=re.compile(r"^(?:prochain|suivant|jusqu['’]à$|d['’]ici$)", _I),
        last_words=re.compile(r"^(?:dernier|passé|précédent)", _I),
    )


def _sentences(body: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT_RE.split(" ".join(body.split())) if s]


def _past_cues(cues: _Cues, text: str) -> list[re.Match[str]]:
    return [m for m in cues.past.finditer(text) if m.group(0).lower() not in cues.not_past]


def _nearest_tense(cues: _Cues, scope: str, pos: int) -> str | None:
    found = [(abs(m.start() - pos), "future") for m in cues.future.finditer(scope)]
    found += [(abs(m.start() - pos), "past") for m in _past_cues(cues, scope)]
    return min(found)[1] if found else None


def _clause_tense(cues: _Cues, sentence: str, start: int, end: int) -> str | None:
    """The tense of the nearest cue in the clause around ``sentence[start:end]``."""
    left = 0
    for m in cues.clause_boundary.finditer(sentence, 0, start):
        left = m.end()
    m = cues.clause_boundary.search(sentence, end)
    return _nearest_tense(cues, sentence[left : m.start() if m else len(sentence)], start - left)


def _tense(cues: _Cues, sentence: str, start: int, end: int) -> str:
    """Past, future or neutral: "с 1992 года" is past outright, then the nearest cue of
    the clause, then of the sentence; "к 2030 году" / "d'ici 2030" leans future."""
    before = sentence[max(0, start - 40) : start]
    if cues.since_before.search(before):
        return "past"
    left = 0
    for m in cues.clause_boundary.finditer(sentence, 0, start):
        left = m.end()
    m = cues.clause_boundary.search(sentence, end)
    clause = sentence[left : m.start() if m else len(sentence)]
    leaning_future = bool(cues.future_before.search(before))
    tense = _nearest_tense(cues, clause, start - left)
    if tense is None:
        tense = _nearest_tense(cues, sentence, start)
    if tense is None:
        return "future" if leaning_future else "neutral"
    if leaning_future and tense == "past" and not _past_cues(cues, clause):
        return "future"
    return tense


def year_clues(body: str, language: str) -> list[tuple[int, str, int | None, int | None, bool]]:
    """Years named in ``body`` as ``(year, tense, month, day, specific)``: tense is past,
    future or neutral; month and day are those written just before the year; specific
    marks a dated event (``в апреле 2016 года``, ``depuis 2021``)."""
    cues = _cues(language)
    found: list[tuple[int, str, int | None, int | None, bool]] = []
    for whole in _sentences(body):
        for m in _YEAR_RE.finditer(whole):
            lo = max(0, m.start() - _CONTEXT_CHARS)
            sentence = whole[lo : m.end() + _CONTEXT_CHARS]
            start, end = m.start() - lo, m.end() - lo
            near_before = sentence[max(0, start - 40) : start]
            if cues.unit_after.match(sentence[end:]) or cues.quantity_before.search(near_before):
                continue
            tense = _tense(cues, sentence, start, end)
            years = [int(m.group("year"))]
            if m.group("year2") and not m.group("decade"):
                y2 = m.group("year2")
                years.append(int(y2) if len(y2) == 4 else years[0] // 100 * 100 + int(y2))
            mb = cues.month_before.search(near_before)
            month = month_of(mb.group("month"), language) if mb else None
            day = int(mb.group("day").removesuffix("er")) if mb and mb.group("day") else None
            specific = month is not None or bool(cues.specific_before.search(near_before))
            for y in years:
                last = y == years[-1]
                found.append((y, tense, month if last else None, day if last else None, specific))
    return found


def weekday_clues(body: str, language: str) -> list[tuple[int, bool]]:
    """Weekdays named in ``body`` as ``(weekday, future)``, first mention first; "каждый
    вторник", "chaque mardi", "tous les lundis" are no dates."""
    cues = _cues(language)
    found: dict[int, tuple[int, bool]] = {}
    for sentence in _sentences(body):
        for m in cues.weekday.finditer(sentence):
            prev = (m.group("prev") or "").strip().lower()
            nxt = (m.group("next") or "").strip().lower()
            if prev in cues.every:
                continue
            wd = weekday_of(m.group("wd"), language)
            if wd is None:
                continue
            if cues.next_words.match(prev) or cues.next_words.match(nxt):
                future = True
            elif cues.last_words.match(prev) or cues.last_words.match(nxt):
                future = False
            else:
                # The verb may follow the weekday ("В пятницу ... ожидается"): the nearest
                # tense cue of its clause decides.
                start, end = m.start("wd"), m.end("wd")
                tense = _clause_tense(cues, sentence, start, end)
                if tense is None:  # a clause cut short ("в Мончегорске и Апатитах ожидается")
                    near = sentence[max(0, start - 80) : end + 80]
                    tense = _nearest_tense(cues, near, min(start, 80))
                future = tense == "future"
            found.setdefault(wd, (wd, future))
    return list(found.values())
