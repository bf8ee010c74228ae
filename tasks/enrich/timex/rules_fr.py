"""French TIMEX3 rules: the patterns; the words are in lexicon_fr, the values in norms.

Extents follow the English conventions: the article of a noun-phrase timex belongs to it
("le 12 mars", "la semaine prochaine", "les années 1990", as "the" does in English), a
governing preposition does not ("en mars", "pendant trois ans", "à 15h30"), nor do the
contractions "du"/"au" ("au XXe siècle" -> "XXe siècle"). A bare month needs a preposition,
a position ("début mars") or a relative word ("mars dernier"): "Mars" is also a planet.
"""

from __future__ import annotations

import re

from storywire.tasks.enrich.timex import dates, norms
from storywire.tasks.enrich.timex import rules as en
from storywire.tasks.enrich.timex.context import Ctx, Norm, _Shim
from storywire.tasks.enrich.timex.gates import Gate, low, raw
from storywire.tasks.enrich.timex.lexicon import YEAR4_RE as Y
from storywire.tasks.enrich.timex.lexicon_fr import (
    MONTH_ABBR_RE,
    MONTH_RE,
    NUMBER_FIRST,
    NUMBER_RE,
    PART_RE,
    POS_OF_RE,
    POS_RE,
    REL_AFTER_RE,
    UNIT_RE,
    WEEKDAY_RE,
    WORDS,
)
from storywire.tasks.enrich.timex.norms import Normalizer, Words

B = en.B
E = en.E
MON = rf"(?-i:{MONTH_RE})"  # months are written lowercase; "Mars" is also the planet
APOS = r"['’]"
_MONTH_STEM = r"(?-i:janv|f[ée]v|mars|avr|mai|juin|juil|ao[ûu]|sept|oct|nov|d[ée]c)"
DAY_AFTER = rf"(?:,?\s+(?:(?P<twd>{WEEKDAY_RE})|(?P<tref>hier|aujourd{APOS}hui|demain)))?"
# before a bare 4-digit year: a temporal preposition, so "en 2020" is a year...
_YEAR_PREP_RE = re.compile(
    rf"(?:\b(?:en|depuis|dès|de|d{APOS}ici|avant|après|jusqu{APOS}en|entre|et|à|pour|l{APOS}an"
    rf"|année|fin|début|mi)|\bd{APOS}|-)\s*$",
    re.IGNORECASE,
)
# ...but a lowercase word right after a bare number makes it a count ("2020 personnes")
_COUNTED_RE = re.compile(r"\s+[a-zàâçéèêëîïôûùüÿœ]")
# before a bare month: "en mars", "depuis avril", "d'août", "au mois de mai"
_MONTH_PREP_RE = re.compile(
    rf"(?:\b(?:en|de|depuis|dès|jusqu{APOS}en|avant|après|courant|à\s+partir\s+de|au\s+mois\s+de"
    rf"|le\s+mois\s+de)\s+|\bd{APOS}\s*)$",
    re.IGNORECASE,
)
_OF_NEXT_RE = re.compile(rf"\s+(?:d[eu]s?\b|d{APOS})", re.IGNORECASE)
_DURATION_PREP_RE = re.compile(
    rf"\b(?:pendant|durant|depuis|en|pour|sur|après|avant|dans|il\s+y\s+a|d{APOS}|de|plus\s+d{APOS}"
    rf"|moins\s+d{APOS}|près\s+d{APOS})\s*$",
    re.IGNORECASE,
)
_CONTRACTIONS = frozenset({"du", "au", "aux", "en", "d'", "d’", "dès", "depuis", "jusqu'à",
                           "jusqu’à", "jusqu'au", "jusqu’au"})  # fmt: skip


def _narrow(norm: Norm | None, m: re.Match[str], group: str) -> Norm | None:
    """Drop a leading contraction or preposition ("au", "du"): the extent starts at ``group``."""
    if norm is None or m.start(group) < 0:
        return norm
    return (*norm, (m.start(group), m.end()))  # type: ignore[return-value]


def _lead(m: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", (m.groupdict().get("lead") or "").lower())


def _date(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    norm = norms.n_date(m, c, w)
    if _lead(m) in _CONTRACTIONS:
        return _narrow(norm, m, "wd" if m["wd"] else "day")
    return norm


def _month(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    gd = m.groupdict()
    if not (gd.get("pos") or gd.get("rel") or _MONTH_PREP_RE.search(c.before(25))):
        return None
    return norms.n_month(m, c, w)


def _year(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    if not m["pos"] and not _YEAR_PREP_RE.search(c.before(16)) and _COUNTED_RE.match(c.after(3)):
        return None
    return norms.n_year(m, c, w)


def _year_range(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    return dates.n_year_range(m, c)


def _with_det_rel(m: re.Match[str], w: Words) -> re.Match[str]:
    """ "cette année", "ce lundi", "cet été": the demonstrative says "this"."""
    det = (m.groupdict().get("det") or "").lower()
    if not m.groupdict().get("rel") and det in {"ce", "cet", "cette"}:
        return _Shim(m, {"rel": det})  # type: ignore[return-value]
    return m


def _season(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    det = (m["det"] or "").lower()
    norm = norms.n_season(_with_det_rel(m, w), c, w)
    return _narrow(norm, m, "season") if det in {"en", "au"} else norm


def _century(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    norm = norms.n_century(m, c, w)
    return _narrow(norm, m, "pos" if m["pos"] else "cent") if m["lead"] else norm


def _quarter(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    norm = norms.n_quarter(m, c, w)
    return _narrow(norm, m, "qord") if _lead(m) in _CONTRACTIONS else norm


def _rel_unit(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    m2 = _with_det_rel(m, w)
    if not m2.groupdict().get("rel"):
        return None  # "l'année", "le mois" alone: too vague to anchor
    return norms.n_rel_unit(m2, c, w)


def _pos_unit(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "fin d'année", "au début du mois", "la fin de l'année dernière"."""
    if not m["rel"]:
        return norms.n_rel_unit(_Shim(m, {"rel": "ce"}), c, w)  # type: ignore[arg-type]
    return norms.n_rel_unit(m, c, w)


def _weekday(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    m2 = _with_det_rel(m, w)
    if m["rel2"] and not m["rel"]:
        m2 = _Shim(m2, {"rel": m["rel2"]})  # type: ignore[assignment]
    norm = norms.n_weekday(m2, c, w)
    return _narrow(norm, m, "wd") if _lead(m) in _CONTRACTIONS else norm


def _anaphor(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    ana = m["ana"].lower()
    if ("veille" in ana or "lendemain" in ana) and _OF_NEXT_RE.match(c.after(6)):
        return None  # "la veille du scrutin": the eve of an event, not of a date
    return norms.n_anaphor(m, c, w)


def _duration(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    num = m["num"].lower()
    if num in {"un", "une"} and not m["dmod"] and not _DURATION_PREP_RE.search(c.before(14)):
        return None  # "un jour" alone is "one day, some day"
    return norms.n_duration(m, c, w)


def _time(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    gd = m.groupdict()
    if not any(gd.get(g) for g in ("lead", "min", "apart", "zone", "twd", "tref")):
        return None  # "8 heures" alone is a duration
    return norms.n_time(m, c, w)


# (name, pattern, normalizer, gate); ties on extent go to the earlier rule
_R: list[tuple[str, str, Normalizer, Gate | None]] = [
    (
        "date",
        rf"{B}(?=[\dldajmvs])(?:(?P<lead>le|du|au|dès|depuis|jusqu{APOS}au)\s+)?(?:(?P<wd>{WEEKDAY_RE})\s+)?"
        rf"(?P<day>1er|[12]\d|3[01]|0?[1-9])\s+(?P<mon>{MON}|(?-i:{MONTH_ABBR_RE}))"
        rf"(?:\s+(?P<year>{Y}))?(?:\s+(?:au\s+)?(?P<part>{PART_RE}))?{E}",
        _date,
        raw(rf"\d(?:er)?\s+{_MONTH_STEM}"),
    ),
    (
        "numeric_date",
        rf"{B}(?P<day>[0-3]?\d)([./])(?P<mon>[01]?\d)\2(?P<year>{Y}){E}",
        norms.n_date,
        raw(r"\d[./][01]?\d[./][12]"),
    ),
    (
        "month_year",
        rf"{B}(?=[dfmjason])(?:{POS_RE}[\s-]+)?(?P<mon>{MON})\s+(?P<year>{Y}){E}",
        norms.n_month,
        raw(_MONTH_STEM),
    ),
    (
        "month",
        rf"{B}(?=[dfmjason])(?:{POS_RE}[\s-]+)?(?P<mon>{MON})(?:\s+(?P<rel>dernier|prochain))?{E}"
        r"(?!\s*\d)",
        _month,
        raw(_MONTH_STEM),
    ),
    (
        "year_range",
        rf"{B}(?P<y1>{Y})\s*[-–—]\s*(?P<y2>{Y}|\d\d){E}",
        _year_range,
        raw(rf"{Y}\s*[-–—]\s*\d"),
    ),
    (
        "year",
        rf"{B}(?=[\ddfm])(?:{POS_RE}[\s-]+)?(?P<year>{Y}){E}",
        _year,
        raw(Y),
    ),
    (
        "decade",
        rf"{B}(?:{POS_OF_RE}\s+des\s+|les\s+)?ann[ée]es\s+(?P<dec>1\d\d0|20\d0|[1-9]0){E}",
        norms.n_decade,
        low(r"ann[ée]es\s+[12-9]"),
    ),
    (
        "century",
        rf"{B}(?:(?P<lead>au|du|le)\s+)?(?:{POS_OF_RE}\s+du\s+)?"
        rf"(?P<cent>(?-i:[IVXL]{{1,5}})|\d{{1,2}})(?:e|ème|è|ᵉ|er)\s+si[èe]cle{E}",
        _century,
        low(r"si[èe]cle"),
    ),
    (
        "season",
        rf"{B}(?=[eacl])(?P<det>en|au|cet|ce|cette|l{APOS})\s*(?P<season>été|ete|hiver|printemps|automne)"
        rf"(?:\s+(?P<rel>dernier|prochain|passé))?(?:\s+(?P<year>{Y}))?{E}",
        _season,
        low(r"été|ete|hiver|printemps|automne"),
    ),
    (
        "quarter",
        rf"{B}(?:(?P<lead>le|au|du)\s+)?(?P<qord>premier|1er|deuxième|2e|2ème|second|troisième|3e"
        rf"|3ème|quatrième|4e|4ème)\s+(?P<qunit>trimestre|semestre)(?:\s+(?:de\s+l{APOS}année\s+)?"
        rf"(?P<year>{Y})|\s+de\s+l{APOS}an(?:née)?\s+(?P<yrel>{REL_AFTER_RE}))?{E}",
        _quarter,
        low(r"trimestre|semestre"),
    ),
    (
        "rel_unit",
        rf"{B}(?=[lc])(?:(?P<det>l{APOS}|le|la|ce|cet|cette)\s*)(?P<unit>an|ann[ée]e|mois|semaine|si[èe]cle"
        rf"|trimestre|d[ée]cennie)(?:-ci)?(?:\s+(?P<rel>{REL_AFTER_RE}))?{E}(?!-là)",
        _rel_unit,
        low(
            rf"(?:l{APOS}|le|la|ce|cet|cette)\s*(?:an|ann[ée]e|mois|semaine|si[èe]cle|trimestre|d[ée]cennie)"
        ),
    ),
    (
        "pos_unit",
        rf"{B}(?=[ldfm])(?:la\s+|le\s+)?(?P<pos>d[ée]but|fin|milieu|mi)[\s-]+(?:de\s+l{APOS}|d{APOS}|du\s+|de\s+la\s+)"
        rf"(?P<unit>ann[ée]e|an|mois|semaine|siècle)(?:\s+(?P<rel>{REL_AFTER_RE}))?{E}(?!\s+(?:\d|de\b|d{APOS}))",
        _pos_unit,
        low(rf"(?:d[ée]but|fin|milieu|mi)[\s-]+(?:de\s+l{APOS}|d{APOS}|du\s|de\s+la\s)"),
    ),
    (
        "weekend",
        rf"{B}(?P<det>ce|le)\s+week-?end(?:\s+(?P<rel>{REL_AFTER_RE}))?{E}",
        norms.n_weekend,
        low(r"week-?end"),
    ),
    (
        "anaphor",
        rf"{B}(?=[lc])(?P<ana>la\s+veille|le\s+lendemain|le\s+surlendemain|l{APOS}avant-veille|le\s+jour\s+même"
        rf"|ce\s+jour-là|l{APOS}ann[ée]e\s+(?:précédente|suivante)|l{APOS}an\s+(?:précédent|suivant)"
        rf"|la\s+semaine\s+(?:précédente|suivante)|le\s+mois\s+(?:précédent|suivant)|cette\s+année-là){E}",
        _anaphor,
        low(r"veille|lendemain|jour\s+même|jour-là|précédent|suivant|année-là"),
    ),
    (
        "ago",
        rf"{B}(?P<dir>il\s+y\s+a)\s+(?:(?P<num>{NUMBER_RE})\s+)?(?P<unit>{UNIT_RE}){E}",
        norms.n_ago,
        low(r"il\s+y\s+a"),
    ),
    (
        "in",
        rf"{B}(?P<dir>dans)\s+(?P<num>{NUMBER_RE})\s+(?P<unit>{UNIT_RE}){E}",
        norms.n_ago,
        low(r"dans"),
    ),
    (
        "time",
        rf"{B}(?=[\dàavdjeélmsv])(?:(?P<lead>à|a|vers|dès|jusqu{APOS}à|avant|après|de|entre|et|{WEEKDAY_RE})\s+)?"
        rf"(?P<x>(?P<h>[01]?\d|2[0-4])"
        rf"\s*(?:h|heures?)(?:\s*(?P<min>[0-5]\d))?(?:\s+(?:du|de\s+l{APOS})\s*(?P<apart>matin|soir|après-midi|nuit))?"
        rf"(?:\s+\(?(?P<zone>heure\s+de\s+Paris|heure\s+locale|heure\s+française|GMT|UTC)\)?)?{DAY_AFTER}){E}",
        _time,
        low(r"\d\s*h"),
    ),
    (
        "time_noon",
        rf"{B}(?:à|vers|avant|après|jusqu{APOS}à|dès)\s+(?P<x>(?P<noon>midi|minuit){DAY_AFTER}){E}",
        norms.n_time,
        low(r"midi|minuit"),
    ),
    (
        "night",
        rf"{B}(?:dans\s+)?(?P<x>la\s+nuit\s+d[eu]\s+{WEEKDAY_RE}\s+(?:à|au)\s+(?P<wd2>{WEEKDAY_RE})){E}",
        norms.n_night,
        low(r"nuit\s+d"),
    ),
    (
        "weekday",
        rf"{B}(?=[djclmvs])(?:(?P<lead>dès|depuis|jusqu{APOS}à)\s+)?(?:(?P<det>ce)\s+)?(?P<wd>{WEEKDAY_RE})"
        rf"(?:\s+(?P<rel>dernier|prochain|passé))?(?:\s+(?:au\s+)?(?P<part>{PART_RE}))?"
        rf"(?:\s+(?P<rel2>dernier|prochain))?{E}(?!\s+(?:1er|\d\d?)\s+{_MONTH_STEM})",
        _weekday,
        low(r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"),
    ),
    (
        "day_ref",
        rf"{B}(?P<ref>avant-hier|hier|aujourd{APOS}hui|après-demain|apres-demain|demain)"
        rf"(?:\s+(?:au\s+)?(?P<part>{PART_RE}))?{E}",
        norms.n_day_ref,
        low(r"hier|aujourd|demain"),
    ),
    (
        "part_ref",
        rf"{B}(?P<rel>ce|cet|cette)\s+(?P<part>{PART_RE}){E}",
        norms.n_part_ref,
        low(r"(?:ce|cet|cette)\s+(?:mat|apr|soir|nuit)"),
    ),
    (
        "bare_part",
        rf"{B}dans\s+(?P<x>(?:la\s+|l{APOS})(?P<part>matinée|soirée|nuit|après-midi)){E}(?!\s+d[eu]\b)",
        norms.n_bare_part,
        low(rf"dans\s+(?:la\s+|l{APOS})(?:matin|soir|nuit|apr)"),
    ),
    (
        "duration",
        rf"{B}(?=[\d{NUMBER_FIRST}])(?:(?P<dmod>plus\s+d{APOS}|plus\s+de|moins\s+de|près\s+de|presque|environ|au\s+moins"
        rf"|au\s+plus|quelque)\s*)?(?P<num>{NUMBER_RE})\s+(?P<unit>{UNIT_RE}){E}",
        _duration,
        None,  # a count and a unit: nothing rarer to require
    ),
    (
        "set_adv",
        rf"{B}(?P<adv>quotidiennement|hebdomadairement|mensuellement|annuellement){E}",
        norms.n_set,
        low(r"quotidiennement|hebdomadairement|mensuellement|annuellement"),
    ),
    (
        "set_each",
        rf"{B}chaque\s+(?:(?P<swd>{WEEKDAY_RE})(?:\s+(?P<part>{PART_RE}))?"
        rf"|(?P<sunit>jour|semaine|mois|an|année|matin|soir|nuit|heure|minute|trimestre)){E}",
        norms.n_set,
        low(r"chaque"),
    ),
    (
        "set_all",
        rf"{B}tou(?:s|tes)\s+les\s+(?:(?P<swd>{WEEKDAY_RE})s|(?:(?P<num>{NUMBER_RE})\s+)?"
        rf"(?P<sunit>jours|semaines|mois|ans|années|heures|minutes|trimestres|matins|soirs|nuits)){E}",
        norms.n_set,
        low(r"tou(?:s|tes)\s+les"),
    ),
    (
        "set_times",
        rf"{B}(?:une|deux|trois|quatre|cinq|\d+)\s+fois\s+par\s+(?P<sunit>an|année|mois|semaine|jour|heure){E}",
        norms.n_set,
        low(r"fois\s+par"),
    ),
    (
        "ref",
        rf"{B}(?=[amrdpb])(?P<ref>actuellement|maintenant|à\s+présent|en\s+ce\s+moment|récemment|dernièrement"
        rf"|à\s+l{APOS}avenir|prochainement|bientôt|dans\s+le\s+passé|par\s+le\s+passé){E}",
        norms.n_ref,
        low(
            r"actuellement|maintenant|présent|moment|récemment|dernièrement|avenir|prochainement|bientôt|passé"
        ),
    ),
]

RULES = norms.build_rules(_R, WORDS)
CUES = WORDS.cues
