"""Ten wire-style stories written for the geocoder's coverage test (none is a real article).

Place mentions are marked ``[[surface|LABEL]]`` as the NER model would label them; every
kind the gazetteer must know is here: natural features, ``Place, State`` and ``Place,
Country`` forms, disputed and historic regions, subdivisions at two levels, small towns.
"""

from __future__ import annotations

import re

from storywire.tasks.records import EntityMention

STORIES: list[tuple[str | None, str]] = [
    (
        "ALTON, Ill.",
        "Floodwaters on the [[Mississippi River|LOC]] crested overnight near [[Alton, Ill.|GPE]], "
        "and officials in [[Grafton|GPE]] and [[Elsah|GPE]] closed roads. Barges were held at "
        "[[St. Louis|GPE]] while the [[Missouri|GPE]] governor sent crews to [[Hannibal, Mo.|GPE]].",
    ),
    (
        "NAIROBI, Kenya",
        "Heavy rain displaced families in [[Turkana County|GPE]] and [[Kisumu|GPE]], where "
        "[[Lake Victoria|LOC]] rose to a record. Aid reached [[Garissa|GPE]] and [[Lodwar|GPE]]; "
        "[[Uganda|GPE]] and [[Tanzania|GPE]] reported flooding along the same shore.",
    ),
    (
        "KYIV, Ukraine",
        "Shelling hit towns across the [[Donbas|LOC]] as talks on [[Crimea|GPE]] stalled. "
        "Officials in [[Donetsk Oblast|GPE]] said [[Kramatorsk|GPE]] and [[Sloviansk|GPE]] lost "
        "power, and grain ships waited in the [[Black Sea|LOC]] off [[Odesa|GPE]].",
    ),
    (
        "BAKU, Azerbaijan",
        "Refugees from [[Nagorno-Karabakh|GPE]] crossed into [[Armenia|GPE]] through the "
        "[[Lachin|GPE]] corridor. Oil output in the [[Caspian Sea|LOC]] was steady, and "
        "[[Russia|GPE]] called for calm; [[Goris|GPE]] opened shelters.",
    ),
    (
        "WORCESTER, England",
        "Farmers in [[Worcestershire|GPE]] and [[Herefordshire|GPE]] counted losses after the "
        "[[River Severn|LOC]] burst its banks at [[Upton upon Severn|GPE]]. [[Tewkesbury|GPE]] "
        "in [[Gloucestershire|GPE]] was cut off, the Environment Agency said from [[Bristol|GPE]].",
    ),
    (
        "NOVOSIBIRSK, Russia",
        "Wildfires spread across [[Siberia|LOC]] from [[Novosibirsk Oblast|GPE]] to "
        "[[Tomsk Oblast|GPE]], and smoke reached [[Barnaul|GPE]]. Firefighters along the "
        "[[Ob River|LOC]] were joined by crews from [[Kazakhstan|GPE]].",
    ),
    (
        "SRINAGAR, India",
        "Troops were sent to [[Kashmir|GPE]] after a clash near [[Kupwara|GPE]]. "
        "[[Pakistan|GPE]] protested from [[Islamabad|GPE]], while [[Ladakh|GPE]] and the "
        "[[Siachen Glacier|LOC]] stayed calm, officials in [[New Delhi|GPE]] said.",
    ),
    (
        "BOGOTA, Colombia",
        "Coca crops in [[Putumayo|GPE]] fell, the government said in [[Bogotá, Colombia|GPE]]. "
        "Along the [[Amazon River|LOC]] near [[Leticia|GPE]], patrols met [[Peru|GPE]] and "
        "[[Brazil|GPE]] forces; [[Medellín|GPE]] hosted the talks.",
    ),
    (
        "RABAT, Morocco",
        "The envoy visited [[Western Sahara|GPE]] and [[Laayoune|GPE]] before flying to "
        "[[Algiers|GPE]]. Dust from the [[Sahara|LOC]] closed the road to [[Dakhla|GPE]], "
        "and [[Mauritania|GPE]] shut a crossing near [[Guerguerat|GPE]].",
    ),
    (
        "DENVER",
        "A wildfire in [[Boulder County|GPE]] forced evacuations in [[Nederland, Colo.|GPE]] "
        "and [[Lyons|GPE]]. Smoke drifted over the [[Rocky Mountains|LOC]] into "
        "[[Wyoming|GPE]], and [[Fort Collins|GPE]] opened a shelter at [[Colorado|GPE]] State.",
    ),
]

_MARK = re.compile(r"\[\[([^|\]]+)\|([A-Z]+)\]\]")


def parse(marked: str) -> tuple[str, list[EntityMention]]:
    """Body text and its mentions from ``[[surface|LABEL]]`` marks."""
    body, mentions, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        body.append(marked[pos : m.start()])
        length += m.start() - pos
        surface, label = m.group(1), m.group(2)
        mentions.append(
            EntityMention(length, length + len(surface), surface, label, 0, surface, surface)
        )
        body.append(surface)
        length += len(surface)
        pos = m.end()
    body.append(marked[pos:])
    return "".join(body), mentions
