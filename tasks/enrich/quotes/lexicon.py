"""Closed word lists of the quote attribution and the regexes built from them.

Attribution anchors on these lists instead of a model: reporting verbs and their
lemmas, the words that can or cannot belong to a speaker phrase, titles and
abbreviations, and the words that turn a quote into a name.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Reporting verbs. One line per lemma: its inflected forms; "+" joins the words
# of a multi-word form ("pointed+out").
# ---------------------------------------------------------------------------

_VERB_TABLE = """
say: said says saying say
tell: told tells telling tell
add: added adds adding
state: stated states stating
note: noted notes noting
warn: warned warns warning
emphasize: emphasized emphasised emphasizes emphasises emphasizing emphasising
stress: stressed stresses stressing
explain: explained explains explaining
ask: asked asks asking
declare: declared declares declaring
insist: insisted insists insisting
argue: argued argues arguing
claim: claimed claims claiming
announce: announced announces announcing
continue: continued continues
recall: recalled recalls recalling
remark: remarked remarks remarking
observe: observed observes
write: wrote writes writing
reply: replied replies replying
respond: responded responds responding
answer: answered answers answering
acknowledge: acknowledged acknowledges acknowledging
admit: admitted admits admitting
concede: conceded concedes conceding
mention: mentioned mentions
proclaim: proclaimed proclaims
propose: proposed proposes
assert: asserted asserts asserting
complain: complained complains complaining
suggest: suggested suggests suggesting
predict: predicted predicts predicting
point out: pointed+out points+out pointing+out
underline: underlined underlines underlining
underscore: underscored underscores underscoring
reiterate: reiterated reiterates reiterating
confirm: confirmed confirms confirming
deny: denied denies denying
caution: cautioned cautions cautioning
urge: urged urges urging
shout: shouted shouts shouting
yell: yelled yells
scream: screamed screams
whisper: whispered whispers
cry: cried
wonder: wondered wonders
joke: joked jokes joking
quip: quipped quips
exclaim: exclaimed exclaims
recount: recounted recounts recounting
testify: testified testifies testifying
vow: vowed vows vowing
promise: promised promises promising
boast: boasted boasts boasting
tweet: tweeted tweets tweeting
comment: commented comments commenting
conclude: concluded concludes concluding
assure: assured assures assuring
counter: countered counters countering
maintain: maintained maintains maintaining
reveal: revealed reveals revealing
report: reported
read: read reads
put: put+it puts+it
call: called calls calling
describe: described describes describing
according to: according+to
"""


def _wordset(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(text.split())


def _parse_verb_table(table: str) -> dict[str, str]:
    forms: dict[str, str] = {}
    for line in table.strip().splitlines():
        lemma, _, rest = line.partition(":")
        for form in rest.split():
            forms[form.replace("+", " ")] = lemma.strip()
    return forms


#: Inflected reporting-verb form (words separated by one space) -> lemma.
REPORTING_VERBS: dict[str, str] = _parse_verb_table(_VERB_TABLE)

# Verbs that attribute a quote only next to it ('," he added', 'He added: "')
# or with a that-clause: elsewhere in a sentence they are too often not about
# speech ("the company added 200 jobs", "he continued to work").
WEAK_LEMMAS = _wordset("""add continue ask observe answer reply respond recall explain report counter
    maintain comment conclude shout yell scream whisper cry wonder joke quip exclaim
    recount testify assure urge caution remark reveal confirm tweet boast promise vow mention
    propose
    underline underscore reiterate read""") | {"point out", "put", "according to"}
# Verbs that may come before their subject ('," said Kibwana'), the inverted
# attribution of news copy; "told" and friends never do.
INVERTIBLE_LEMMAS = _wordset("""say add ask state note warn declare insist argue explain continue recall
    remark observe write reply respond answer admit concede complain suggest
    predict shout yell scream whisper cry wonder joke quip exclaim recount comment
    conclude counter emphasize stress caution urge acknowledge reiterate claim
    announce maintain proclaim""")
# Phrasal uses that are not about speech: "called for talks", "called off".
_VERB_GUARDS = {"call": r"(?!\s+(?:for|on|off|up|out|back|in)\b)"}
_QUOTED_AS = (
    r"(?:was|were|is|are|has\s+been|had\s+been|been)\s+quoted\s+"
    r"(?:by\s+[\w.]+(?:\s+[\w.]+){0,3}\s+)?as\s+saying"
)
VERB_RE = re.compile(
    r"(?<![\w'’-])(?=[A-Za-z])(?:(?P<quoted>"
    + _QUOTED_AS
    + r")|(?P<verb>"
    + "|".join(
        form.replace(" ", r"\s+") + _VERB_GUARDS.get(lemma, "")
        for form, lemma in sorted(REPORTING_VERBS.items(), key=lambda kv: -len(kv[0]))
    )
    + r"))(?![\w'’-])",
    re.IGNORECASE,
)
# "The agency quoted Aliyev as saying: ..." - the speaker sits inside the phrase.
QUOTED_X_AS_RE = re.compile(
    r"(?<![\w'’-])quot(?:ed|es|ing)\s+(?!by\b)(?P<np>[^,;:\"\x01]{1,80}?)\s+as\s+saying(?![\w'’-])",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------
# Word lists for reading the noun phrase next to a reporting verb.
# ---------------------------------------------------------------------------

PRONOUNS = _wordset("he she they it we i")
DETERMINERS = _wordset("""the a an his her its their our my this that these those one another some
    several many two three""")
# Prepositions that may link words inside a speaker phrase ("a spokesman for the
# ministry", "the head of the agency"), reading backwards from the verb.
NP_LINKS = _wordset("of for from at with to in on under near")
# Prepositions that put an entity inside a modifier rather than at the phrase's
# head: in "a spokesman for the Interior Ministry" the ministry is not the speaker.
PP_PREPOSITIONS = _wordset("of for from at with to in on by under near")
# Words that end a speaker phrase: function words, auxiliaries, time adverbs.
STOP_WORDS = _wordset("""that and but or nor if when while because after before since as so where which
    who whom whose then than though although unless until once whether what also
    later earlier meanwhile however today yesterday tonight now still there here not
    never only even monday tuesday wednesday thursday friday saturday sunday in on
    during without about into over under through told said says added adding saying
    is was were are be been being has have had will would could should can may
    might must did does do just again by quoted like unlike amid despite against
    among between up down out off per via both either neither""")
# Words between a subject and its verb: "Aliyev has also said", "he later told".
# Only lowercase "-ly" words are adverbs: "Kelly said", "Italy said" keep their subject.
AUX_RE = re.compile(
    r"(?:\s+(?:(?i:has|have|had|was|were|is|are|will|would|could|also|later|then|earlier|"
    r"further|again|once|previously|repeatedly|recently|since|already|often|always|"
    r"usually|sometimes|never|still|just|even|first|finally|then|now|once\s+again)|"
    r"[a-z]+ly))*\s*$"
)
# Titles and honorifics, skipped when matching a speaker's surname.
TITLES = _wordset("""president prime minister secretary general gen sen senator rep representative
    gov governor mr mrs ms dr mayor chairman chairwoman spokesman spokeswoman
    spokesperson foreign defense defence finance deputy vice chief leader judge
    justice king queen prince princess pope col lt sgt capt adm maj ambassador
    director commissioner coach professor prof rev sir lord lady premier chancellor
    senior official""")
ABBREVIATIONS = _wordset("""mr mrs ms dr gen sen rep gov lt col sgt capt adm maj cmdr st jr sr inc corp co
    ltd no vs prof rev jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave
    blvd dept est fig u.s u.n u.k e.g i.e etc a.m p.m pres calif mass wash fla ariz
    colo conn ill ind kan ky la md mich minn miss mo mont neb nev okla ore pa tenn
    tex va vt wis wyo""")

# ---------------------------------------------------------------------------
# Context words: whether a verb form is a verb, a quote is speech.
# ---------------------------------------------------------------------------

# Third-person forms that are more often plural nouns ("all states", "Swift's
# claims", "product recalls"): they count as verbs only after a pronoun or a
# name, and never after a determiner or a possessive.
NOUNISH_FORMS = _wordset(
    """states claims calls comments notes remarks reports tweets answers promises
    vows jokes recalls reads counters quips boasts mentions"""
)
NOUN_CONTEXT_RE = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|my|your|these|those|all|some|many|"
    r"several|two|three|four|key|other|such|no|of|and|or|in|on|to|for|with)|['’]s?)\s*$",
    re.IGNORECASE,
)
# After these a participle is an adjective: "a noted expert".
ADJECTIVE_CONTEXT_RE = re.compile(r"\b(?:a|an|the|this|these|those|its|their)\s+$", re.I)
# Connectives skipped before the subject of a colon-introduced quote ("But Smith ...:").
COLON_LEAD_RE = re.compile(r"(?:(?:As|But|And|So|Then|Later|Now),?\s+)?", re.IGNORECASE)
# Another party before a quote ("advice from him:"): the words may be that party's.
OTHER_PARTY_RE = re.compile(r"\b(?:him|her|them|us|me)\b", re.IGNORECASE)
# Words that make the next quote a name: 'an article titled "..."', 'so-called "..."'.
NAMING_RE = re.compile(
    r"\b(?:titled|entitled|called|named|dubbed|nicknamed|headlined|labell?ed|"
    r"known\s+as|so-called|the\s+word|the\s+term|the\s+phrase|the\s+slogan)\s*$",
    re.IGNORECASE,
)
# Words a title leaves lowercase ("The Man in the Iron Mask").
TITLE_SMALL_WORDS = _wordset("a an the of and or nor but in on at to for with by from as de la le")
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
