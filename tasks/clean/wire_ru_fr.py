"""Line classes of Russian and French wire layouts, for ``tasks.clean.wire``.

Scraped TASS, Interfax and RIA Novosti pages and AFP, Reuters and AP copy in French put the
same furniture around a story as their English services, in their own words: a menu line
(``Все новости``, ``Toute l'actualité``), bylines (``Автор: Иван Петров``, ``Корреспондент
ТАСС Иван Петров``, ``Par Jean Dupont``), picture credits (``Фото: Иван Петров/ТАСС``,
``© AFP``, ``Photo : ...``), time lines (``14:35 12.03.2025 (обновлено: 15:02
12.03.2025)``, ``Publié le 12 mars 2025 à 14h35``) and sign-offs (``Подписывайтесь на
ТАСС в Telegram``, ``Читайте также: ...``, ``(avec AFP)``, ``Lire aussi : ...``), and
the reporter a RIA Novosti or TASS dateline names (``dateline_byline``).

Each class is a shape, not a list of one site's strings, and each is as narrow as its
English twin in ``tasks.clean.wire``: a marker word needs its colon or the whole line, so
that prose such as ``По теме доклада выступил ...`` or ``Partager les richesses ...`` stays
in the body. Every function returns False (or None) for text of any other language.
"""

from __future__ import annotations

import re

from storywire.tasks.clean.agencies import AGENCIES
from storywire.tasks.clean.datelines_ru_fr import dateline_byline

__all__ = [
    "SECTIONS",
    "bare_name",
    "byline",
    "caption_with_credit",
    "credit_of",
    "dateline_byline",
    "is_timestamp",
    "section",
    "trailer",
]

_UP = "A-ZÀ-ÖØ-ÞŒА-ЯЁІЇЄҐЎ"
_LO = "a-zß-öø-ÿœа-яёіїєґў"
# A personal name: two or three capitalized words ("Анна Котова", "Jean-Pierre DUPONT").
_NAME_WORD = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
_NAME = rf"{_NAME_WORD}(?:[ ](?:{_NAME_WORD}|[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)){{1,2}}"
_NAMES = rf"{_NAME}(?:[ ]*(?:,|и|et)[ ]*{_NAME}){{0,3}}"
_AGENCY_WORDS = "|".join(
    re.escape(form) for agency in AGENCIES for form in agency.forms if len(form) > 2
)

SECTIONS = frozenset(
    {
        # Russian site menus and sections (TASS, RIA Novosti, Interfax).
        "все новости", "новости", "лента новостей", "главное", "главная", "главные новости",
        "последние новости", "политика", "экономика", "экономика и бизнес", "бизнес",
        "общество", "происшествия", "в мире", "международная панорама", "мир", "спорт",
        "наука", "наука и техника", "культура", "армия и опк", "регионы", "россия",
        "технологии", "здоровье", "туризм", "недвижимость", "космос", "медицина", "авто",
        "интервью", "мнения", "аналитика", "эксклюзивы", "специальные проекты",
        "национальные проекты", "новости партнеров", "новости партнёров", "москва",
        "москва и подмосковье", "санкт-петербург", "северо-запад", "урал", "сибирь",
        "дальний восток", "юг", "поволжье", "центр", "украина", "снг", "финансы", "рынки",
        # French site sections (AFP, Le Monde, Le Figaro, Ouest-France...).
        "actualités", "actualité", "toute l'actualité", "toute l’actualité", "à la une",
        "a la une", "international", "monde", "france", "politique", "économie",
        "economie", "société", "societe", "culture", "sports", "sport", "sciences",
        "santé", "planète", "environnement", "faits divers", "justice", "europe",
        "afrique", "médias", "dernières infos", "dernières actualités", "fil info",
        "en continu", "l'essentiel", "l’essentiel", "vidéos", "opinions", "débats",
        "idées", "régions", "tech", "les décodeurs", "fil d'actualité", "météo", "meteo",
        "faits-divers", "people", "éducation", "education", "transports", "agriculture",
        "погода", "образование", "транспорт", "сельское хозяйство",
    }
)  # fmt: skip

# A regional section: "Actualité Bretagne", "Actualités de Lyon", "Новости Урала".
_REGIONAL_SECTION_RE = re.compile(
    rf"^(?:actualit[ée]s?|infos?|новости)(?:\s+(?:de|du|des|en|d['’]))?\s*(?-i:[{_UP}])"
    rf"[\w'’\-]+(?:[ -](?-i:[{_UP}])[\w'’\-]+)?$",
    re.IGNORECASE,
)

_TRAILER_ANYWHERE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # "Подписывайтесь на ТАСС в Telegram", "Подпишитесь на наш канал".
        r"^(?:подписывайтесь|подпишитесь|подписаться)\b.{0,160}$",
        r"^(?:читайте|смотрите)\s+(?:нас|также|ещ[её]|(?:тасс|риа новости|интерфакс)\s+в)\b"
        r".{0,200}$",
        r"^(?:см\.\s+также|ещ[её] по теме|по теме|новости по теме|материалы по теме|"
        r"читать (?:также|далее|полностью)|другие новости|главное за день)\s*(?:[:»>|]|$)",
        r"^(?:поделиться|ссылка скопирована|реклама|комментарии|показать комментарии|"
        r"читать далее|нашли ошибку\?.{0,80})\s*$",
        r"^(?:больше|все|главные|самые (?:важные|свежие))\s+(?:новост\w*|материал\w*|"
        r"подробност\w*)\b.{0,80}\b(?:telegram|телеграм\w*|дзен\w*|max|vk|вконтакте)\b.{0,60}$",
        r"^(?:время чтения|temps de lecture)\s*:?\s*\d+\s*(?:мин|min)\w*\.?$",
        # French page furniture.
        r"^(?:[àa] lire aussi|lire aussi|lire [ée]galement|voir aussi|[àa] voir aussi|"
        r"sur le m[êe]me sujet|[àa] lire [ée]galement|pour aller plus loin)\s*(?:[:»>|]|$)",
        r"^(?:suivez[- ]nous|abonnez[- ]vous|inscrivez[- ]vous|t[ée]l[ée]chargez notre)\b"
        r".{0,160}$",
        r"^(?:partager|partager sur \w+|publicit[ée]|r[ée]agir|commentaires?)\s*$",
        # "(avec AFP)", "(Avec AFP et Reuters)", "Avec agences".
        rf"^\(?\s*avec\s+(?:l['’])?(?:{_AGENCY_WORDS}|agences?)\b[^()]{{0,60}}\)?\.?$",
        # Reuters in French: "(Reportage Jean Dupont; version française Marie Martin, édité
        # par Sophie Louet)".
        r"^\(\s*(?:reportage|r[ée]daction|r[ée]dig[ée] par|[ée]crit par|avec la contribution "
        r"de|version fran[çc]aise|[ée]dit[ée] par|traduction)\b[^()]{0,400}\)\.?$",
    )
]
# Notices that mark a line wherever they stand in it (a plain substring test is the cheap
# one: every short paragraph of every story is asked).
_NOTICES = ("все права защищены", "tous droits réservés", "tous droits reserves")

_TRAILER_AT_END = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # Only Cyrillic ones: an English story's last lines keep the English rules.
        r"^©\s*[А-ЯЁ«].{0,80}$",
        r"^источник\s*:\s*.{1,80}$",
        r"^\(?(?:ТАСС|ИТАР-ТАСС|РИА Новости|Интерфакс|ПРАЙМ)\)?\.?$",
    )
]

_BYLINES = [
    re.compile(p)
    for p in (
        # "Автор: Иван Петров", "Текст: ...", "Беседовал Иван Петров", "Texte : Jean Dupont".
        rf"^(?i:автор[ыа]?|текст|подготовил[аи]?|беседовал[аи]?|записал[аи]?|материал "
        rf"подготовил[аи]?|texte|propos recueillis par|r[ée]dig[ée] par)\s*:?\s*{_NAMES}$",
        # "Корреспондент ТАСС в Лондоне Иван Петров", "Обозреватель РИА Новости Анна Котова".
        rf"^(?i:корреспондент|спецкор|спецкорр\.?|собкор|собственный корреспондент|"
        rf"специальный корреспондент|обозреватель|корр\.)(?:\s+(?:{_AGENCY_WORDS}))?"
        rf"(?:\s+в\s+[{_UP}][{_LO}\-]+)?\s+{_NAMES}$",
        # "De notre envoyé spécial à Kiev, Jean Dupont", "De notre correspondante à Moscou".
        r"^De\s+(?:notre|nos)\s+(?:envoy[ée]e?s?\s+sp[ée]ciale?s?|correspondante?s?)\b"
        r"[^.!?]{0,100}$",
        # "Jean Dupont, envoyé spécial à Kiev", "Marie Martin, correspondante à Moscou".
        rf"^{_NAME},\s+(?:envoy[ée]e?\s+sp[ée]ciale?|correspondante?|journaliste)\b"
        r"[^.!?]{0,60}$",
    )
]
_PAR_RE = re.compile(
    rf"^Par\s+(?P<names>[{_UP}][^\s,]*(?:[\s,]+[^\s,]+){{0,11}}?)"
    r"(?:\s*,\s*(?:envoy[ée]e?\s+sp[ée]ciale?|correspondante?|journaliste|avec|à)\b.{0,60})?$"
)
_NAME_GLUE = frozenset({"et", "de", "du", "des", "la", "le", "d'", "van", "von", "и"})
# A bare reporter's name, as Russian sites set bylines under the headline: Cyrillic only
# (an English header keeps its rules), and the surname's suffix tells it from a place
# ("Нижний Новгород") or a phrase.
_CYR_UP, _CYR_LO = "А-ЯЁ", "а-яё"
_BARE_NAME_RE = re.compile(
    rf"^[{_CYR_UP}][{_CYR_LO}]+(?:-[{_CYR_UP}][{_CYR_LO}]+)?(?:[ ][{_CYR_UP}][{_CYR_LO}]+)?"
    rf"[ ][{_CYR_UP}][{_CYR_LO}]*"
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|ской|енко|ук|юк|чук|"
    r"ич|вич|дзе|швили|ян|янц|ец|их|ых|ко)$"
)

_CREDIT_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:фото|фотография|источник фото|иллюстрация|кадр|коллаж)\s*(?::|©)\s*"
        r"(?P<credit>\S.{0,120})$",
        rf"^фото\s+(?P<credit>(?:©\s*)?(?-i:[{_UP}]).{{1,100}})$",
        # French only: English "Photo:", "Credit:" lines are the English reader's.
        r"^(?:crédits?(?:\s+photos?)?|credits?\s+photos?|source\s+photo|illustration)\s*:\s*"
        r"(?P<credit>\S.{0,120})$",
    )
]
# "Иван Петров/ТАСС", "РИА Новости / Иван Петров", "AFP / Ludovic Marin", "(AFP/Archives)":
# a name of up to four words, so a scraped "<caption> <name>/ТАСС" line is no credit.
_RU_FR_AGENCIES = r"(?:ТАСС|ИТАР-ТАСС|РИА Новости|Интерфакс|Спутник|Sputnik|AFP|Reuters|AP|EPA)"
_CREDIT_WHOLE_RE = re.compile(
    rf"^\(?(?P<credit>[{_UP}][{_LO}{_UP}.\-]*(?:[ ][{_LO}{_UP}.\-]+){{0,3}}\s*/\s*{_RU_FR_AGENCIES}"
    rf"|{_RU_FR_AGENCIES}\s*/\s*[^()]{{2,80}})\)?$"
)
_CAPTION_CREDIT_RE = re.compile(
    rf"^(?P<caption>.{{8,}}?)\s*(?:\((?P<paren>{_RU_FR_AGENCIES}\s*/\s*[^()]{{2,60}})\)"
    # A "©" credit of a Russian or French caption: Cyrillic, or an agency of theirs.
    rf"|©\s*(?P<copy>[^©]{{0,60}}(?:[А-ЯЁа-яё]|{_RU_FR_AGENCIES})[^©]{{0,60}})"
    r"|(?i:фото|photo)\s*:\s*(?P<after>[^.]{2,80}))\s*\.?$"
)

_TIMESTAMPS = re.compile(
    r"^(?:(?:опубликовано|обновлено|дата публикации|publi[ée](?:\s+le)?|mis à jour(?:\s+le)?|"
    r"modifi[ée](?:\s+le)?|mise à jour)\s*:?\s*.{0,80}"
    # RIA Novosti: "14:35 12.03.2025 (обновлено: 15:02 12.03.2025)".
    r"|\d{1,2}:\d{2}\s*,?\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:\s*\([^()]{0,60}\))?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s+(?:в\s+|à\s+)?\d{1,2}[:h]\d{2}(?:\s*\([^()]{0,60}\))?"
    # "12 мар, 14:35", "12 МАРТА 2025, 14:35", "Le 12 mars 2025 à 14h35".
    r"|(?:le\s+)?\d{1,2}(?:er)?\s+\w{3,9}\.?(?:\s+\d{4})?,?\s+(?:в\s+|à\s+)?\d{1,2}[:h]\d{2}"
    r"(?:\s*\([^()]{0,60}\))?)$",
    re.IGNORECASE,
)


def section(text: str) -> bool:
    """A Russian or French site section or menu line (``Все новости``, ``Météo``,
    ``Actualité Bretagne``)."""
    low = text.lower().strip(" :")
    return low in SECTIONS or _REGIONAL_SECTION_RE.match(text.strip(" :")) is not None


def trailer(text: str, *, at_end: bool = False) -> bool:
    """A Russian or French sign-off or page-furniture line (``at_end``: as a last line)."""
    low = text.casefold()
    if any(notice in low for notice in _NOTICES):
        return True
    if any(p.search(text) for p in _TRAILER_ANYWHERE):
        return True
    return at_end and any(p.search(text) for p in _TRAILER_AT_END)


def byline(text: str) -> bool:
    """A Russian or French byline: ``Автор: Иван Петров``, ``Корреспондент ТАСС Иван
    Петров``, ``Par Jean Dupont et Marie Martin``, ``De notre envoyé spécial à Kiev``."""
    if len(text) > 160 or text.rstrip().endswith("."):
        return False
    if any(p.match(text) for p in _BYLINES):
        return True
    m = _PAR_RE.match(text)
    if m is None:
        return False
    words = [w for w in re.findall(r"[^\s,]+", m.group("names")) if w.lower() not in _NAME_GLUE]
    capitalized = sum(w[:1].isupper() for w in words)
    return bool(words) and capitalized * 3 >= len(words) * 2


def bare_name(text: str) -> bool:
    """A line that is only a reporter's name in Cyrillic (``Анна Котова``)."""
    return _BARE_NAME_RE.match(text.strip()) is not None


def credit_of(text: str) -> str | None:
    """The credit of a Russian or French credit line (``Фото: Иван Петров/ТАСС``,
    ``Crédit photo : AFP``, ``РИА Новости / Иван Петров``), else None."""
    for pattern in _CREDIT_LINES:
        m = pattern.match(text)
        if m:
            return m.group("credit").strip()
    m = _CREDIT_WHOLE_RE.match(text)
    return m.group("credit").strip() if m else None


def caption_with_credit(text: str) -> tuple[str, str] | None:
    """Split ``Caption (AFP / Name)``, ``Caption © Name/ТАСС``, ``Caption Фото: Name``."""
    if len(text.split()) > 80:
        return None
    m = _CAPTION_CREDIT_RE.match(text)
    if m is None:
        return None
    credit = m.group("paren") or m.group("copy") or m.group("after")
    return m.group("caption").strip(), credit.strip()


def is_timestamp(text: str) -> bool:
    """A Russian or French time line above a story (publication or update)."""
    return _TIMESTAMPS.match(text) is not None
