"""French words of the quote attribution: reporting verbs in the compound past
(``a déclaré``, ``ont indiqué``, inverted ``a-t-il déclaré``), the present
(``estime``, ``dit-il``, ``ajoute-t-elle``), "selon X", "d'après X", pronouns,
prepositions, the nouns that head a speaker's role.

Lemmas are the English ones of ``lexicon`` (``a déclaré`` -> "declare"), so the
warehouse's ``verb`` column means the same in every language.
"""

from __future__ import annotations

import re

from storywire.tasks.enrich.quotes.profile import (
    QuoteLanguage,
    VerbReading,
    alternation,
    fold,
    wordset,
)

# lemma: past participle | present forms (3rd person singular and plural).
_VERB_TABLE = """
say: dit | dit disent
declare: déclaré | déclare déclarent
affirm: affirmé | affirme affirment
state: indiqué | indique indiquent
emphasize: souligné | souligne soulignent
add: ajouté | ajoute ajoutent
explain: expliqué | explique expliquent
believe: estimé | estime estiment
specify: précisé | précise précisent
assure: assuré | assure assurent
confide: confié | confie confient
tell: raconté | raconte racontent
note: noté relevé observé | note notent relève relèvent observe observent
insist: insisté martelé | insiste insistent martèle martèlent
continue: poursuivi | poursuit poursuivent
announce: annoncé | annonce annoncent
warn: averti prévenu | avertit préviennent prévient
reply: répondu rétorqué | répond répondent rétorque
comment: commenté réagi | commente commentent réagit
recall: rappelé | rappelle rappellent
admit: reconnu admis concédé | reconnaît reconnait reconnaissent admet
write: écrit | écrit écrivent
judge: jugé | juge jugent
conclude: conclu résumé | conclut résume
exclaim: lancé | lance lancent
regret: regretté déploré dénoncé | regrette déplore dénonce
confirm: confirmé | confirme confirment
describe: qualifié | qualifie qualifient
hail: salué | salue saluent
demand: réclamé exigé | réclame réclament exige exigent
promise: promis | promet promettent
"""
_AUX = r"(?:a|ont|avait|avaient|aurait|auraient)"
_ADV = (
    r"(?:\s+(?:également|aussi|encore|notamment|ensuite|enfin|alors|ainsi|pourtant|"
    r"toutefois|cependant|déjà|d['’]ailleurs|plus\s+tard|par\s+ailleurs|lui-même|elle-même))?"
)
_PRON = r"(?:il|elle|ils|elles|on)"
# Reflexive reporting verbs: "s'est dit solidaire", "s'est félicité".
_REFLEXIVE = {"dit": "say", "félicité": "hail", "inquiété": "worry", "exclamé": "exclaim",
              "insurgé": "protest", "interrogé": "wonder", "montré": "say"}  # fmt: skip
_REFL_RE = (
    r"(?:s['’](?:est|était)|se\s+sont)"
    + _ADV
    + r"\s+(?P<refl>"
    + "|".join(sorted(_REFLEXIVE, key=len, reverse=True))
    + r")(?:e?s?)"
    + r"|se\s+(?P<refl2>dit|disent)"
)


def _parse(table: str) -> tuple[dict[str, str], dict[str, str]]:
    participles: dict[str, str] = {}
    presents: dict[str, str] = {}
    for line in table.strip().splitlines():
        lemma, _, rest = line.partition(":")
        past, _, present = rest.partition("|")
        for form in past.split():
            participles[fold(form)] = lemma.strip()
        for form in present.split():
            presents[fold(form)] = lemma.strip()
    return participles, presents


PARTICIPLES, PRESENTS = _parse(_VERB_TABLE)
_PP = alternation(list(PARTICIPLES))
_PRES = alternation(list(PRESENTS))
# Inverted forms first: "a-t-il déclaré" must not read as "a" + a stray "-t-il".
_VERB_RE = re.compile(
    r"(?<![\w-])(?:"  # "l'a dit", "qu'a déclaré": an elision may precede
    rf"(?:a-t|ont|avait|avaient)-(?P<p1>{_PRON}){_ADV}\s+(?P<pp1>{_PP})"
    rf"|{_AUX}{_ADV}\s+(?P<pp2>{_PP})"
    rf"|{_REFL_RE}"
    rf"|(?P<pres1>{_PRES})(?:-t)?-(?P<p2>{_PRON})"
    rf"|(?P<pres2>{_PRES})"
    r")(?![\w'’-])",
    re.I,
)


def _read_verb(match: re.Match[str]) -> VerbReading | None:
    if match.group("refl"):
        return _REFLEXIVE[fold(match.group("refl"))], None
    if match.group("refl2"):
        return "say", None
    pron = "p1" if match.group("p1") else "p2" if match.group("p2") else None
    for group, table in (("pp1", PARTICIPLES), ("pp2", PARTICIPLES), ("pres1", PRESENTS),
                         ("pres2", PRESENTS)):  # fmt: skip
        form = match.group(group)
        if form:
            lemma = table.get(fold(form))
            return (lemma, match.span(pron) if pron else None) if lemma else None
    return None


FRENCH = QuoteLanguage(
    code="fr",
    verb_re=_VERB_RE,
    read_verb=_read_verb,
    according_re=re.compile(r"(?<![\w'’-])(?:selon|d['’]après)(?![\w-])", re.I),
    person_pronouns=wordset("il elle lui"),
    group_pronouns=wordset("ils elles nous je on eux"),
    prepositions=wordset("""à au aux avec pour par chez contre envers sur sous dans en vers
        auprès devant derrière entre après avant sans de du des d' selon"""),
    impersonal_preps=frozenset(),
    stop_words=wordset("""à au aux avec pour par chez contre envers sur sous dans en vers
        auprès devant derrière entre après avant sans selon que qu' qui dont où et mais ou
        car donc puis lors lundi mardi mercredi jeudi vendredi samedi dimanche hier
        aujourd'hui également aussi encore notamment ensuite enfin alors ainsi toutefois
        cependant déjà lorsque quand si comme interrogé interrogée interrogés citant cité
        citée"""),
    # "chargé de" links a role to its brief: "le vice-président chargé des mobilités, X"
    link_words=wordset("de du des d' l' la le les et chargé chargée chargés chargées"),
    determiners=wordset("le la les l' un une ce cette ces son sa ses leur leurs"),
    role_stems=tuple(
        sorted(
            wordset(
                """ministre ministère président présidente vice- adjoint porte-parole
        secrétaire directeur directrice chef cheffe maire député sénateur sénatrice
        ambassad responsable dirigeant expert analyste chercheu professeur avocat procureur
        juge source patron commissaire général générale gouverneur conseill représentant
        gouvernement parquet préfe haut haute diplomate élu élue spécialiste commandant
        capitaine colonel lieutenant entraîneu sélectionneu
        économiste politologue médecin témoin habitant"""
            )
        )
    ),
    inversion_leads=wordset("comme ainsi que l' qu'"),
    relative_stems=("qui", "dont", "où", "lequel", "laquelle", "lesquel", "auquel", "duquel"),
    subordinators=wordset("que qu'"),
    abbreviations=wordset("""m mm mme mlle dr me st ste av bd etc cf p ex env hab no n° vol
        janv févr avr juil sept oct nov déc"""),
    naming_re=re.compile(
        r"(?<![\w'’-])(?:intitulée?s?|baptisée?s?|surnommée?s?|appelée?s?|nommée?s?|"
        r"(?:le|la|les)\s+(?:mot|terme|expression|slogan|opération|programme|projet|"
        r"journal|quotidien|magazine|hebdomadaire|film|livre|roman|émission|parti|"
        r"mouvement|association|plan|label)s?|soi-disant|l['’]opération|l['’]émission)\s*$",
        re.I,
    ),
    anaphor_re=re.compile(r"c['’]est\s+ce\s+qu['’](?=\w)|c['’]est\s+ce\s+que(?![\w-])", re.I),
)
