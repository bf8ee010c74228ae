"""One label set for every language: spaCy's English (OntoNotes) labels.

The English pipeline labels entities PERSON, ORG, GPE, LOC, NORP ...; the Russian (natasha)
and French (``fr_core_news_sm``, trained on WikiNER) pipelines say PER, ORG, LOC and MISC. A
query must not need to know which language a story was in, so their labels are folded onto
the English set:

==========  =====================================================================
theirs      ours
==========  =====================================================================
PER         PERSON
ORG         ORG
LOC         GPE when the gazetteer knows the name as a country, subdivision, town
            of 15,000 people or more, or region (a place with a government or
            people), else LOC (rivers, seas, mountains, continents, villages, and
            places no gazetteer knows)
MISC        MISC (events, works, nationalities as nouns: WikiNER has no finer class)
==========  =====================================================================

A label already in the English set is kept, so a pipeline trained on OntoNotes labels (a
user's German or Spanish model, say) needs no table. ``storywire_fold_labels`` is the spaCy
component that does this at the end of a non-English spaCy pipeline; it also cuts spans to
OntoNotes' extent (no ``la`` of ``la France``, no ``M.`` of ``M. Aubertin``) and gives a
capital the model calls a person back to the places.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from storywire.tasks.enrich.entities.lexicon import NAMED_LABELS, PLACE_LABELS
from storywire.tasks.enrich.gazetteer import SMALL_TOWN
from storywire.tasks.enrich.geocode import geocode
from storywire.tasks.enrich.quotes.lexicon_fr import PARTICIPLES, PRESENTS
from storywire.tasks.enrich.quotes.profile import fold

__all__ = ["FOLD_COMPONENT", "LABELS", "folded_label", "place_label"]

#: Labels of the WikiNER-style pipelines -> ours (LOC is decided by the gazetteer).
LABELS: dict[str, str] = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "MISC": "MISC"}
#: Gazetteer features of a place that is a GPE (has people or a government), not a LOC.
_GPE_FEATURES = frozenset({"country", "admin1", "admin2", "city", "region"})
FOLD_COMPONENT = "storywire_fold_labels"
#: Titles written before a name, in the languages folded here (they stay out of the span).
_TITLES = frozenset({"M.", "MM.", "Mme", "Mmes", "Mlle", "Me", "Dr", "Pr", "Mgr", "St", "Ste"})
#: Words a span must not end with: prepositions and determiners left by the model.
_TRAILING = frozenset({"de", "du", "des", "d'", "d’", "la", "le", "les", "l'", "l’", "et", "à", "au", "aux", "en"})
#: People the model names after a place this big are the place (with no title before).
_BIG_CITY = 100_000
#: French words the small model takes for names: an article that opens a sentence ("Le
#: Norvégien ..."), a lone weekday, month or "État" (capitalized by convention, no name).
_FR_ARTICLES = frozenset({"le", "la", "les", "l'", "l’", "un", "une"})
_FR_NOT_NAMES = frozenset({
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février",
    "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre", "état", "etat",
})  # fmt: skip
#: Heads of French institution names the model leaves out ("ministère de la Justice" ->
#: its "Justice"); the span takes them back.
_FR_INSTITUTIONS = frozenset({
    "ministère", "conseil", "tribunal", "cour", "comité", "commission", "agence", "office",
    "parquet", "préfecture", "mairie", "assemblée", "caisse", "fédération",
    "syndicat", "institut", "université",
})  # fmt: skip
#: First words of French organization names besides those heads ("Observatoire
#: international des prisons", "Banque mondiale", "Coalition avenir Québec"): a name of two
#: words or more that opens with one of these or a head is an organization, whatever place,
#: person or MISC label the model gave it.
_FR_ORG_FIRST = _FR_INSTITUTIONS | frozenset({
    "direction", "observatoire", "délégation", "coalition", "union", "banque", "autorité",
    "association", "parti", "mouvement", "organisation", "haut-commissariat", "conférence",
    "rassemblement", "alliance", "compagnie", "société", "groupe", "fondation", "collectif",
    "confédération", "bureau", "métropole", "communauté",
})  # fmt: skip
#: Lowercase words an organization's name may hold between its first word and the place or
#: organization that ends it ("Conseil local de pêche artisanale de Saint-Louis"), at most.
_FR_NAME_REACH = 6
#: Partners that end a French company's name after "et" or "&": "Vins Delhomme et Fils".
_FR_PARTNERS = frozenset({"Fils", "Cie", "Associés", "Frères", "Compagnie"})
#: French nouns for a kind of organization: a name right after one (with lowercase words
#: between: adjectives, "d'isolation") is an organization's ("la société d'isolation
#: Isoclim", "l'agence spatiale indienne Isro", "le régulateur ghanéen Cocobod").
_FR_ORG_KINDS = frozenset({
    "société", "entreprise", "groupe", "banque", "agence", "régulateur", "laboratoire",
    "fabricant", "constructeur", "courtier", "assureur", "opérateur", "cabinet", "compagnie",
    "syndicat", "association", "club", "quotidien", "hebdomadaire", "journal", "éditeur",
    "distributeur", "armateur", "transporteur", "holding", "firme", "équipementier", "start-up",
})  # fmt: skip
#: Words that make the name after "de" a company's: "les actionnaires de Virelia Bio".
_FR_OWNERS = frozenset({
    "actionnaire", "actionnaires", "fondateur", "fondatrice", "cofondateur", "cofondatrice",
    "filiale", "salariés", "pdg",
})  # fmt: skip
#: Endings of French words of origin ("indienne", "ghanéen", "lyonnais"): the nationality
#: nouns (``_FR_DEMONYM_RE``) and, with those of relation, the adjectives below.
_FR_ORIGIN_ENDINGS = "ien|ienne|ais|aise|ois|oise|ain|aine|and|ande|ol|ole"
#: Endings of French adjectives of origin or relation ("indienne", "ghanéen", "spatiale",
#: "pharmaceutique"), which verbs do not have.
_FR_ADJECTIVE_RE = re.compile(
    rf"(?:{_FR_ORIGIN_ENDINGS}|éen|éenne|al|ale|aux|el|elle|ique|iste|if|ive|eux|euse|aire|ier|ière|an|ane)s?$"
)
#: Lowercase words a kind noun may stand before its name, at most.
_FR_KIND_REACH = 3
_FR_OF = frozenset({"de", "du", "des", "d'", "d’"})
#: Words before a French place name that say it is no town: articles (towns take none) and
#: the kinds of natural feature ("la rivière Oust", "le mont Aiguille").
_FR_BEFORE_NATURAL = _FR_ARTICLES - {"un", "une"} | frozenset({
    "du", "des", "au", "aux", "rivière", "fleuve", "lac", "mont", "monts", "massif", "col",
    "glacier", "île", "îles", "baie", "golfe", "vallée", "forêt", "canal", "étang", "cap",
    "plateau", "pic", "désert", "mer", "océan",
})  # fmt: skip
#: Where a capitalized word opens a sentence, a line or a quotation.
_SENTENCE_OPENERS = frozenset({".", "!", "?", "…", ":", "«", "\"", "“", "—", "–", "-", "("})
#: Particles of family names, capitalized inside them ("Gaëlle Le Bihan", "Van Dijk").
_NAME_PARTICLES = frozenset({"Le", "La", "Du", "De", "Des", "Van", "Von", "Di", "Da", "Del", "Della", "Dos", "Das"})
_ROMAN_RE = re.compile(r"^[IVXLCDM]+$")
#: Heads of French prison names ("maison d'arrêt de Nîmes", "centre pénitentiaire de
#: Fresnes"): facilities, where the other institutions are organizations.
_FR_PRISONS = frozenset({"maison", "centre", "prison"})
#: The words between an institution's head and the place that names it ("tribunal
#: correctionnel de", "maison d'arrêt de"): at most this many.
_FR_HEAD_REACH = 4
#: A French nationality or origin noun, capitalized ("le Norvégien", "l'Américaine", "le
#: Lyonnais"): the common endings of French demonyms.
_FR_DEMONYM_RE = re.compile(rf"^[A-ZÀ-Ý][a-zà-ÿ]+(?:{_FR_ORIGIN_ENDINGS})s?$")


def folded_label(label: str, name: str, *, town: bool = False) -> str | None:
    """Our label for a mention ``name`` labelled ``label`` by its pipeline; None for a label
    that names no entity (numbers, dates: the temporal rules' business). ``town``: the words
    around the mention say it is a town if it is a place (``_town_context``), so a small
    town the gazetteer knows is one."""
    if label == "LOC":
        place = geocode(name)
        if place is None or place.feature not in _GPE_FEATURES:
            return "LOC"
        # a village that shares its name with a palace or a valley is no evidence
        small = place.feature == "city" and (place.population or 0) < SMALL_TOWN and not place.capital
        return "LOC" if small and not town else "GPE"
    if label in NAMED_LABELS:
        return label
    return LABELS.get(label)


def _opens_sentence(doc: Doc, i: int) -> bool:
    """Whether token ``i`` opens a sentence, a line or a quotation (where a capital says
    nothing about a name)."""
    return i == 0 or doc[i - 1].is_space or doc[i - 1].text in _SENTENCE_OPENERS


def _article_of_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the capitalized French article that opens a span belongs to the name ("La
    Rochelle", "Le Bihan", "Le Monde"): mid-sentence a capital says so; at a sentence's
    start only the gazetteer can ("Le Havre a ..." but "Le Norvégien Sindre ...")."""
    if end - start < 2 or not doc[start].text[:1].isupper():
        return False
    return not _opens_sentence(doc, start) or geocode(doc[start:end].text) is not None


def _town_context(doc: Doc, start: int) -> bool:
    """Whether the word before a French place name says a town: French towns take no
    article ("à Redon", "de Bassens", "REDON, 12 mars"), rivers, seas and mountains do
    ("la Vilaine", "l'Oust", "du Rhône") or follow their kind ("rivière Oust")."""
    return start == 0 or doc[start - 1].lower_ not in _FR_BEFORE_NATURAL


def _particle_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A French name the model split at its particle, one person: "Gaëlle" + "Le Bihan",
    or "Gaëlle" and "Bihan" round a capitalized "Le". The first part must not be a place
    the gazetteer knows, nor the whole (a person's name is no town's)."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ in {"PERSON", "LOC", "MISC"} and all(t.is_title for t in prev):
            gap = ent.start - prev.end
            particle = doc[prev.end] if gap == 1 else ent[0] if gap == 0 and len(ent) > 1 else None
            if (
                particle is not None
                and particle.text in _NAME_PARTICLES
                and not _opens_sentence(doc, particle.i)
                and all(t.is_title or t.text in _NAME_PARTICLES for t in ent)
                and geocode(prev.text) is None
                and geocode(doc[prev.start : ent.end].text) is None
            ):
                out[-1] = Span(doc, prev.start, ent.end, label="PERSON")
                continue
        out.append(ent)
    return out


def _surnames(ents: list[Span]) -> list[Span]:
    """A lone word the model calls a place or MISC that is the family name of a person the
    text names in full ("le Français Bastien Lacombe" ... "Lacombe a") is that person,
    unless it is a country, a capital or a big city."""
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    out = []
    for e in ents:
        lone = len(e) == 1 and e.label_ in {"LOC", "GPE", "MISC"} and e.text in surnames
        if lone and place_label("PERSON", e.text) == "PERSON":
            e = Span(e.doc, e.start, e.end, label="PERSON")
        out.append(e)
    return out


def _trimmed(ent: Span) -> tuple[int, int]:
    """The token range of ``ent`` by OntoNotes conventions, which the WikiNER-trained models
    do not follow: no determiner, title or common noun in front (``la France``, ``M.
    Aubertin``, ``région de Thiès``), no dangling preposition or determiner at the end
    (``Affaires étrangères de la``). Names are capitalized, so every lowercase word before
    the first capitalized one goes, and so does a title abbreviation."""
    start, end = ent.start, ent.end
    doc = ent.doc
    french = doc.lang_ == "fr"
    while start < end and (
        not doc[start].text[:1].isupper()
        or doc[start].text in _TITLES
        or (french and doc[start].lower_ in _FR_ARTICLES and not _article_of_name(doc, start, end))
    ):
        start += 1
    while end > start and doc[end - 1].text.lower() in _TRAILING:
        end -= 1
    return start, end


def _after_demonym(doc: Doc, start: int, end: int) -> bool:
    """Whether the span opens with a nationality noun after an article and goes on with a
    name: "le Suédois Anders Lindqvist", "l'Américaine Jane Doe". The noun is not part of the
    name (the model makes the whole an ORG or MISC); the name after it is a person's."""
    return (
        doc.lang_ == "fr"
        and end - start >= 2
        and start > 0
        and doc[start - 1].lower_ in _FR_ARTICLES
        and _FR_DEMONYM_RE.match(doc[start].text) is not None
        and all(t.is_title for t in doc[start + 1 : end])
    )


def place_label(label: str, name: str, *, titled: bool = False) -> str:
    """``GPE`` for a mention the gazetteer knows as a big place that its pipeline labelled
    otherwise, else ``label``. The WikiNER-style models call Khartoum and Juba people, a
    dateline's ``MONTPELLIER`` or ``БИШКЕК`` an organization. A country, a capital, or a
    city of 100,000 people or more is that place when labelled a person or MISC with no
    title before it (``titled``); labelled an organization only when it is a country or a
    capital (a capital stands for its government, which OntoNotes labels GPE; a city's name
    is also its football club's) or written in capitals (a dateline)."""
    if label not in {"PERSON", "ORG", "MISC"} or titled:
        return label
    place = geocode(name)
    if place is None or place.reason:
        return label
    seat = place.feature == "country" or place.capital
    big = seat or (place.feature == "city" and (place.population or 0) >= _BIG_CITY)
    if label == "ORG":
        return "GPE" if seat or (big and name.isupper()) else label
    return "GPE" if big else label


def _french_organization(span: Span, label: str) -> bool:
    """Whether a French mention is an organization's name by its form: two words or more
    opening with an organization's first word (``_FR_ORG_FIRST``), or a MISC holding an
    acronym ("CMA CGM", "Oddo BHF": the small model's MISC for companies it does not know;
    a roman numeral is no acronym)."""
    if len(span) > 1 and span[0].lower_ in _FR_ORG_FIRST:
        return True
    return label == "MISC" and any(
        t.is_alpha and t.is_upper and len(t) > 1 and not _ROMAN_RE.match(t.text) for t in span
    )


def _french_org_context(doc: Doc, start: int) -> bool:
    """Whether the words before a French name make it an organization's: "chez" (an
    analyst "chez Natixis"), an owner "de" ("les actionnaires de"), or a kind of
    organization (``_FR_ORG_KINDS``) at most ``_FR_KIND_REACH`` lowercase words before."""
    k = start - 1
    if k < 0:
        return False
    if doc[k].lower_ == "chez" or (k >= 1 and doc[k].lower_ in _FR_OF and doc[k - 1].lower_ in _FR_OWNERS):
        return True
    for j in range(k, max(-1, k - _FR_KIND_REACH - 1), -1):
        word = doc[j]
        if word.lower_ in _FR_ORG_KINDS:
            return _describes(doc[j + 1 : start])
        if word.text[:1].isupper() or not (word.is_alpha or word.text.endswith(("'", "’"))):
            return False
    return False


def _describes(words: Span) -> bool:
    """Whether the words between a kind noun and a name only describe the kind ("spatiale
    indienne", "d'isolation"), so that no verb comes between ("la banque a reçu Jean
    Valjean"): adjectives, nouns, prepositions and determiners when the pipeline tags them
    (storywire's pipelines run no tagger); untagged, adjectives of origin or relation by
    their ending (``_FR_ADJECTIVE_RE``) and one "de" + word."""
    if words and all(t.pos_ for t in words):
        return all(t.pos_ in {"ADJ", "NOUN", "ADP", "DET"} for t in words)
    i = 0
    while i < len(words):
        if words[i].lower_ in _FR_OF and i + 1 < len(words):
            i += 2
        elif _FR_ADJECTIVE_RE.search(words[i].lower_):
            i += 1
        else:
            return False
    return True


def _named_after_place(doc: Doc, ent: Span, floor: int) -> Span | None:
    """The institution a French place names, as one span: "tribunal correctionnel de Paris",
    "université de Strasbourg" (ORG), "maison d'arrêt de Nîmes" (FAC); None when the place
    is not one. The head (``_FR_INSTITUTIONS``, ``_FR_PRISONS``) comes at most
    ``_FR_HEAD_REACH`` lower-case words before the "de" that joins the place, and after
    ``floor`` (the end of the entity before)."""
    if ent.label_ not in PLACE_LABELS or ent.start < 2 or doc[ent.start - 1].lower_ not in _FR_OF:
        return None
    head = None
    for k in range(ent.start - 2, max(floor, ent.start - 2 - _FR_HEAD_REACH) - 1, -1):
        word = doc[k]
        if not word.is_alpha and word.text not in {"'", "’"} and not word.text.endswith(("'", "’")):
            break
        if word.text[:1].isupper() and word.lower_ not in _FR_INSTITUTIONS:
            break
        # "centre de Lyon" is the city's centre: a prison's head needs its word ("d'arrêt")
        if word.lower_ in _FR_INSTITUTIONS or word.lower_ == "prison" or (
            word.lower_ in _FR_PRISONS and k < ent.start - 2
        ):
            head = k
    if head is None:
        return None
    label = "FAC" if doc[head].lower_ in _FR_PRISONS else "ORG"
    return Span(doc, head, ent.end, label=label)


def _french_organizations(doc: Doc, ents: list[Span]) -> list[Span]:
    """French organization names the model cuts: an institution's head noun left out
    (``ministère de la`` + ``Justice``), or the place that ends the name split off
    (``Union maritime et fluviale`` + ``de`` + ``Marseille-Fos``)."""
    out: list[Span] = []
    for ent in ents:
        named = _named_after_place(doc, ent, out[-1].end if out else 0)
        if named is not None:
            out.append(named)
            continue
        start = ent.start
        if ent.label_ == "ORG":
            k = start - 1
            while k >= 0 and k >= start - 3 and doc[k].lower_ in _FR_OF | _FR_ARTICLES:
                k -= 1
            if k >= 0 and k < start - 1 and doc[k].lower_ in _FR_INSTITUTIONS and (not out or out[-1].end <= k):
                start = k
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == "ORG" and _joined_by_of(doc, prev, ent):
            out[-1] = Span(doc, prev.start, ent.end, label="ORG")
            continue
        out.append(ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_))
    return _with_partners(doc, out)


def _joined_by_of(doc: Doc, org: Span, ent: Span) -> bool:
    """Whether ``ent`` ends the organization's name ``org``: a place right after its "de"
    ("Union maritime et fluviale de Marseille-Fos"), or, after a name opening with an
    organization's first word, a place or an organization after words that only describe it
    ("Conseil" interprofessionnel du vin de "Bordeaux", "Bureau de la coordination des
    affaires humanitaires" des "Nations unies")."""
    between = doc[org.end : ent.start]
    if not between or between[-1].lower_ not in _FR_OF:
        return False
    if len(between) == 1 and ent.label_ in PLACE_LABELS:
        return True
    return (
        org[0].lower_ in _FR_ORG_FIRST
        and ent.label_ in PLACE_LABELS | {"ORG"}
        and len(between) <= _FR_NAME_REACH
        and all(t.is_lower for t in between)
        and _describes(between[:-1])
    )


def _with_partners(doc: Doc, ents: list[Span]) -> list[Span]:
    """Companies' names with their "et Fils", "& Cie", "et Associés" (the model stops
    before, or makes "Fils" an entity of its own, which the name then takes in); a partner
    word inside another entity ("et Fils Martin") stays that entity's."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if prev is not None and ent.start < prev.end:
            continue  # the "Fils" the name before took in
        end = ent.end
        joined = (
            ent.label_ == "ORG" and end + 1 < len(doc) and doc[end].lower_ in {"et", "&"}
            and doc[end + 1].text in _FR_PARTNERS
        )
        following = [e for e in ents if e.start <= end + 1 < e.end]
        if joined and all(e.text in _FR_PARTNERS and e.start == end + 1 for e in following):
            ent = Span(doc, ent.start, end + 2, label="ORG")
        out.append(ent)
    return out


@Language.component(FOLD_COMPONENT)
def fold_labels(doc: Doc) -> Doc:
    """The doc's entities with our labels and spans (``_trimmed``); an entity whose label
    folds to nothing, or that has no capitalized word, is dropped (and, in French, a lone
    weekday, month or "État"); in French a nationality noun before a name is cut off and the
    name is a person's (``_after_demonym``), a name opening with an organization's first word
    is an organization (``_FR_ORG_FIRST``), and organization names are put back together."""
    ents = []
    for ent in doc.ents:
        start, end = _trimmed(ent)
        if start >= end:
            continue
        person = _after_demonym(doc, start, end)
        start += 1 if person else 0
        span = doc[start:end]
        if doc.lang_ == "fr" and end - start == 1 and span.text.lower() in _FR_NOT_NAMES:
            continue
        town = doc.lang_ == "fr" and _town_context(doc, start)
        label = "PERSON" if person else folded_label(ent.label_, span.text, town=town)
        if label is not None:
            titled = bool(start) and doc[start - 1].text in _TITLES
            label = place_label(label, span.text, titled=titled)
            if doc.lang_ == "fr" and label == "LOC" and _speaker_after_quote(doc, start, end):
                label = "PERSON"
            if doc.lang_ == "fr" and label != "GPE" and (
                _french_organization(span, label) or _french_org_context(doc, start)
            ):
                label = "ORG"
            ents.append(Span(doc, start, end, label=label))
    if doc.lang_ == "fr":
        ents = _surnames(_same_organization(_french_organizations(doc, _particle_names(doc, ents))))
    doc.ents = ents
    return doc


#: A quote's closing marks, and the auxiliaries of French reporting verbs' compound past.
_FR_CLOSING = frozenset({"»", "”", '"'})
_FR_AUXILIARIES = frozenset({"a", "ont", "avait", "avaient", "aurait", "auraient"})


def _speaker_after_quote(doc: Doc, start: int, end: int) -> bool:
    """« ... », a réagi Pascale Bergevin / », estime Pascale Bergevin: two or three
    capitalized words that no gazetteer knows, right after a reporting verb that follows a
    quote's closing mark and comma, are the speaker, a person (French models read some
    names as places)."""
    words = doc[start:end]
    if not 2 <= len(words) <= 3 or not all(t.is_title and t.is_alpha for t in words) or geocode(words.text):
        return False
    before = [doc[start - k].lower_ if start - k >= 0 else "" for k in (1, 2, 3, 4)]
    verb = fold(before[0])
    if verb in PARTICIPLES and before[1] in _FR_AUXILIARIES:
        return before[2] == "," and before[3] in _FR_CLOSING
    return verb in PRESENTS and before[1] == "," and before[2] in _FR_CLOSING


def _same_organization(ents: list[Span]) -> list[Span]:
    """An abbreviation in brackets right after an organization's name is that organization
    ("Société nationale des eaux du Sénégal (Sones)"); every other mention of a name an
    organization somewhere in the text (unless the gazetteer made that mention a GPE) is one
    too."""
    out = list(ents)
    for i in range(1, len(out)):
        ent, prev = out[i], out[i - 1]
        doc = ent.doc
        if (
            prev.label_ == "ORG" and len(ent) == 1 and ent.start == prev.end + 1 and ent.end < len(doc)
            and doc[prev.end].text == "(" and doc[ent.end].text == ")"
        ):
            out[i] = Span(doc, ent.start, ent.end, label="ORG")
    names = {e.text for e in out if e.label_ == "ORG"}
    return [e if e.text not in names or e.label_ in ("ORG", "GPE") else Span(e.doc, e.start, e.end, label="ORG")
            for e in out]
