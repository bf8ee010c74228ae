"""Labels, word lists and the whitespace rule the entity modules share.

Lists are lower-case unless they match written forms (agency spellings); membership is
tested on ``token.lower_`` or ``str.casefold()`` by the callers.
"""

from __future__ import annotations

import re

__all__ = [
    "ADMIN_HEADS",
    "BUILT_HEADS",
    "COMPANY_SUFFIXES",
    "COMPASS_WORDS",
    "COUNTRY_ABBREVIATIONS",
    "DASHES",
    "DETERMINERS",
    "FOREIGN_NATURAL_FIRST",
    "FOREIGN_NATURAL_LAST",
    "HONORIFICS",
    "INTERNATIONAL_ORGANIZATIONS",
    "IRREGULAR_NATIONALITIES",
    "KEEP_DETERMINER",
    "MONTHS_DAYS",
    "NAMED_LABELS",
    "NAME_STOPS",
    "NATURAL_FIRST",
    "NATURAL_HEADS",
    "NATURAL_NOUNS_AFTER",
    "NEWS_AGENCIES",
    "NO_COMMA",
    "NO_NUMBERS",
    "ORG_APPOSITION_NOUNS",
    "ORG_CONNECTORS",
    "ORG_HEADS",
    "PLACE_HYPHEN_WORDS",
    "PLACE_LABELS",
    "PLACE_NOUNS",
    "PLACE_PREPOSITIONS",
    "POSSESSIVE",
    "RESERVE_QUALIFIERS",
    "SHORT_WORDS",
    "SPORTING_NATIONS",
    "SPORTS_WORDS",
    "SUBDIVISION_NOUNS",
    "TEAM_CUES",
    "TITLES",
    "norm_form",
]

# Name-like spaCy labels. Numeric ones (DATE, MONEY, CARDINAL...) belong to the TIMEX and
# quantity extractors, not to the entity table.
NAMED_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
        "MISC",  # the other languages' pipelines' (entities.labels): no English pipeline says it
    }
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Wire services and their usual spellings in credits and datelines.
NEWS_AGENCIES: tuple[str, ...] = (
    "Reuters",
    "REUTERS",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "Agence France Presse",
    "TASS",
    "ITAR-TASS",
    "Itar-Tass",
    "Xinhua",
    "XINHUA",
    "Interfax",
    "INTERFAX",
    "UPI",
    "United Press International",
    "dpa",
    "DPA",
    "Kyodo",
    "Kyodo News",
    "Yonhap",
    "ANSA",
    "EFE",
    "PTI",
    "Press Trust of India",
    "IANS",
    "IRNA",
    "Anadolu",
    "Anadolu Agency",
    "RIA Novosti",
    "Ria Novosti",
    "Sputnik",
    "Bloomberg",
    "Azertac",
    "AZERTAC",
    "BelTA",
    "Ukrinform",
    "Bernama",
    "KCNA",
    "CTK",
    "PAP",
    "MTI",
    "BTA",
    "Tanjug",
    "HINA",
    "ANP",
    "Belga",
    "KUNA",
    "QNA",
    "WAFA",
)

# International organisations news names every day, which the small model misses in plain
# sight ("UNICEF and Doctors Without Borders are running ...": no entity). Matched only where
# the model found nothing (the ruler never cuts "UN Security Council" short); names that are
# also words or other bodies' acronyms ("ICC": the court or cricket's council) are left out.
INTERNATIONAL_ORGANIZATIONS_TEXT = """United Nations|UN|U.N.|UNICEF|UNHCR|UNESCO|UNDP|UNEP|UNRWA|UNFPA|
    WHO|World Health Organization|World Health Organisation|WFP|World Food Programme|World Food
    Program|FAO|IAEA|International Atomic Energy Agency|ILO|OCHA|IMF|International Monetary Fund|
    World Bank|WTO|World Trade Organization|NATO|OPEC|European Union|EU|ASEAN|African Union|OSCE|
    Interpol|Red Cross|Red Crescent|International Committee of the Red Cross|ICRC|Doctors Without
    Borders|Medecins Sans Frontieres|Médecins Sans Frontières|MSF|Amnesty International|Human
    Rights Watch|Greenpeace|Oxfam|Save the Children|Gavi|European Commission|European Central
    Bank|ECB|International Energy Agency|IEA|OECD|Africa CDC|World Meteorological Organization|
    International Criminal Court|International Court of Justice"""
INTERNATIONAL_ORGANIZATIONS: tuple[str, ...] = tuple(
    " ".join(name.split()) for name in INTERNATIONAL_ORGANIZATIONS_TEXT.split("|")
)

# Titles and honorifics that news prefixes to names; they are not part of the PERSON span.
TITLES = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice-president",
        "prime",
        "minister",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sheikh",
        "emir",
        "sultan",
        "gen",
        "gen.",
        "general",
        "col",
        "col.",
        "colonel",
        "maj",
        "maj.",
        "major",
        "capt",
        "capt.",
        "captain",
        "lt",
        "lt.",
        "lieutenant",
        "sgt",
        "sgt.",
        "sergeant",
        "adm",
        "adm.",
        "admiral",
        "cmdr",
        "gov",
        "gov.",
        "governor",
        "sen",
        "sen.",
        "senator",
        "rep",
        "rep.",
        "representative",
        "congressman",
        "congresswoman",
        "judge",
        "justice",
        "mayor",
        "ambassador",
        "secretary",
        "minister",
        "deputy",
        "foreign",
        "finance",
        "defence",
        "defense",
        "interior",
        "state",
        "rev",
        "rev.",
        "reverend",
        "father",
        "bishop",
        "archbishop",
        "cardinal",
        "rabbi",
        "imam",
        "ayatollah",
        "chairman",
        "chairwoman",
        "chief",
        "executive",
        "ceo",
        "coach",
        "manager",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "champion",
        "leader",
        "spokesman",
        "spokeswoman",
        "commissioner",
        "director",
    ]
)

DETERMINERS = frozenset({"the", "a", "an"})
# Labels whose names keep a leading "the" (titles of works, "the Clean Air Act").
KEEP_DETERMINER = frozenset({"WORK_OF_ART", "LAW"})
# Trailing possessives are not part of a name ("Kenya 's").
POSSESSIVE = frozenset({"'s", "’s", "'", "’", "'S"})
# Small words an acronym skips ("International Monetary Fund" -> IMF).
ORG_CONNECTORS = frozenset(
    {"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in"}
)

# Short headline words that are words, not acronyms (the rest of <=3 letters stay upper).
_SHORT_WORDS_TEXT = """new old top win won cup day war oil set cut run out off bid big key low gas tax job
    aid act end age air arm art ban bar bed bit box boy bus buy car die dog due eye fan far
    few fit fly fun gap get gun hit hot ice ill jet law lay led let lie lot man men met mix
    net now odd own pay pot put raw red rid row sad saw say sea see sky son sun ten tie tip
    too try use vow way wet yes yet ago ask bad cap cop cry dry hat hurt kid lag lead mad
    mid pop pro rise sell sue sum tip toll van vet vie vote war win woe zoo"""
SHORT_WORDS = frozenset(_SHORT_WORDS_TEXT.split())

# Months and weekdays in front of a name ("the September Treasury auction") are not part of it.
MONTHS_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "jan.",
        "feb",
        "feb.",
        "mar",
        "mar.",
        "apr",
        "apr.",
        "jun",
        "jun.",
        "jul",
        "jul.",
        "aug",
        "aug.",
        "sep",
        "sep.",
        "sept",
        "sept.",
        "oct",
        "oct.",
        "nov",
        "nov.",
        "dec",
        "dec.",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
# A spaced dash ends a headline slug ("CRICKET - LEICESTERSHIRE").
DASHES = frozenset({"-", "--", "–", "—", "_"})
# Labels whose names hold no number (NO_NUMBERS) or comma (NO_COMMA): one there is a boundary.
NO_NUMBERS = frozenset({"PERSON", "GPE", "LOC", "NORP", "LANGUAGE"})
NO_COMMA = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC", "LANGUAGE"})
# Function words that end a company name read back from its suffix, even capitalised ("By").
NAME_STOPS = frozenset(
    {"the", "a", "an", "by", "in", "at", "for", "from", "to", "on", "with", "and", "of"}
)

# Evidence about what a name is (see :mod:`.evidence`). Lower-case, whitespace-separated.

# Titles that, written just before a name, make it a person ("Mr Lincoln", "Gov. Austin").
_HONORIFICS_TEXT = """mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady president king queen prince
    princess pope sheikh gen gen. general col col. colonel maj maj. capt capt. lt lt. sgt
    sgt. gov gov. governor sen sen. senator rep rep. judge justice mayor ambassador rev
    rev. reverend bishop archbishop cardinal rabbi imam ayatollah chancellor premier
    spokesman spokeswoman chairman chairwoman coach"""
HONORIFICS = frozenset(_HONORIFICS_TEXT.split())
# Last words of organisation names ("Foreign Ministry", "Kenya Airways", "Labour Party");
# also first words before "of" ("Ministry of Defence", "Bank of England").
_ORG_HEADS_TEXT = """ministry ministries party bank airlines airways university council committee
    commission agency corporation company group federation association institute
    parliament assembly army navy police front movement organisation organization fund
    board authority department office society club senate congress cabinet
    government forces guard brigade brigades corps foundation trust alliance coalition
    bureau exchange holdings industries motors pharmaceuticals petroleum telecom
    communications securities insurance systems technologies partners inc ltd corp plc llc
    times herald journal tribune gazette newspaper television tv radio"""
ORG_HEADS = frozenset(_ORG_HEADS_TEXT.split())
# Last words of administrative units ("Nagorno-Karabakh Autonomous Region", "Turkana County").
_ADMIN_HEADS_TEXT = """region province oblast krai kray county district territory governorate prefecture
    municipality canton republic kingdom emirate voivodeship"""
ADMIN_HEADS = frozenset(_ADMIN_HEADS_TEXT.split())
# Lower-case nouns written after a subdivision's name, not part of it ("Guangdong province",
# "Ogun state"; capitalised, "Irkutsk Region" is the name).
_SUBDIVISION_NOUNS_TEXT = "province state region county district governorate prefecture oblast krai territory"
SUBDIVISION_NOUNS = frozenset(_SUBDIVISION_NOUNS_TEXT.split())
# Last words of natural features and protected areas ("Aletsch Glacier", "Rift Valley").
_NATURAL_HEADS_TEXT = """mountains mountain river lake glacier glaciers icefield sea ocean valley desert
    peninsula gulf bay island islands isles strait straits canyon falls plateau hills range
    delta basin coast forest park reef volcano creek lagoon steppe highlands lowlands
    wetlands marshes heights fjord archipelago atoll sanctuary reservoir dam"""
NATURAL_HEADS = frozenset(_NATURAL_HEADS_TEXT.split())
# First words of natural features' names in English copy ("Mount Ruapehu", "Lake Baikal").
NATURAL_FIRST = frozenset({"mount", "lake", "cape", "mt", "mt."})
# Lower-case nouns after a name (or after a list of names) that make each a natural feature:
# "the Surma and Kushiyara rivers". Not "coast", "range" or "delta", which follow states and
# products too ("the Florida coast").
_NATURAL_NOUNS_AFTER_TEXT = """river rivers lake lakes sea seas island islands mountains glacier glaciers
    valley valleys volcano creek lagoon strait bay gulf desert plateau"""
NATURAL_NOUNS_AFTER = frozenset(_NATURAL_NOUNS_AFTER_TEXT.split())
# Of those, the ones people build or draw on a map: a place, but possibly a facility.
BUILT_HEADS = frozenset({"park", "sanctuary", "reservoir", "dam"})
# Words of other languages that English copy keeps in the names of natural features: first
# ("Wadi Rum", "Salar de Atacama", "Gunung Agung") or last ("Imja Tsho", "Jakobshavn Isbrae",
# "Amu Darya"). Not those that are also first names or open company names (Sierra, Isla,
# Monte, Rio).
_FOREIGN_NATURAL_FIRST_TEXT = "wadi jebel jabal djebel salar lago laguna nevado volcan volcán gunung danau pulau ozero mont"
FOREIGN_NATURAL_FIRST = frozenset(_FOREIGN_NATURAL_FIRST_TEXT.split())
_FOREIGN_NATURAL_LAST_TEXT = "tsho tso isbrae isbræ fjorden jokull jökull darya köl kul"
FOREIGN_NATURAL_LAST = frozenset(_FOREIGN_NATURAL_LAST_TEXT.split())
# "... Reserve" is a place after these ("Nature Reserve"), never after "Federal".
_RESERVE_QUALIFIERS_TEXT = "nature game wildlife forest biosphere marine national natural"
RESERVE_QUALIFIERS = frozenset(_RESERVE_QUALIFIERS_TEXT.split())
# Nouns that say the name beside them is a place: "the region of X", "the X region",
# "X, a disputed territory".
_PLACE_NOUNS_TEXT = """region regions province city town village capital port district county state
    territory enclave republic island oblast area municipality country nation suburb
    neighbourhood neighborhood settlement valley resort governorate prefecture canton
    kingdom emirate coast peninsula glacier reserve border frontier mayor governor
    outskirts residents streets suburbs counties provinces cities towns villages districts
    states"""
PLACE_NOUNS = frozenset(_PLACE_NOUNS_TEXT.split())
# Prepositions before a place more often than before a person or company ("in X").
_PLACE_PREPOSITIONS_TEXT = "in near outside across throughout towards toward into"
PLACE_PREPOSITIONS = frozenset(_PLACE_PREPOSITIONS_TEXT.split())
#: Words joined to a name by a hyphen that make it a place: "a Pune-based company", "the
#: Geelong-born bowler".
PLACE_HYPHEN_WORDS = frozenset({"based", "born"})
# Nationalities and peoples the spelling rules of :func:`.evidence.is_nationality` miss.
# Not first names ("Christian", "Finn") nor clubs ("Roma").
_IRREGULAR_NATIONALITIES_TEXT = """briton britons british dutch dutchman french frenchman swiss greek welsh scottish
    irish english englishman filipino filipina danish dane spanish spaniard swede
    swedish finnish pole turk kurd kurdish arab hutu tutsi zulu basque catalan tamil
    sikh hindu muslim jew jewish sunni shia shiite uighur uyghur yazidi druze bedouin
    maori inuit korean icelander cypriot maltese portuguese lao burmese bosniak croat
    slovene somali emirati afrikaner cossack latino hispanic palestinian azeri tatar
    chechen pashtun sahrawi"""
IRREGULAR_NATIONALITIES = frozenset(_IRREGULAR_NATIONALITIES_TEXT.split())
# Sports copy: several of these words in one story (CoNLL annotates a club named after its
# town as ORG, so a town next to a score there is the club).
_SPORTS_WORDS_TEXT = """match matches innings inning wicket wickets goal goals halftime half-time league
    season cup tournament championship coach striker midfielder goalkeeper scored batting
    bowling bowled semifinal semi-final quarterfinal quarter-final soccer football rugby
    cricket tennis golf baseball basketball hockey olympic olympics medal stadium playoff
    playoffs play-off squad pitcher homer touchdown quarterback podium lap game games
    standings division fixture fixtures"""
SPORTS_WORDS = frozenset(_SPORTS_WORDS_TEXT.split())
# Words beside a club's name in a result ("Surrey beat Kent", "Nice v Lyon").
_TEAM_CUES_TEXT = """beat beats beating defeated defeat drew draw v v. vs vs. versus against edged
    thrashed routed outplayed hosts hosted visiting"""
TEAM_CUES = frozenset(_TEAM_CUES_TEXT.split())
# Words just before a name that make it an organisation ("carmaker Toyota", "law firm Leigh
# Day", "state nuclear corporation Rosatom", "the vaccine alliance Gavi"). Not "rival",
# "producer", "miner", "operator" nor "broadcaster": people are called those too.
_COMPANY_NOUNS_TEXT = """company firm group carmaker automaker planemaker chipmaker drugmaker
    lender insurer retailer conglomerate airline brewer subsidiary corporation consortium alliance
    manufacturer shipbuilder regulator utility charity"""
COMPANY_NOUNS = frozenset(_COMPANY_NOUNS_TEXT.split())
# Heads of an apposition that make the name before it an organisation: "GNS Science, the
# government research institute", "X, a Dutch company".
_ORG_APPOSITION_NOUNS_TEXT = _COMPANY_NOUNS_TEXT + """ agency institute institution organisation
    organization authority ministry bank operator producer miner broadcaster newspaper
    foundation union party"""
ORG_APPOSITION_NOUNS = frozenset(_ORG_APPOSITION_NOUNS_TEXT.split())
# Words just after a name (or its "'s") that make it an organisation: its officers
# ("Rheinwerk Chief Executive", "Petrobras's chairman").
ORG_OFFICERS = frozenset({"ceo", "chief", "chairman", "chairwoman", "shareholders"})
# Words after a name that make it a listed company, unless the name is a place: "Tokyo
# shares" is the market.
STOCK_WORDS = frozenset({"shares", "stock"})
# Words after a club's name in sports copy ("Atletico coach", "Feyenoord goalkeeper");
# a country's name there is the national team, which stays a place.
CLUB_ROLES = frozenset(
    {"coach", "manager", "goalkeeper", "striker", "midfielder", "defender", "captain", "fans"}
)
# Parts of a country that play sport as nations: their teams stay places, as countries' do.
SPORTING_NATIONS = frozenset({"england", "scotland", "wales", "northern ireland"})
# Short capitals that news writes for a country; other 2-3 letter codes ("NLD", "FRA")
# are not evidence, as they are more often an acronym of something else.
COUNTRY_ABBREVIATIONS = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK"})
# Words before an organisation word that make the name a place ("West Bank", "Left Bank").
_COMPASS_WORDS_TEXT = (
    "north south east west northern southern eastern western central left right upper lower"
)
COMPASS_WORDS = frozenset(_COMPASS_WORDS_TEXT.split())
# Legal suffixes that close a company's name ("Kaspi Holdings Ltd", "Aqtau Port LLC").
COMPANY_SUFFIXES: tuple[str, ...] = (
    "Inc", "INC", "Corp", "CORP", "Co", "Ltd", "LTD", "LLC", "PLC", "Plc", "plc", "AG", "GmbH",
    "SpA", "S.A", "SA", "N.V", "NV", "B.V", "BV", "Pty", "Bhd", "Berhad", "Ltda", "Oyj", "ASA",
)  # fmt: skip

_SPACE_RUN_RE = re.compile(r"\s+")


def norm_form(text: str) -> str:
    """``text`` with whitespace runs as single spaces, stripped: how surface forms compare."""
    return _SPACE_RUN_RE.sub(" ", text).strip()
