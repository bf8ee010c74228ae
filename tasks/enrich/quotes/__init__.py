"""Direct quotations in a story body, with who said them and how.

Why regexes and not a parser: quotation marks are typographic, not syntactic, and
news copy attributes quotes with a handful of fixed patterns (``"...," Aliyev
said``, ``said Kivutha Kibwana, of ...``, ``Aliyev said: "..."``, ``according to
X``). Anchoring on a closed list of reporting verbs and reading the noun phrase
next to the verb is fast, needs no model, and reuses the entity mentions the
pipeline has already resolved, so the speaker gets the story-wide canonical name.

Choices worth knowing:

* Only double quotation marks open a top-level quote: straight ", curly “ ”, low
  „, guillemets « », and the old wire form (two backticks ... two apostrophes).
  Single quotes (‘ ’ ') are too ambiguous with apostrophes to open a quote on
  their own, so they stay part of the enclosing quote's text (nesting).
* A paragraph that opens a quote without closing it continues into the next
  paragraph when that one starts with a quote mark (the wire convention): one
  quote whose text contains the paragraph break and the reopening mark. If the
  next paragraph does not reopen, the quote ends with its own paragraph. When the
  paragraph breaks were collapsed to spaces, a straight quote that reopens right
  after a finished sentence inside an open quote is read the same way.
* The quote text is everything between the marks, trimmed of surrounding
  whitespace, including the comma of '"...,"': it is what the marks enclose.
* Scare quotes and titles ('will "go all the way"', 'the "Iron Lady"') are
  returned like any quote. A scare quote gets a speaker only when a reporting
  verb in its sentence attributes it ('Aliyev stated that Baku will "go all the
  way"' -> Aliyev / state), otherwise speaker and verb are None. Title Case text
  ("Hamlet", "The Man in the Iron Mask") only takes an attribution that touches
  it ('"Hamlet," he said'), and a quote right after a naming word ('a show
  called "Ask the Doctor"', 'an article titled', 'so-called') never gets one.
* A quote with no attribution of its own inherits one from its neighbours:
  the previous quote's, when only that quote's attribution separates them
  ('"A," he said. "B."'); the previous sentence's, when the quote starts a
  sentence in the same paragraph ('Some staff break rules, he said. "But ..."');
  or a colon-ended attribution that closes the previous paragraph ('He told
  reporters:'). A quote paragraph after a paragraph of indirect speech is *not*
  attributed: that needs discourse reasoning a pattern matcher gets wrong.
* A colon with no reporting verb ('Grace Mwangi struck a defiant tone: "..."')
  gives the sentence-initial PERSON (or he/she) as speaker with verb None, but
  only when no other person is named before the colon ('advice from X:').
* Pronouns: he/she resolve to the most recent PERSON mention before the pronoun
  (mentions inside quotes are skipped), except that a person named inside the
  previous speaker's own attribution ('said Mick North, whose daughter Sophie
  ...') yields to that speaker; "it" resolves to the most recent ORG; they/we/I
  keep the pronoun as speaker with no canonical. The speaker text stays as
  written ("he"), the canonical and key come from the resolved mention.

Russian and French (``extract_quotes(..., language="ru"|"fr")``) share a second
set of modules driven by a per-language word list (``profile.QuoteLanguage``;
``lexicon_ru``, ``lexicon_fr``): ``marks_intl`` pairs «ёлочки», „лапки“, « guillemets »
(no-break spaces inside), straight quotes and dialogue dashes (``— ..., — сказал
он. — ...``), and splits a quote around author's words (``«A, — сказала она. —
B»``, ``« A, a-t-il dit. B »``); ``attribution_intl`` reads the reporting verb
(``сказал/сказала/сказали``, ``a déclaré``, ``a-t-il ajouté``, ``по словам X``,
``selon X``) after or before the quote; ``phrases_intl`` picks the speaker phrase
(a pronoun touching the verb, a PERSON not after a preposition, a role such as
``министр иностранных дел``/``le porte-parole``, an ORG); ``speakers_intl``
resolves it (the mention's nominative canonical for inflected names, a role back
to the person introduced with it, он/она/il/elle as he/she) and inherits speakers
as above; ``intl`` composes them and leaves out names in guillemets (``компания
«Газпром»``). Verb lemmas are English in every language. Other languages get
their quotes paired, with no speaker.

Layout: ``marks`` pairs the quotation marks into spans, ``sentences`` finds the
paragraph and sentence boundaries, ``attribution`` finds a quote's reporting verb
and (through ``phrases``) its speaker phrase, ``speakers`` resolves that phrase to
an entity mention or inherits a neighbour's, ``extract`` composes them; the word
lists live in ``lexicon``.
"""

from storywire.tasks.enrich.quotes.extract import extract_quotes
from storywire.tasks.enrich.quotes.intl import LANGUAGES
from storywire.tasks.enrich.quotes.lexicon import REPORTING_VERBS

__all__ = ["LANGUAGES", "REPORTING_VERBS", "extract_quotes"]
