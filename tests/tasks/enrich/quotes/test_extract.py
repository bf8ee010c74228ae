"""Direct quotations: exact offsets, speaker, canonical speaker and reporting verb.

Every story below is written for these tests in the shape of real wire copy
(TASS-style datelines, 1990s AP copy with ``...'' quotes and hard line breaks,
curly-quoted web copy). Entity mentions are built by hand the way the entity
step hands them over: offsets into the body, a label and a within-story canonical.
"""

from __future__ import annotations

import json
import time

import pytest
from conftest import CORPORA

from storywire.tasks.enrich.quotes import extract_quotes
from storywire.tasks.records import EntityMention, QuoteMention
from tests.tasks.enrich.quotes.built import Spec, mentions, summary


def assert_offsets(body: str, quotes: list[QuoteMention]) -> None:
    for q in quotes:
        assert body[q.start : q.end] == q.text
        assert q.text == q.text.strip() and q.text


TASS = (
    "ASTANA, March 3. /TASS/. Kazakh President Kassym-Jomart Tokayev stated that Astana will "
    '"stand firm" on grain export quotas if neighbours keep dumping wheat.\n\n'
    '"We have no intention of backing down. The quotas stay until the harvest is in," '
    "Tokayev said in a televised address on Tuesday.\n\n"
    '"Our farmers come first. Nobody should doubt that, and nobody will," he emphasized.\n\n'
    "Tokayev also criticised traders who, according to him, hoard stocks."
)
TASS_ENTITIES: list[Spec] = [
    ("Kassym-Jomart Tokayev", "PERSON", "Kassym-Jomart Tokayev"),
    ("Tokayev", "PERSON", "Kassym-Jomart Tokayev"),
    ("Astana", "GPE", "Astana"),
]

WIRE = (
    "Teachers march on parliament\n\n"
    "\t   NAIROBI, Kenya (AP) _ Thousands of teachers marched on Friday and\n"
    "chanted ``Pay us now,'' waving placards at the gates.\n"
    "\t   ``We have waited three years for the raise we were promised,''\n"
    "said Wanjiru Kamau, of the Kenya National Union of Teachers, which\n"
    "called the strike.\n"
    "\t   Education Minister Peter Otieno said the money ``is in the budget''\n"
    "and would be paid next month."
)
WIRE_ENTITIES: list[Spec] = [
    ("Wanjiru Kamau", "PERSON", "Wanjiru Kamau"),
    ("Kenya National Union of Teachers", "ORG", "Kenya National Union of Teachers"),
    ("Peter Otieno", "PERSON", "Peter Otieno"),
    ("NAIROBI", "GPE", "Nairobi"),
    ("Kenya", "GPE", "Kenya"),
]

CASES = [
    pytest.param(
        TASS,
        TASS_ENTITIES,
        [
            ("stand firm", "Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev", "state"),
            (
                "We have no intention of backing down. The quotas stay until the harvest is in,",
                "Tokayev",
                "Kassym-Jomart Tokayev",
                "say",
            ),
            (
                "Our farmers come first. Nobody should doubt that, and nobody will,",
                "he",
                "Kassym-Jomart Tokayev",
                "emphasize",
            ),
        ],
        id="tass-scare-quote-verb-and-pronoun",
    ),
    pytest.param(
        WIRE,
        WIRE_ENTITIES,
        [
            ("Pay us now,", None, None, None),
            (
                "We have waited three years for the raise we were promised,",
                "Wanjiru Kamau",
                "Wanjiru Kamau",
                "say",
            ),
            ("is in the budget", "Peter Otieno", "Peter Otieno", "say"),
        ],
        id="old-wire-backticks-inverted-said",
    ),
    pytest.param(
        "MOSCOW, June 9. /TASS/. The Russian Foreign Ministry summoned the envoy on Monday.\n\n"
        "“We will not sign anything under pressure,” the ministry said in a statement.",
        [("Russian Foreign Ministry", "ORG", "Russian Foreign Ministry")],
        [
            (
                "We will not sign anything under pressure,",
                "the ministry",
                "Russian Foreign Ministry",
                "say",
            )
        ],
        id="curly-common-noun-matches-org",
    ),
    pytest.param(
        "“Margins will stay thin for a year,” the company said.",
        [],
        [("Margins will stay thin for a year,", "the company", None, "say")],
        id="curly-common-noun-no-entity",
    ),
    pytest.param(
        "Chidi Okafor remembers the night the river rose.\n\n"
        "“My father told me, ‘Take the goats and go,’ and I ran,” Okafor recalled.",
        [("Chidi Okafor", "PERSON", "Chidi Okafor"), ("Okafor", "PERSON", "Chidi Okafor")],
        [
            (
                "My father told me, ‘Take the goats and go,’ and I ran,",
                "Okafor",
                "Chidi Okafor",
                "recall",
            )
        ],
        id="curly-with-nested-single-quotes",
    ),
    pytest.param(
        'Coach Dana Whitfield was blunt after the loss. "We will fix it," she said, '
        '"one game at a time."',
        [("Dana Whitfield", "PERSON", "Dana Whitfield")],
        [
            ("We will fix it,", "she", "Dana Whitfield", "say"),
            ("one game at a time.", "she", "Dana Whitfield", "say"),
        ],
        id="split-quote-comma",
    ),
    pytest.param(
        '"We lost the vote," Senator Paul Brennan told reporters. "But we did not lose the '
        'argument."',
        [("Paul Brennan", "PERSON", "Paul Brennan")],
        [
            ("We lost the vote,", "Paul Brennan", "Paul Brennan", "tell"),
            ("But we did not lose the argument.", "Paul Brennan", "Paul Brennan", "tell"),
        ],
        id="second-sentence-inherits-speaker",
    ),
    pytest.param(
        '"Prices will keep rising through the winter. Households should prepare now.\n\n'
        '"We see no relief before March," said Ngozi Adeyemi, chief economist at Lagos '
        "Capital.",
        [("Ngozi Adeyemi", "PERSON", "Ngozi Adeyemi"), ("Lagos Capital", "ORG", "Lagos Capital")],
        [
            (
                "Prices will keep rising through the winter. Households should prepare now.\n\n"
                '"We see no relief before March,',
                "Ngozi Adeyemi",
                "Ngozi Adeyemi",
                "say",
            )
        ],
        id="quote-spanning-paragraphs",
    ),
    pytest.param(
        '"The talks collapsed at dawn," according to Maria Santos, a senior diplomat.',
        [("Maria Santos", "PERSON", "Maria Santos")],
        [("The talks collapsed at dawn,", "Maria Santos", "Maria Santos", "according to")],
        id="according-to",
    ),
    pytest.param(
        'Maria Santos told reporters in Geneva: "Nobody left the room happy."',
        [("Maria Santos", "PERSON", "Maria Santos"), ("Geneva", "GPE", "Geneva")],
        [("Nobody left the room happy.", "Maria Santos", "Maria Santos", "tell")],
        id="speaker-before-colon",
    ),
    pytest.param(
        '"Nobody was hurt," Jan Kowalski, a spokesman for the Interior Ministry, said.',
        [
            ("Jan Kowalski", "PERSON", "Jan Kowalski"),
            ("the Interior Ministry", "ORG", "Interior Ministry"),
        ],
        [("Nobody was hurt,", "Jan Kowalski", "Jan Kowalski", "say")],
        id="appositive-between-speaker-and-verb",
    ),
    pytest.param(
        '"The roads are open again," a spokesman for the Interior Ministry said.',
        [("the Interior Ministry", "ORG", "Interior Ministry")],
        [("The roads are open again,", "a spokesman for the Interior Ministry", None, "say")],
        id="org-inside-modifier-is-not-speaker",
    ),
    pytest.param(
        '"Supply is back to normal," said Finance Minister Tito Mabuza.',
        [("Tito Mabuza", "PERSON", "Tito Mabuza")],
        [("Supply is back to normal,", "Tito Mabuza", "Tito Mabuza", "say")],
        id="inverted-with-title",
    ),
    pytest.param(
        "Northwind Airlines cancelled 40 flights.\n\n"
        '"Safety comes before schedules," it said, adding that refunds would follow.',
        [("Northwind Airlines", "ORG", "Northwind Airlines")],
        [("Safety comes before schedules,", "it", "Northwind Airlines", "say")],
        id="pronoun-it-resolves-to-org",
    ),
    pytest.param(
        'Astana will "stand firm" if the talks fail, Tokayev said.',
        [("Tokayev", "PERSON", "Kassym-Jomart Tokayev"), ("Astana", "GPE", "Astana")],
        [("stand firm", "Tokayev", "Kassym-Jomart Tokayev", "say")],
        id="closing-attribution-clause",
    ),
    pytest.param(
        'The so-called "peace dividend" never arrived, and the "Iron Lady" left office.',
        [],
        [("peace dividend", None, None, None), ("Iron Lady", None, None, None)],
        id="scare-quotes-without-verb",
    ),
    pytest.param(
        'She starred in "The Long Road Home" last year before moving to the stage.',
        [],
        [("The Long Road Home", None, None, None)],
        id="title-without-verb",
    ),
    pytest.param(
        "The minister said in a statement on state television:\n\n"
        '"Every contract signed since 2019 will be reviewed."',
        [],
        [("Every contract signed since 2019 will be reviewed.", "The minister", None, "say")],
        id="attribution-ends-previous-paragraph",
    ),
    pytest.param(
        'Gerald Ford replied: "We will understand." Henry Kissinger, who has denied the '
        "exchange took place, declined to comment.",
        [
            ("Gerald Ford", "PERSON", "Gerald Ford"),
            ("Henry Kissinger", "PERSON", "Henry Kissinger"),
        ],
        [("We will understand.", "Gerald Ford", "Gerald Ford", "reply")],
        id="relative-clause-is-not-attribution",
    ),
    pytest.param(
        '"The first wave hit at noon. "By two the harbour was gone," the mayor said.',
        [],
        [
            (
                'The first wave hit at noon. "By two the harbour was gone,',
                "the mayor",
                None,
                "say",
            )
        ],
        id="collapsed-paragraph-break-reopens-quote",
    ),
    pytest.param(
        '"Orientalism is a style of thought," Edward Said wrote.',
        [("Edward Said", "PERSON", "Edward Said")],
        [("Orientalism is a style of thought,", "Edward Said", "Edward Said", "write")],
        id="verb-form-inside-a-name",
    ),
    pytest.param(
        '"We will talk to anyone," the United States said.',
        [("the United States", "GPE", "United States")],
        [("We will talk to anyone,", "the United States", "United States", "say")],
        id="capitalized-states-is-not-a-verb",
    ),
    pytest.param(
        "Tokayev spoke for an hour.\n\n"
        '"We have done our part," Mr. Tokayev, 68, was quoted as saying by the agency.',
        [("Tokayev", "PERSON", "Kassym-Jomart Tokayev")],
        [("We have done our part,", "Tokayev", "Kassym-Jomart Tokayev", "say")],
        id="quoted-as-saying",
    ),
    pytest.param(
        '"The deal is dead," the statement read.',
        [],
        [("The deal is dead,", "the statement", None, "read")],
        id="statement-read",
    ),
    pytest.param(
        '"Who pays for this?" asked Lena Fischer, a shop owner.',
        [("Lena Fischer", "PERSON", "Lena Fischer")],
        [("Who pays for this?", "Lena Fischer", "Lena Fischer", "ask")],
        id="question-mark-inverted",
    ),
    pytest.param(
        '"Sales fell because last year was so strong," David Brandt, an analyst at '
        'J.P. Morgan Securities Inc., said. "We are back to normal rates."',
        [
            ("David Brandt", "PERSON", "David Brandt"),
            ("J.P. Morgan Securities Inc.", "ORG", "J.P. Morgan Securities Inc."),
        ],
        [
            ("Sales fell because last year was so strong,", "David Brandt", "David Brandt", "say"),
            ("We are back to normal rates.", "David Brandt", "David Brandt", "say"),
        ],
        id="initialisms-do-not-end-the-sentence",
    ),
    pytest.param(
        'Grace Mwangi struck a defiant tone: "We are not going anywhere."',
        [("Grace Mwangi", "PERSON", "Grace Mwangi")],
        [("We are not going anywhere.", "Grace Mwangi", "Grace Mwangi", None)],
        id="colon-without-reporting-verb",
    ),
    pytest.param(
        'Grace Mwangi recalled advice from her mentor Joseph Ndungu: "Never sign first."',
        [("Grace Mwangi", "PERSON", "Grace Mwangi"), ("Joseph Ndungu", "PERSON", "Joseph Ndungu")],
        [("Never sign first.", None, None, None)],
        id="colon-with-another-party-is-not-attributed",
    ),
    pytest.param(
        '"We all miss him," Ruth Adler said softly, telling the crowd, "and we always will."',
        [("Ruth Adler", "PERSON", "Ruth Adler")],
        [
            ("We all miss him,", "Ruth Adler", "Ruth Adler", "say"),
            ("and we always will.", "Ruth Adler", "Ruth Adler", "tell"),
        ],
        id="participle-attribution-takes-clause-subject",
    ),
    pytest.param(
        'Ministers from two Gulf states warned of "grave consequences" on Sunday.',
        [],
        [("grave consequences", "Ministers from two Gulf states", None, "warn")],
        id="plural-noun-states-is-not-a-verb",
    ),
    pytest.param(
        'Robert Wilson said he had once seen a production of "Hamlet" in which the ghost '
        'sat at a desk, and that it "changed everything for me."',
        [("Robert Wilson", "PERSON", "Robert Wilson")],
        [
            ("Hamlet", None, None, None),
            ("changed everything for me.", "Robert Wilson", "Robert Wilson", "say"),
        ],
        id="title-in-reported-sentence-is-not-attributed",
    ),
    pytest.param(
        '"Nothing like it," said Sherry Lane, chairwoman of the studio that made "Titanic." '
        '"The frenzy is about talent."',
        [("Sherry Lane", "PERSON", "Sherry Lane")],
        [
            ("Nothing like it,", "Sherry Lane", "Sherry Lane", "say"),
            ("Titanic.", None, None, None),
            ("The frenzy is about talent.", "Sherry Lane", "Sherry Lane", "say"),
        ],
        id="inherits-across-a-title-in-the-attribution",
    ),
    pytest.param(
        'He now hosts a late-night show called "Ask the Doctor" on local radio.',
        [],
        [("Ask the Doctor", None, None, None)],
        id="called-names-a-title",
    ),
    pytest.param(
        'Trent Lott dismissed the plan, asserting: "We have our own priorities."',
        [("Trent Lott", "PERSON", "Trent Lott")],
        [("We have our own priorities.", "Trent Lott", "Trent Lott", "assert")],
        id="participle-before-colon",
    ),
    pytest.param(
        'The ministry issued a short note. It said the mill had a 42" press and nothing more.',
        [],
        [],
        id="inch-mark-is-not-a-quote",
    ),
    pytest.param(
        "Grain prices fell for a third week as harvest estimates rose.\n\nNo one commented.",
        [],
        [],
        id="no-quotes",
    ),
]


@pytest.mark.parametrize(("body", "specs", "expected"), CASES)
def test_extract_quotes(body: str, specs: list[Spec], expected: list[tuple]) -> None:
    quotes = extract_quotes(body, mentions(body, specs))
    assert_offsets(body, quotes)
    assert summary(quotes) == expected


def test_speaker_key_comes_from_the_mention() -> None:
    quotes = extract_quotes(TASS, mentions(TASS, TASS_ENTITIES))
    assert {q.speaker_key for q in quotes} == {"person:kassym-jomart_tokayev"}


def test_paragraph_index_and_exact_offsets() -> None:
    quotes = extract_quotes(TASS, mentions(TASS, TASS_ENTITIES))
    assert [q.paragraph for q in quotes] == [0, 1, 2]
    first = TASS.index('"stand firm"') + 1
    assert (quotes[0].start, quotes[0].end) == (first, first + len("stand firm"))


def test_wire_quote_keeps_hard_line_break() -> None:
    quotes = extract_quotes(WIRE, mentions(WIRE, WIRE_ENTITIES))
    assert quotes[1].text.endswith("promised,")
    assert "\n" not in quotes[1].text  # this one fits on one line
    body = "\t   ``The bridge was\nbuilt to last,'' said engineer Amos Kirui."
    (quote,) = extract_quotes(body)
    assert quote.text == "The bridge was\nbuilt to last,"
    assert (quote.speaker, quote.verb) == ("engineer Amos Kirui", "say")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param('"We go," he said.', [("We go,", "he", None, "say")], id="no-entities"),
        pytest.param(
            '"Not today," Aliyev said.',
            [("Not today,", "Aliyev", None, "say")],
            id="name-no-entities",
        ),
        pytest.param(
            "``It's over,'' she said. ``Finished.''",
            [("It's over,", "she", None, "say"), ("Finished.", "she", None, "say")],
            id="backticks-inherit",
        ),
    ],
)
def test_without_entities_the_speaker_text_is_kept(body: str, expected: list[tuple]) -> None:
    quotes = extract_quotes(body)
    assert_offsets(body, quotes)
    assert summary(quotes) == expected


def test_surname_matches_person_canonical_when_ner_missed_the_mention() -> None:
    body = 'Talks with Ilham Aliyev ran late.\n\n"Not today," President Aliyev said.'
    ents = [EntityMention(11, 23, "Ilham Aliyev", "PERSON", 0, "Ilham Aliyev", "p1")]
    (quote,) = extract_quotes(body, ents)
    assert (quote.speaker, quote.speaker_canonical, quote.speaker_key) == (
        "President Aliyev",
        "Ilham Aliyev",
        "p1",
    )


def test_pronoun_skips_people_named_inside_quotes() -> None:
    body = (
        "Prime Minister Ana Duarte met farmers on Monday.\n\n"
        '"I spoke to Pedro Alves yesterday and he agrees," she said.'
    )
    ents = mentions(
        body, [("Ana Duarte", "PERSON", "Ana Duarte"), ("Pedro Alves", "PERSON", "Pedro Alves")]
    )
    (quote,) = extract_quotes(body, ents)
    assert (quote.speaker, quote.speaker_canonical) == ("she", "Ana Duarte")


def test_headline_mentions_are_ignored() -> None:
    body = '"We go," he said.'
    headline = EntityMention(0, 2, "We", "PERSON", 0, "Someone", "k", field="headline")
    (quote,) = extract_quotes(body, [headline])
    assert quote.speaker_canonical is None


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    body = 'He said "we will be back\n\nThe crowd left at noon.'
    (quote,) = extract_quotes(body)
    assert quote.text == "we will be back"
    assert_offsets(body, [quote])


def test_mention_outside_the_body_is_an_error() -> None:
    stray = EntityMention(40, 52, "Ilham Aliyev", "PERSON", 0, "Ilham Aliyev", "p1")
    with pytest.raises(ValueError, match=r"offsets 40:52 outside the body \(17 characters\)"):
        extract_quotes('"We go," he said.', [stray])


@pytest.mark.parametrize("body", ["", "\n\n", "   ", '""', "“ ”"])
def test_empty_inputs(body: str) -> None:
    assert extract_quotes(body) == []


def test_paragraph_index_follows_blank_lines_in_pipeline_bodies() -> None:
    paragraphs = [
        "Officials met on Monday.",
        "The report was long\n  and oddly wrapped.",
        '"We are ready," the mayor said.',
    ]
    (quote,) = extract_quotes("\n\n".join(paragraphs))
    assert quote.paragraph == 2


def test_long_unpunctuated_paragraph_stays_fast() -> None:
    body = 'and then he said "yes" ' * 3000  # one paragraph, no sentence ends
    started = time.perf_counter()
    quotes = extract_quotes(body)
    assert len(quotes) == 3000
    assert time.perf_counter() - started < 10.0


def test_fast_on_a_long_story() -> None:
    paragraph = (
        '"We will keep the plant open as long as the orders come in," Maria Santos said. '
        '"After that, nobody knows."'
    )
    body = "\n\n".join([paragraph] * 400)
    ents = mentions(body, [("Maria Santos", "PERSON", "Maria Santos")])
    started = time.perf_counter()
    quotes = extract_quotes(body, ents)
    elapsed = time.perf_counter() - started
    assert len(quotes) == 800
    assert all(q.speaker_canonical == "Maria Santos" for q in quotes)
    assert elapsed < 5.0


IEER = CORPORA / "ieer" / "gold.jsonl"


@pytest.mark.corpus
@pytest.mark.skipif(not IEER.is_file(), reason="../shared/corpora/ieer not present")
def test_ieer_offsets_and_attribution_floor() -> None:
    """Raw AP/NYT wire copy with gold ENAMEX as the entity input: every quote's
    offsets are exact and most quotes get a speaker."""
    labels = {"PERSON": "PERSON", "ORGANIZATION": "ORG", "LOCATION": "GPE"}
    total = attributed = 0
    for line in IEER.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = doc["text"]
        ents = [
            EntityMention(
                e["start"], e["end"], e["text"], labels[e["label"]], 0, e["text"], e["text"]
            )
            for e in doc["entities"]
            if e["label"] in labels
        ]
        quotes = extract_quotes(text, ents)
        assert_offsets(text, quotes)
        total += len(quotes)
        attributed += sum(q.speaker is not None for q in quotes)
    assert total >= 700
    assert attributed / total >= 0.6
