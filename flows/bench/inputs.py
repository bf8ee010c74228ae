"""The benchmark's input: corpus stories (cycled to any count) or generated wire stories,
written as raw files the ingest flow reads; a mixed run interleaves generated Russian and
French wire stories with the English ones.

``generate_story`` is also the test suite's story generator (``tests/storygen.py``), so the
tests and the benchmark share one generator. ``generate_story_ru``/``generate_story_fr``
write TASS, RIA Novosti and Interfax copy in Russian and AFP and Reuters copy in French from
the vocabularies of ``vocabulary_ru_fr``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from storywire.flows.bench import vocabulary_ru_fr as v
from storywire.flows.bench.errors import BenchmarkError

#: ``../shared/corpora`` beside the project (read-only evaluation data; never copied in).
DEFAULT_CORPORA = Path(
    os.environ.get("STORYWIRE_CORPORA", Path(__file__).resolve().parents[3] / "shared" / "corpora")
)

#: (corpus folder, text field, whether its ``dct`` becomes a ``published`` sidecar).
CORPUS_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("lee_news", "raw", False),
    ("tbaq", "text", True),
    ("ieer", "text", False),
)


@dataclass(frozen=True, slots=True)
class InputDoc:
    name: str  # file stem, e.g. "00042_lee_news"
    text: str
    published: str | None = None  # ISO date for the sidecar
    origin: str = "generated"
    language: str = "en"  # the language it is written in (what the flow should detect)


def corpus_docs(corpora: Path) -> list[InputDoc]:
    """The corpus stories, interleaved round-robin so any prefix mixes all three sources."""
    per_source: list[list[InputDoc]] = []
    for folder, field, sidecar in CORPUS_FIELDS:
        path = corpora / folder / "gold.jsonl"
        if not path.is_file():
            continue
        docs = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                text = rec.get(field)
                if text and text.strip():
                    published = rec.get("dct") if sidecar else None
                    docs.append(
                        InputDoc(name=folder, text=text, published=published, origin=folder)
                    )
        per_source.append(docs)
    out: list[InputDoc] = []
    for i in range(max((len(d) for d in per_source), default=0)):
        out.extend(d[i] for d in per_source if i < len(d))
    return out


def _cycled(base: list[InputDoc], n: int) -> Iterator[InputDoc]:
    """``n`` documents from ``base``, cycling it when ``n`` is larger.

    A copy made on the k-th pass (k >= 1) gets one extra, numbered closing paragraph: its
    bytes and content hash differ, so the flow reads and enriches it as a new story (its
    MinHash still marks it a near duplicate of the original, which is realistic for wire
    copy re-sent with an added line, and does not change the work done per story).
    """
    for i in range(n):
        doc = base[i % len(base)]
        k = i // len(base)
        text = doc.text
        if k:
            text = text.rstrip() + (
                f"\n\nThis is repeat {k} of this story in benchmark batch item {i + 1}; "
                f"it was filed again on day {k} of the series.\n"
            )
        yield InputDoc(f"{i:06d}_{doc.name}", text, doc.published, doc.origin, doc.language)


#: What ``write_input`` can write; MIXED is English with Russian and French interleaved.
MIXED = "mixed"
SOURCES = ("auto", "corpus", "generated", MIXED)
#: A mixed input: of every MIXED_EVERY stories, these positions are Russian and French, the
#: rest English; any prefix of four stories or more holds the three languages.
MIXED_EVERY = 5
MIXED_SLOTS: dict[int, str] = {1: "ru", 3: "fr"}


def _english_docs(
    n: int, source: str, corpora: Path, seed: int
) -> tuple[Iterator[InputDoc], str, int]:
    """``n`` English stories as ``source`` gives them: (documents, "corpus" or "generated",
    distinct base stories)."""
    base = corpus_docs(corpora) if source != "generated" and corpora.is_dir() else []
    if source == "corpus" and not base:
        raise BenchmarkError(f"no corpus stories under {corpora} (lee_news, tbaq, ieer)")
    if base:
        return _cycled(base, n), "corpus", len(base)
    rng = random.Random(seed)
    return (InputDoc(f"{i:06d}_generated", *generate_story(i, rng)) for i in range(n)), "generated", n


def mixed_language(position: int) -> str:
    """The language of the story at ``position`` of a mixed input."""
    return MIXED_SLOTS.get(position % MIXED_EVERY, "en")


def mixed_docs(n: int, english: Iterator[InputDoc], seed: int) -> Iterator[InputDoc]:
    """``n`` stories: the ``english`` ones in their order, with generated Russian and French
    stories at the positions ``mixed_language`` gives; named by position, so the files sort
    in the interleaved order."""
    generators = {"ru": generate_story_ru, "fr": generate_story_fr}
    # One random stream per language, so the English stories are those "auto" gives.
    rngs = {lang: random.Random(f"{lang}:{seed}") for lang in generators}
    made = dict.fromkeys(generators, 0)
    for pos in range(n):
        lang = mixed_language(pos)
        if lang == "en":
            doc = next(english)
            stem = doc.name.split("_", 1)[-1]
            yield InputDoc(f"{pos:06d}_{stem}", doc.text, doc.published, doc.origin, "en")
            continue
        text, published = generators[lang](made[lang], rngs[lang])
        made[lang] += 1
        yield InputDoc(f"{pos:06d}_generated_{lang}", text, published, f"generated_{lang}", lang)


def write_input(
    folder: Path,
    n: int,
    *,
    source: str = "auto",
    corpora: Path = DEFAULT_CORPORA,
    seed: int = 11,
    languages: Collection[str] | None = None,
) -> dict:
    """Write ``n`` raw story files (plus ``NAME.meta.json`` sidecars) into ``folder``.

    ``source``: "corpus" (../shared/corpora, error when absent), "generated", "auto"
    (corpus when present), or "mixed" (the stories "auto" gives, with one in
    ``MIXED_EVERY`` Russian and one French generated story interleaved). ``languages``
    keeps only the stories in those languages, under the same names (the part of a mixed
    input in one language). Returns what was written, per origin and language.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    if source == MIXED:
        n_en = sum(mixed_language(pos) == "en" for pos in range(n))
        english, used, distinct = _english_docs(n_en, "auto", corpora, seed)
        docs = mixed_docs(n, english, seed)
        distinct += n - n_en
    else:
        docs, used, distinct = _english_docs(n, source, corpora, seed)
    if languages is not None:
        docs = (d for d in docs if d.language in languages)
    written = _write_docs(folder, docs)
    return {
        "source": MIXED if source == MIXED else used,
        "english_source": used,
        **written,
        "distinct_base_stories": distinct,
    }


def _write_docs(folder: Path, docs: Iterator[InputDoc]) -> dict:
    """Each document as ``NAME.txt`` (and its sidecar); counts and bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    origins: dict[str, int] = {}
    langs: dict[str, int] = {}
    size = files = 0
    for doc in docs:
        data = doc.text.encode("utf-8")
        (folder / f"{doc.name}.txt").write_bytes(data)
        size += len(data)
        files += 1
        if doc.published:
            (folder / f"{doc.name}.meta.json").write_text(
                json.dumps({"published": doc.published}), encoding="utf-8"
            )
        origins[doc.origin] = origins.get(doc.origin, 0) + 1
        langs[doc.language] = langs.get(doc.language, 0) + 1
    return {"files": files, "bytes": size, "origins": origins, "languages": langs}


# Template material for generated stories: invented people, real places and agencies.
_AGENCIES = [
    # (agency credit, dateline layout); {CITY} upper case, {City} title case.
    ("Reuters", "{CITY}, {Month} {day} (Reuters) - "),
    ("AP", "{CITY}, {Country} (AP) — "),
    ("AFP", "{CITY} (AFP) - "),
    ("TASS", "{CITY}, {Month} {day}. /TASS/. "),
    ("Xinhua", "{CITY}, {Month} {day} (Xinhua) -- "),
    ("dpa", "{City} (dpa) - "),
    ("Kyodo", "{CITY}, {Month} {day} Kyodo - "),
    ("UPI", "{CITY}, {Month} {day} (UPI) -- "),
]
_PLACES = [
    ("Nairobi", "Kenya"),
    ("Lima", "Peru"),
    ("Hanoi", "Vietnam"),
    ("Oslo", "Norway"),
    ("Accra", "Ghana"),
    ("Quito", "Ecuador"),
    ("Riga", "Latvia"),
    ("Manila", "Philippines"),
    ("Tunis", "Tunisia"),
    ("Dhaka", "Bangladesh"),
    ("Bogota", "Colombia"),
    ("Tbilisi", "Georgia"),
    ("Baku", "Azerbaijan"),
    ("Santiago", "Chile"),
    ("Lisbon", "Portugal"),
    ("Warsaw", "Poland"),
    ("Jakarta", "Indonesia"),
    ("Ankara", "Turkey"),
    ("Canberra", "Australia"),
    ("Ottawa", "Canada"),
]
_FIRST = [
    "Amina",
    "Carlos",
    "Lan",
    "Ingrid",
    "Kwame",
    "Lucia",
    "Janis",
    "Maria",
    "Youssef",
    "Farida",
    "Andres",
    "Nino",
    "Tomasz",
    "Helena",
    "Rashid",
    "Keiko",
    "Pedro",
    "Olga",
]
_LAST = [
    "Odhiambo",
    "Quispe",
    "Nguyen",
    "Solberg",
    "Mensah",
    "Andrade",
    "Ozols",
    "Santos",
    "Trabelsi",
    "Rahman",
    "Rojas",
    "Beridze",
    "Nowak",
    "Costa",
    "Aliyev",
    "Tanaka",
    "Silva",
]
_ROLES = [
    "finance minister",
    "central bank governor",
    "port authority director",
    "energy minister",
    "mayor",
    "health minister",
    "transport minister",
    "trade union leader",
    "opposition leader",
    "chief economist at the national bank",
]
_BODIES = [
    "the Ministry of Finance",
    "the National Statistics Office",
    "the central bank",
    "the World Bank",
    "the International Monetary Fund",
    "the European Commission",
    "the state railway company",
    "the national electoral commission",
]
_TOPICS = [
    ("grain exports", "tonnes of grain", "shipments"),
    ("electricity prices", "megawatt hours", "tariffs"),
    ("bus fares", "passengers a day", "routes"),
    ("fishing quotas", "tonnes of fish", "licences"),
    ("coffee harvest", "bags of coffee", "growers"),
    ("hospital waiting lists", "patients", "clinics"),
    ("copper output", "tonnes of copper", "mines"),
    ("tourist arrivals", "visitors", "hotels"),
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_VERBS = ["said", "told reporters", "said in a statement", "told a news conference"]


def generate_story(i: int, rng: random.Random) -> tuple[str, str]:
    """One invented wire story (text, ISO publication date); varied layout, length, names.

    Used when ../shared is absent: realistic in shape (headline, agency dateline, quotes,
    relative and absolute dates, several people and places) so the flow does its full work.
    """
    city, country = rng.choice(_PLACES)
    other_city, other_country = rng.choice(_PLACES)
    agency, lead = rng.choice(_AGENCIES)
    names = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(3)]
    role, role2 = rng.sample(_ROLES, 2)
    body_org = rng.choice(_BODIES)
    topic, unit, thing = rng.choice(_TOPICS)
    published = dt.date(rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28))
    month, weekday = _MONTHS[published.month - 1], _WEEKDAYS[published.weekday()]
    pct, amount = rng.randint(2, 40), rng.randint(10, 990) * 100
    up = rng.random() < 0.5
    dateline = lead.format(
        CITY=city.upper(), City=city, Country=country, Month=month, day=published.day
    )
    headline = f"{country} {topic} {'rise' if up else 'fall'} {pct}% as {thing} {'expand' if up else 'shrink'}"
    paragraphs = [
        f"{dateline}{country}'s {topic} {'rose' if up else 'fell'} {pct} percent to {amount:,} "
        f"{unit} in {month}, {body_org} said on {weekday}, the {'largest' if up else 'steepest'} "
        f"change since {published.year - rng.randint(1, 6)}.",
        f'"We expect {thing} to keep adjusting over the next three months," {role} {names[0]} '
        f"{rng.choice(_VERBS)} in {city}, adding that a review would be published in "
        f"{_MONTHS[(published.month + 1) % 12]}.",
    ]
    extra = [
        f'{names[1]}, the {role2}, disagreed. "This is not a recovery, it is a pause," '
        f"{names[1].split()[-1]} said, pointing to weaker figures in {other_city}, {other_country}.",
        f"Officials from {country} and {other_country} will meet in {other_city} next week to "
        f"discuss {thing}, according to a statement from {body_org}.",
        f"Figures for the first quarter of {published.year} showed a smaller change, and "
        f"analysts said the trend could reverse by the end of the year.",
        f"{names[2]}, who has covered {topic} for two decades, said on {weekday} that "
        f"the numbers for {month} {published.year - 1} had been revised twice.",
        f"The {role2} is due to brief parliament on {_WEEKDAYS[(published.weekday() + 2) % 7]}, "
        f"three days after the figures were released.",
        f'"Nobody in {city} wants a repeat of {published.year - 2}," {names[0].split()[-1]} added.',
    ]
    rng.shuffle(extra)
    paragraphs += extra[: rng.randint(1, len(extra))]
    paragraphs.append(f"Story {i + 1} of the benchmark series.")
    if agency == "Reuters":
        paragraphs.append(
            f"(Reporting by {names[2]}; Editing by {rng.choice(_FIRST)} {rng.choice(_LAST)})"
        )
    return f"{headline}\n\n" + "\n\n".join(paragraphs) + "\n", published.isoformat()


def _story_date(rng: random.Random) -> dt.date:
    return dt.date(rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28))


def generate_story_ru(i: int, rng: random.Random) -> tuple[str, str]:
    """One invented Russian wire story (text, ISO publication date) in a TASS, RIA Novosti
    or Interfax layout: headline, dateline, «quotes» with gendered reporting verbs, places
    in the case the sentence needs, relative and absolute dates."""
    city, other, _ = rng.sample(v.RU_CITIES, 3)
    country = rng.choice(v.RU_COUNTRIES)
    people = rng.sample(v.RU_PEOPLE, 3)
    (role0, _), (role1, _) = rng.sample(v.RU_ROLES, 2)
    topic, went_up, went_down, unit = rng.choice(v.RU_TOPICS)
    published = _story_date(rng)
    month = published.month - 1
    pct, amount = rng.randint(2, 40), rng.randint(10, 990)
    up = rng.random() < 0.5

    def name(p: tuple[str, str, str]) -> str:
        return f"{p[0]} {p[1]}"

    def verb(p: tuple[str, str, str], k: int | None = None) -> str:
        forms = v.RU_VERBS[k if k is not None else rng.randrange(len(v.RU_VERBS))]
        return forms[p[2] == "f"]

    agency = rng.choice(("tass", "ria", "interfax"))
    place = city[0]
    if agency == "tass":
        dateline = f"{place.upper()}, {published.day} {v.RU_MONTHS_GEN[month]}. /ТАСС/. "
    elif agency == "ria":
        dateline = f"{place.upper()}, {published.day} {v.RU_MONTHS_RIA[month]} — РИА Новости. "
    else:
        dateline = f"{place}. {published.day} {v.RU_MONTHS_GEN[month]}. ИНТЕРФАКС - "
    change = went_up if up else went_down
    headline = f"{topic} {city[1]} {change} на {pct}%"
    p0, p1, p2 = people
    paragraphs = [
        f"{dateline}{topic} {city[1]} {change} на {pct}% в {v.RU_MONTHS_LOC[month]} "
        f"{published.year} года, до {amount} тыс. {unit}. Об этом "
        f"{v.RU_WEEKDAYS_ACC[published.weekday()]} сообщили {rng.choice(v.RU_BODIES)}.",
        f"«Мы ожидаем, что ситуация выровняется в ближайшие три месяца», — {verb(p0)} "
        f"{role0} {name(p0)}. Отчет будет опубликован в {v.RU_MONTHS_LOC[(month + 1) % 12]}.",
    ]
    agree = "не согласна" if p1[2] == "f" else "не согласен"
    extra = [
        f"{name(p1)}, {role1}, {agree} с такой оценкой. «Это не восстановление, а пауза», — "
        f"{verb(p1)} {p1[1]}, указав на более слабые показатели {other[2][3:]}.",
        f"На следующей неделе {other[1]} пройдут переговоры с партнерами {country[2]}, "
        f"говорится в сообщении ведомства.",
        f"В первом квартале {published.year} года изменение было меньше, а аналитики "
        f"допускают, что к концу года тенденция изменится.",
        f"{name(p2)}, который два десятилетия следит за отраслью, "
        f"{verb(p2, 0)} {v.RU_WEEKDAYS_ACC[published.weekday()]}, что данные за "
        f"{v.RU_MONTHS_NOM[month]} {published.year - 1} года пересматривались дважды."
        if p2[2] == "m"
        else f"{name(p2)}, которая два десятилетия следит за отраслью, "
        f"{verb(p2, 0)} {v.RU_WEEKDAYS_ACC[published.weekday()]}, что данные за "
        f"{v.RU_MONTHS_NOM[month]} {published.year - 1} года пересматривались дважды.",
        f"По данным ведомства, поставки {country[2]} в прошлом году выросли на "
        f"{rng.randint(2, 30)}%.",
        f"«Никто {city[1]} не хочет повторения {published.year - 2} года», — "
        f"{'добавила' if p0[2] == 'f' else 'добавил'} {p0[1]}.",
        f"В {v.RU_MONTHS_LOC[month - 1]} показатель {'снижался' if up else 'рос'} третий месяц "
        f"подряд, а в целом за {published.year - 1} год изменение составило {rng.randint(1, 15)}%.",
        f"Власти региона планируют до конца года направить на поддержку отрасли "
        f"{rng.randint(2, 40)} млрд рублей, сообщила пресс-служба губернатора.",
        f"Эксперты связывают динамику со спросом {country[2]} и соседних стран.",
    ]
    rng.shuffle(extra)
    paragraphs += extra[: rng.randint(2, len(extra))]
    paragraphs.append(f"Материал {i + 1} из серии для замера скорости.")
    if agency == "tass":
        head = ["Все новости", headline]
        if rng.random() < 0.5:
            head += [f"{role0.capitalize()} {name(p0)}\n© {name(p2)}/ТАСС"]
        paragraphs.append(v.RU_TRAILERS[0])
    elif agency == "ria":
        hh, mm = rng.randint(6, 22), rng.randint(0, 59)
        head = [headline, f"{hh:02d}:{mm:02d} {published:%d.%m.%Y}"]
        paragraphs.append(v.RU_TRAILERS[1])
    else:
        head = [headline]
    return "\n\n".join(head + paragraphs) + "\n", published.isoformat()


def generate_story_fr(i: int, rng: random.Random) -> tuple[str, str]:
    """One invented French wire story (text, ISO publication date) in an AFP or Reuters
    layout: headline, maybe a byline, dateline, « guillemets » quotes, countries with their
    articles, weekdays and dates."""
    city, other = rng.sample(v.FR_CITIES, 2)
    country, other_country = rng.sample(v.FR_COUNTRIES, 2)
    p0, p1, p2 = rng.sample(v.FR_PEOPLE, 3)
    role0, role1 = rng.sample(v.FR_ROLES, 2)
    topic, went_up, went_down, unit = rng.choice(v.FR_TOPICS)
    published = _story_date(rng)
    month, day = v.FR_MONTHS[published.month - 1], published.day
    weekday = v.FR_WEEKDAYS[published.weekday()]
    pct, amount = rng.randint(2, 40), rng.randint(10, 990) * 100
    up = rng.random() < 0.5

    def name(p: tuple[str, str, str]) -> str:
        return f"{p[0]} {p[1]}"

    def role(p: tuple[str, str, str], r: tuple[str, str]) -> str:
        title = r[p[2] == "f"]
        if title[0] in "aeéèiouAEÉIOU":  # elided: "l'économiste"
            return f"l'{title}"
        return f"{'la' if p[2] == 'f' else 'le'} {title}"

    layout = rng.choice(("afp", "afp_short", "reuters"))
    if layout == "afp":
        dateline = f"{city.upper()}, {day} {month} {published.year} (AFP) - "
    elif layout == "afp_short":
        dateline = f"{city} (AFP) - "
    else:
        dateline = f"{city.upper()}, {day} {month} (Reuters) - "
    aux = "ont" if topic.startswith("Les ") else "a"
    change = went_up if up else went_down
    headline = f"{topic} {country[1]} {aux} {change} de {pct}% en {month}"
    amount_text = f"{amount:,}".replace(",", "\u00a0")
    paragraphs = [
        f"{dateline}{topic} {aux} {change} de {pct}% {country[1]} en {month} {published.year}, "
        f"à {amount_text} {unit}, selon des chiffres publiés {weekday} par "
        f"{rng.choice(v.FR_BODIES)}.",
        f"«\u00a0Nous prévoyons un ajustement au cours des trois prochains mois\u00a0», "
        f"{rng.choice(v.FR_VERBS)} {role(p0, role0)} {name(p0)} à {city}. Un rapport sera "
        f"publié en {v.FR_MONTHS[published.month % 12]}.",
    ]
    extra = [
        f"{name(p1)}, {role(p1, role1)}, conteste cette lecture. «\u00a0Ce n'est pas une "
        f"reprise, c'est une pause\u00a0», {rng.choice(v.FR_VERBS)} {p1[1]}, citant des "
        f"chiffres plus faibles à {other}.",
        f"Des représentants {country[2]} et {other_country[2]} se réuniront la semaine "
        f"prochaine à {other}, selon un communiqué.",
        f"Au premier trimestre {published.year}, la variation était plus faible, et des "
        f"analystes estiment que la tendance pourrait s'inverser d'ici la fin de l'année.",
        f"{name(p2)}, qui suit le secteur depuis vingt ans, a indiqué {weekday} que les "
        f"chiffres de {month} {published.year - 1} avaient été révisés deux fois.",
        f"{role(p1, role1)[0].upper()}{role(p1, role1)[1:]} doit présenter ses conclusions "
        f"{v.FR_WEEKDAYS[(published.weekday() + 2) % 7]}, trois jours après la publication.",
        f"«\u00a0Personne à {city} ne veut revivre {published.year - 2}\u00a0», a ajouté {p0[1]}.",
        f"En {v.FR_MONTHS[published.month - 2]}, l'indicateur avait {went_down if up else went_up} "
        f"pour le troisième mois consécutif, et sur l'ensemble de l'année {published.year - 1} la "
        f"variation avait atteint {rng.randint(1, 15)}%.",
        f"La région prévoit de consacrer {rng.randint(2, 40)} millions d'euros au secteur d'ici la "
        f"fin de l'année, a annoncé la préfecture {weekday}.",
        f"Selon les économistes, cette évolution s'explique en partie par la demande venue "
        f"{other_country[2]}.",
    ]
    rng.shuffle(extra)
    paragraphs += extra[: rng.randint(2, len(extra))]
    paragraphs.append(f"Dépêche {i + 1} de la série de mesure.")
    head = [headline]
    if layout != "reuters" and rng.random() < 0.5:
        head.append(f"Par {p2[0]} {p2[1].upper()}")
    if layout != "reuters":
        initials = "".join(w[0] for w in name(p2).lower().split())
        paragraphs.append(f"{initials}/{''.join(w[0] for w in name(p1).lower().split())}")
    return "\n\n".join(head + paragraphs) + "\n", published.isoformat()


def write_long_inputs(
    folder: Path, prose_bytes: int, short_lines: int, seed: int = 11
) -> dict[str, Path]:
    """The two inputs that stress NER memory, each alone in a folder of its own: one story of
    about ``prose_bytes`` of generated prose paragraphs, and a file of ``short_lines`` short
    lines with no blank line between them (one huge paragraph)."""
    rng = random.Random(seed)
    prose_dir, lines_dir = folder / "long-prose", folder / "short-lines"
    prose_dir.mkdir(parents=True, exist_ok=True)
    lines_dir.mkdir(parents=True, exist_ok=True)
    paragraphs, size, i = [], 0, 0
    while size < prose_bytes:
        text, _ = generate_story(i, rng)
        for para in text.split("\n\n")[1:]:  # the body paragraphs, without the headline
            paragraphs.append(para.strip())
            size += len(para.encode()) + 2
        i += 1
    body = "\n\n".join(paragraphs)[: max(0, prose_bytes - 200)]
    prose = prose_dir / "long_report.txt"
    prose.write_text(f"Annual review of regional trade figures\n\n{body}\n", encoding="utf-8")
    lines = [
        f"{_MONTHS[n % 12]} {n % 28 + 1}: {rng.choice(_PLACES)[0]} port logged {n % 97 + 3} arrivals"
        for n in range(short_lines)
    ]
    listing = lines_dir / "port_log.txt"
    listing.write_text("Port arrivals log\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return {"long_prose": prose, "short_lines": listing}
