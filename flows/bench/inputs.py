"""The benchmark's input: corpus stories (cycled to any count) or generated wire stories,
written as raw files the ingest flow reads.

``generate_story`` is also the test suite's story generator (``tests/storygen.py``), so the
tests and the benchmark share one generator.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
        yield InputDoc(f"{i:06d}_{doc.name}", text, doc.published, doc.origin)


def write_input(
    folder: Path, n: int, *, source: str = "auto", corpora: Path = DEFAULT_CORPORA, seed: int = 11
) -> dict:
    """Write ``n`` raw story files (plus ``NAME.meta.json`` sidecars) into ``folder``.

    ``source``: "corpus" (../shared/corpora, error when absent), "generated", or "auto"
    (corpus when present). Returns what was written, per origin.
    """
    if source not in ("auto", "corpus", "generated"):
        raise ValueError(f"source must be auto, corpus or generated, not {source!r}")
    base = corpus_docs(corpora) if source != "generated" and corpora.is_dir() else []
    if source == "corpus" and not base:
        raise BenchmarkError(f"no corpus stories under {corpora} (lee_news, tbaq, ieer)")
    if base:
        docs = _cycled(base, n)
        used = "corpus"
    else:
        rng = random.Random(seed)
        docs = (InputDoc(f"{i:06d}_generated", *generate_story(i, rng)) for i in range(n))
        used = "generated"
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    size = 0
    for doc in docs:
        path = folder / f"{doc.name}.txt"
        data = doc.text.encode("utf-8")
        path.write_bytes(data)
        size += len(data)
        if doc.published:
            (folder / f"{doc.name}.meta.json").write_text(
                json.dumps({"published": doc.published}), encoding="utf-8"
            )
        counts[doc.origin] = counts.get(doc.origin, 0) + 1
    return {
        "source": used,
        "files": n,
        "bytes": size,
        "origins": counts,
        "distinct_base_stories": len(base) if base else n,
    }


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
