"""Datelines of Russian and French wire copy: day-first dates, Cyrillic places, agencies
written as words.

The layouts, each a general shape rather than one agency's string:

* slash credit (TASS): ``МОСКВА, 12 марта. /ТАСС/.``, ``/Корр. ТАСС Иван Петров/.``;
* agency word and a dash (Interfax): ``Москва. 5 февраля. ИНТЕРФАКС -``,
  ``Ростов-на-Дону. 5 февраля 2025 года. ИНТЕРФАКС-ЮГ –``, ``INTERFAX.RU —``;
* dash, agency, period (RIA Novosti): ``МОСКВА, 12 мар — РИА Новости.``, with the
  reporter's name after a comma (``— РИА Новости, Анна Котова.``);
* agency in parentheses (AFP, Reuters, AP, Belga...): ``PARIS, 12 mars 2025 (AFP) -``,
  ``Paris, le 1er mai (Reuters) -``, ``МОСКВА, 12 марта (Рейтер) -``;
* no agency: a shouted place and a day-first date closed by a period or a dash
  (``КАЗАНЬ, 6 октября. Новое здание ...``). A shouted word and a dash alone (``МОСКВА —``)
  is not enough in Russian, whose prose opens that way (``ЦБ — Банк России ...``).

As strict as the English reader (``tasks.clean.datelines``), which tries first: a place
in Title case needs an agency; a dateline without one needs a shouted place and a Russian
or French date; every agency word must be one the agency table
knows; and the rest must open like a sentence. ``split_dateline_ru_fr`` never sees what
the English reader accepts, so English datelines read exactly as before.
"""

from __future__ import annotations

import re

from storywire.tasks.clean.agencies import agency_forms, is_known_agency
from storywire.tasks.clean.months import date_is_valid, month_alternation, month_of
from storywire.tasks.clean.placenames import normalize_place
from storywire.tasks.records import Dateline

__all__ = ["dateline_byline", "split_dateline_ru_fr"]

_UP = "A-ZÀ-ÖØ-ÞŒŸА-ЯЁІЇЄҐЎ"
_LO = "a-zß-öø-ÿœа-яёіїєґў"
_SP = r"[ \u00a0]"
_DASH = r"(?:—|–|--|-|‑)"
# A shouted word ("МОСКВА", "НЬЮ-ЙОРК", "SAINT-ÉTIENNE"), maybe after an initial ("С.-").
_CAPS_WORD = rf"(?:[{_UP}]{{1,3}}\.-?)?[{_UP}](?:[{_UP}'’\-]*[{_UP}])?"
_PLACE_CAPS = rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,3}}"
_PARTICLES = r"(?:de|la|le|les|du|des|en|sur|sous|d'|l'|на|де|под|у)"
_TITLE_WORD = rf"[{_UP}][{_LO}'’]+(?:-(?:[{_UP}]|{_PARTICLES}-?)[{_LO}'’]*)*"
_PLACE_TITLE = rf"{_TITLE_WORD}(?:[ ](?:{_TITLE_WORD}|{_PARTICLES}(?=[ ]))){{0,3}}"
_MONTHS = f"(?:{month_alternation('ru')}|{month_alternation('fr')})"
_DATE = (
    rf"(?:le{_SP})?(?P<day>\d{{1,2}})(?:er)?{_SP}+(?P<month>(?i:{_MONTHS}))(?![{_LO}{_UP}])\.?"
    rf"(?:{_SP}+(?P<year>(?:1[89]|20)\d\d)(?!\d)(?:{_SP}?(?:года|год|г\.|г(?![{_LO}])))?)?"
)
_HEAD = (
    rf"^[ \t]*(?P<head>(?:(?P<place_caps>{_PLACE_CAPS})|(?P<place_title>{_PLACE_TITLE}))"
    rf"(?:,{_SP}*(?P<region>[{_UP}][{_LO}]+(?:[ -][{_UP}][{_LO}]+){{0,2}}))??"
    # TASS names a small town's region in brackets: "ЦИОЛКОВСКИЙ (Амурская область), 28 апреля"
    rf"(?:{_SP}+\((?P<area>[{_UP}][{_LO}]+(?:[ -][{_UP}{_LO}][{_LO}]+){{0,3}})\)(?=,))?"
    rf"(?:[,.]?{_SP}+{_DATE})?)"
)
# A credit written as words: up to three of them, none a number or a bracket.
_CREDIT = r"[^\s\d(),/.][^\s(),/]*(?:[ ][^\s\d(),/][^\s(),/]*){0,2}"
_NAME = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?(?:[ ][{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?){{1,2}}"

_SLASH_RE = re.compile(
    rf"{_HEAD}\.?{_SP}*/(?P<credit>[^/\n]{{2,80}})/\.?{_SP}*(?:{_DASH}{_SP}+)?(?P<rest>.*)\Z",
    re.DOTALL,
)
_PAREN_RE = re.compile(
    rf"{_HEAD}{_SP}*\({_SP}?(?P<credit>[^()\n]{{2,40}}?){_SP}?\){_SP}*"
    rf"(?P<dash>{_DASH}{_SP}*)?(?P<rest>.*)\Z",
    re.DOTALL,
)
_WORD_DASH_RE = re.compile(
    rf"{_HEAD}[.,]?{_SP}+(?P<credit>{_CREDIT}){_SP}*{_DASH}{_SP}+(?P<rest>.*)\Z", re.DOTALL
)
_DASH_WORD_RE = re.compile(
    rf"{_HEAD}{_SP}+{_DASH}{_SP}+(?P<credit>{_CREDIT})"
    rf"(?P<authors>(?:,{_SP}*{_NAME}){{1,3}})?\.{_SP}+(?P<rest>.*)\Z",
    re.DOTALL,
)
_BARE_RE = re.compile(
    rf"{_HEAD}(?:\.{_SP}+|{_SP}+(?P<dash>—|–|--|-){_SP}+)(?P<rest>.*)\Z", re.DOTALL
)

# Shouted labels that open a paragraph like a place: TASS's "МОЛНИЯ", "СРОЧНО", ...
_NOT_PLACES = frozenset(
    {"МОЛНИЯ", "СРОЧНО", "ЭКСКЛЮЗИВ", "ОБНОВЛЕНО", "ВИДЕО", "ФОТО", "ИНТЕРВЬЮ", "МНЕНИЕ",
     "КОММЕНТАРИЙ", "АНАЛИТИКА", "ВАЖНО", "ОФИЦИАЛЬНО", "ПРЯМАЯ РЕЧЬ", "ИТОГИ", "ТАСС",
     "РИА", "ИНТЕРФАКС", "URGENT", "EXCLUSIF", "ALERTE", "VIDÉO", "VIDEO", "PHOTOS", "INFO",
     "DIRECT", "EN DIRECT", "ANALYSE", "ENTRETIEN", "TRIBUNE", "ÉDITORIAL", "EDITORIAL",
     "AFP", "REUTERS", "AP", "MISE À JOUR", "CORRECTION", "RECTIFICATIF", "FLASH"}
)  # fmt: skip
# Words that open a phrase, never a place ("В МОСКВЕ", "À PARIS", "Le 12 mars", "Мы").
# "LE HAVRE", "LA ROCHELLE" keep their article: only an article alone is refused.
_FUNCTION_WORDS = frozenset(
    {"В", "ВО", "НА", "С", "СО", "К", "КО", "О", "ОБ", "У", "ПО", "ДО", "ИЗ", "ЗА", "ОТ",
     "ПРИ", "ПОД", "НАД", "ДЛЯ", "И", "А", "НО", "МЫ", "ОН", "ОНА", "ОНИ", "ЭТО", "ВЫ", "Я",
     "À", "EN", "DANS", "AU", "AUX", "ET", "PAR", "POUR", "SUR", "CHEZ", "DEPUIS", "UN",
     "UNE", "CE", "CET", "CETTE", "IL", "ELLE", "ON", "NOUS", "VOUS", "ILS", "ELLES"}
)  # fmt: skip
_ARTICLES = frozenset({"LE", "LA", "LES", "L'", "DES", "DU", "DE"})
# English month spellings (written out: the calendar module's names follow the locale).
_ENGLISH_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec"}
)  # fmt: skip
_MEDIA_RE = re.compile(r"(?i)\b(?:photo|фото|video|vidéo|видео|file|archives?|архив)")
# A correspondent's credit between slashes: "/Корр. ТАСС Иван Петров/", "/Спецкорр. ТАСС/".
_CORRESPONDENT_RE = re.compile(r"(?i)^(?:спец\.?\s*|соб\.?\s*|спецкорр|собкорр|корр)")


def _known_in(credit: str) -> str | None:
    """The longest agency spelling written inside ``credit`` as whole words, if any."""
    found = None
    for form in agency_forms():
        if len(form) < 3 or (found and len(form) <= len(found)):
            continue
        if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", credit, re.IGNORECASE):
            found = form
    return found


def _word_agency(credit: str) -> bool:
    """An agency written as words: a known spelling, or a known agency's regional
    service (``ИНТЕРФАКС-ЮГ``, ``Interfax-Ukraine``, ``РИА Новости Крым``)."""
    if is_known_agency(credit):
        return True
    head, _, tail = credit.partition("-")
    if tail and is_known_agency(head) and tail[:1].isupper():
        return True
    words = credit.split()
    return len(words) > 1 and is_known_agency(" ".join(words[:-1])) and words[-1][:1].isupper()


def _slash_credit(credit: str) -> tuple[bool, str | None]:
    """(is a credit, agency) of ``/.../``: an agency, a correspondent's credit, or one
    capitalized word as the English reader takes ``/TASS/``."""
    credit = " ".join(credit.split())
    if _word_agency(credit):
        return True, credit
    if _CORRESPONDENT_RE.match(credit):
        return True, _known_in(credit)
    return bool(re.fullmatch(rf"[{_UP}][\w\-]{{1,20}}", credit)), credit


def _paren_credit(credit: str, has_dash: bool) -> bool:
    """An agency in parentheses; an unknown one only with a dash, never a photo credit."""
    if _MEDIA_RE.search(credit):
        return False
    if _word_agency(credit):
        return True
    return has_dash and credit[:1].isupper() and len(credit) <= 30


def _opens_like_lede(rest: str, *, required: bool) -> bool:
    """The rest opens like a sentence (maybe after a quote): a capital or a digit, with
    lower-case letters soon after, so a shouted slug ("СПОРТ — ИТОГИ ТУРА") is no lede."""
    if not rest.strip():
        return not required
    core = rest.lstrip("\"“‘'`([«„‹ ")
    if not core or not (core[0].isdigit() or (core[0].isalpha() and core[0].isupper())):
        return False
    return any(c.islower() for c in core[:200])


def _foreign_date(m: re.Match[str]) -> bool:
    """A date whose month is no English spelling too ("12 Nov." is English copy's, and an
    English paragraph is read as the English reader reads it)."""
    month = m.group("month")
    return month is not None and month.casefold().rstrip(".") not in _ENGLISH_MONTHS


def _place_ok(m: re.Match[str]) -> bool:
    place = (m.group("place_caps") or m.group("place_title") or "").strip()
    first = place.split()[0].upper()
    return (
        sum(c.isalpha() for c in place) >= 2
        and place.upper() not in _NOT_PLACES
        and first not in _FUNCTION_WORDS
        and place.upper() not in _ARTICLES
    )


def _read(paragraph: str) -> tuple[re.Match[str], str | None] | None:
    """The first layout ``paragraph`` opens with, and its agency credit."""
    m = _SLASH_RE.match(paragraph)
    if m and _place_ok(m):
        ok, agency = _slash_credit(m.group("credit"))
        caps_or_known = m.group("place_caps") is not None or (agency and is_known_agency(agency))
        if ok and caps_or_known and _opens_like_lede(m.group("rest"), required=False):
            return m, agency
    m = _PAREN_RE.match(paragraph)
    if m and _place_ok(m):
        credit = m.group("credit").strip()
        # An agency the table does not know needs a shouted place, a date and a dash.
        ok = _word_agency(credit) or (
            m.group("day") is not None and _paren_credit(credit, m.group("dash") is not None)
        )
        if ok and not _MEDIA_RE.search(credit) and (
            m.group("place_caps") is not None or _word_agency(credit)
        ) and (
            m.group("dash") is not None or m.group("rest")
        ) and _opens_like_lede(m.group("rest"), required=False):
            return m, credit
    for pattern in (_WORD_DASH_RE, _DASH_WORD_RE):
        m = pattern.match(paragraph)
        if m and _place_ok(m) and _foreign_date(m) and _word_agency(m.group("credit")) and (
            _opens_like_lede(m.group("rest"), required=True)
        ):
            return m, m.group("credit")
    m = _BARE_RE.match(paragraph)
    if m and _place_ok(m) and m.group("place_caps") is not None and _foreign_date(m) and (
        _opens_like_lede(m.group("rest"), required=True)
    ):
        rest = m.group("rest")
        # "ИТОГИ — ВЫБОРЫ ...": two shouted words open a slug headline, not a lede.
        if not re.match(rf"[«\"“(]*[{_UP}0-9]+[ ,][{_UP}0-9]{{2,}}\b", rest):
            return m, None
    return None


def split_dateline_ru_fr(paragraph: str) -> tuple[Dateline | None, str]:
    """Split a leading Russian or French dateline off ``paragraph``.

    Returns ``(Dateline, rest_of_paragraph)`` as ``tasks.clean.datelines.split_dateline``
    does (the place title-cased, ``МОСКВА`` -> ``Москва``; an impossible date kept with
    ``date_valid=False``), else ``(None, paragraph)``.
    """
    found = _read(paragraph)
    if found is None:
        return None, paragraph
    m, agency = found
    place_raw = (m.group("place_caps") or m.group("place_title")).strip()
    place = normalize_place(place_raw)
    if m.group("region"):
        place = f"{place}, {m.group('region')}"
    month = day = year = None
    if m.group("month"):
        word = m.group("month")
        month = month_of(word, "ru") or month_of(word, "fr")
        day = int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
    valid = month is None or date_is_valid(year, month, day or 0)
    rest = m.group("rest")
    raw = paragraph[: len(paragraph) - len(rest)].strip()
    dateline = Dateline(
        raw=raw,
        place=place,
        agency=" ".join(agency.split()) if agency else None,
        month=month,
        day=day,
        year=year,
        date_valid=valid,
    )
    return dateline, rest.strip()


def dateline_byline(raw: str) -> str | None:
    """The reporter a dateline names, if any: RIA Novosti's ``— РИА Новости, Анна Котова.``
    gives ``Анна Котова``, TASS's ``/Корр. ТАСС Иван Петров/.`` gives ``Корр. ТАСС Иван
    Петров``; None for a dateline that names nobody."""
    m = _DASH_WORD_RE.match(raw + " X")
    if m and m.group("authors"):
        return ", ".join(a.strip() for a in m.group("authors").split(",") if a.strip())
    m = _SLASH_RE.match(raw)
    if m:
        credit = " ".join(m.group("credit").split())
        if _CORRESPONDENT_RE.match(credit) and re.search(rf"{_NAME}$", credit):
            return credit
    return None
