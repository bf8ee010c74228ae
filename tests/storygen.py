"""Generate many varied, realistic wire stories for fault and scale tests.

Deterministic for a seed: the same call always writes the same files, so a faulty run can be
compared with a clean one. Every story is different (place, people, numbers, dates vary) and
written in one of the agency layouts the parser supports.
"""

from __future__ import annotations

import random
from pathlib import Path

PLACES = [
    ("NAIROBI", "Kenya"), ("LIMA", "Peru"), ("HANOI", "Vietnam"), ("OSLO", "Norway"),
    ("ACCRA", "Ghana"), ("QUITO", "Ecuador"), ("RIGA", "Latvia"), ("MANILA", "Philippines"),
    ("TUNIS", "Tunisia"), ("DHAKA", "Bangladesh"), ("BOGOTA", "Colombia"), ("TBILISI", "Georgia"),
]
PEOPLE = [
    "Amina Odhiambo", "Carlos Quispe", "Nguyen Thi Lan", "Ingrid Solberg", "Kwame Mensah",
    "Lucia Andrade", "Janis Ozols", "Maria Santos", "Youssef Trabelsi", "Farida Rahman",
    "Andres Rojas", "Nino Beridze",
]
ROLES = ["finance minister", "central bank governor", "port authority director", "energy minister",
         "mayor", "health minister", "transport minister", "trade union leader"]
TOPICS = [
    ("grain exports", "tonnes of grain", "shipments"),
    ("electricity prices", "megawatt hours", "tariffs"),
    ("bus fares", "passengers a day", "routes"),
    ("fishing quotas", "tonnes of fish", "licences"),
    ("coffee harvest", "bags of coffee", "growers"),
    ("hospital waiting lists", "patients", "clinics"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def story(i: int, rng: random.Random) -> str:
    city, country = rng.choice(PLACES)
    person, role = rng.choice(PEOPLE), rng.choice(ROLES)
    topic, unit, thing = rng.choice(TOPICS)
    month, day, year = rng.randrange(12), rng.randint(1, 28), rng.randint(2015, 2024)
    weekday = rng.choice(DAYS)
    amount = rng.randint(10, 990) * 100
    pct = rng.randint(2, 40)
    past = year - rng.randint(1, 6)
    surname = person.split()[-1]
    place = city.title()
    headline = f"{country} {topic} {'rise' if i % 2 else 'fall'} {pct}% as {thing} {'expand' if i % 2 else 'shrink'}"
    lead = {
        0: f"{city}, {MONTHS[month]} {day}, {year} (Reuters) - ",
        1: f"{city}, {country} (AP) — ",
        2: f"{city}, {MONTHS[month]} {day}. /TASS/. ",
    }[i % 3]
    paragraphs = [
        f"{lead}{country}'s {topic} changed by {pct} percent to {amount:,} {unit} in {MONTHS[month]}, "
        f"the {role} said on {weekday}, in the clearest sign yet of a shift since {past}.",
        f'"We expect {thing} to keep adjusting over the next three months," {person} told reporters '
        f"in {place}, adding that a review would be published in {MONTHS[(month + 2) % 12]}.",
        f"{surname} said the government would meet regional officials next week. Figures for "
        f"the first quarter of {year} showed a smaller change, and analysts said story {i} of the "
        f"series would not be the last word on {topic}.",
    ]
    if i % 3 == 0:
        paragraphs.append("(Reporting by Staff; Editing by Desk)")
    return f"{headline}\n\n" + "\n\n".join(paragraphs) + "\n"


def write_stories(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"story_{i:05d}.txt"
        p.write_text(story(i, rng), encoding="utf-8")
        paths.append(p)
    return paths
