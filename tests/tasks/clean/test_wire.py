"""Structure recovery on plain-text wire stories (fixtures in tests/fixtures/wire/)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from conftest import CORPORA, FIXTURES

from storywire.tasks.clean.wire import parse_wire_text

WIRE = FIXTURES / "wire"


@dataclass(frozen=True)
class Expect:
    """What a fixture must parse to. ``None`` means the field must be empty."""

    file: str
    headline: str | None
    body_start: str
    body_end: str
    n_body: int
    place: str | None = None
    agency: str | None = None
    month: int | None = None
    day: int | None = None
    site_header: str | None = None
    subheadline: str | None = None
    byline: str | None = None
    caption: str | None = None
    credit: str | None = None
    trailers: tuple[str, ...] = ()
    body_must_not_contain: tuple[str, ...] = field(default=())


CASES = [
    Expect(
        "tass_seed_style.txt",
        headline="Kyrgyzstan and Tajikistan agree to reopen mountain border crossing before winter",
        body_start="Kyrgyzstan and Tajikistan have agreed to reopen the Kyzyl-Bel",
        body_end="Joint demarcation commissions have met regularly since 1992.",
        n_body=6,
        place="Bishkek", agency="TASS", month=10, day=26,
        site_header="All news",
        subheadline="The two neighbors will restore traffic at the Kyzyl-Bel checkpoint within weeks, the deputy foreign minister said",
        caption="Kyrgyz Deputy Foreign Minister Almaz Toktogulov",
        credit="Kyrgyz Foreign Ministry Press Service",
        body_must_not_contain=("/TASS/", "©", "All news", "Press Service"),
    ),
    Expect(
        "ap_modern.txt",
        headline="Senate committee advances bill to expand rural broadband grants",
        body_start="A Senate committee on Tuesday advanced a bipartisan bill",
        body_end="expected a companion measure to be introduced next week.",
        n_body=7,
        place="Washington", agency="AP",
        byline="By MARIA DELGADO and THOMAS REID, Associated Press",
        caption="Sen. Carla Whitfield, R-Neb., speaks during a Senate Commerce Committee hearing on Capitol Hill in Washington.",
        credit="AP Photo/Daniel Brooks",
        trailers=("Associated Press writer Kevin Osei in Des Moines, Iowa, contributed to this report.",
                  "Copyright 2024 The Associated Press. All rights reserved."),
        body_must_not_contain=("(AP) —", "Copyright", "may not be published", "By MARIA"),
    ),
    Expect(
        "reuters.txt",
        headline="Chile's central bank holds rate steady, signals cuts later in the year",
        body_start="Chile's central bank kept its benchmark interest rate unchanged at 7.25%",
        body_end="reduce the fiscal deficit before the end of April.",
        n_body=7,
        place="Santiago", agency="Reuters", month=3, day=3,
        trailers=("(Reporting by Lucia Fernandez; Additional reporting by Diego Ortiz; Editing by Mark Holloway)",),
        body_must_not_contain=("(Reuters)", "Reporting by", "Editing by"),
    ),
    Expect(
        "afp.txt",
        headline="France to cap short-term rentals in crowded tourist cities",
        body_start="France will let city halls cap the number of nights",
        body_end="end a tax break for furnished holiday lets from January.",
        n_body=8,
        place="Paris", agency="AFP",
        trailers=("hm/jri/bp",),
        body_must_not_contain=("(AFP)", "hm/jri/bp"),
    ),
    Expect(
        "xinhua.txt",
        headline="China's Hainan rolls out new customs measures for free trade port",
        body_start="South China's Hainan Province on Thursday introduced a package",
        body_end='that is real money for us," he said.',
        n_body=6,
        place="Haikou", agency="Xinhua", month=11, day=2,
        trailers=("Enditem",),
        body_must_not_contain=("Enditem", "(Xinhua)"),
    ),
    Expect(
        "interfax.txt",
        headline="Russian grain exports slow in January as Black Sea ports report delays",
        body_start="Russian grain exports fell to 3.9 million tonnes in January",
        body_end='but not all of it," Voronina said.',
        n_body=7,
        place="Moscow", agency="Interfax", month=2, day=5,
        body_must_not_contain=("(Interfax) -", "MOSCOW."),
    ),
    Expect(
        "ap_1990s_wire.txt",
        headline="Farmers block highway to protest delays in drought relief",
        body_start="Hundreds of farmers blocked a main highway north of the capital on Thursday, demanding",
        body_end="called for a parliamentary inquiry into how relief funds were spent.",
        n_body=7,
        place="Kampala, Uganda", agency="AP",
        byline="By PETER MWANGI, Associated Press Writer",
        trailers=("(pm-jk)", "AP-NY-03-12-98 1547EST"),
        body_must_not_contain=("\t", "\n", "(AP) _", "1547EST", "(pm-jk)"),
    ),
    Expect(
        "structureless.txt",
        headline=None,
        body_start="Emergency crews have spent the night pumping water out of dozens of homes",
        body_end="remains closed between Lismore and Casino.",
        n_body=2,
    ),
]


@pytest.fixture(scope="module", params=CASES, ids=[c.file for c in CASES])
def case(request: pytest.FixtureRequest) -> tuple[Expect, object]:
    expect: Expect = request.param
    return expect, parse_wire_text((WIRE / expect.file).read_text(encoding="utf-8"))


def test_headline_and_header_fields(case) -> None:
    expect, parsed = case
    assert parsed.headline == expect.headline
    assert parsed.site_header == expect.site_header
    assert parsed.subheadline == expect.subheadline
    assert parsed.byline == expect.byline
    assert parsed.caption == expect.caption
    assert parsed.credit == expect.credit


def test_body_boundaries(case) -> None:
    expect, parsed = case
    assert len(parsed.body_paragraphs) == expect.n_body
    assert parsed.body_paragraphs[0].startswith(expect.body_start)
    assert parsed.body_paragraphs[-1].endswith(expect.body_end)
    for snippet in expect.body_must_not_contain:
        assert not any(snippet in para for para in parsed.body_paragraphs), snippet
    body = "\n\n".join(parsed.body_paragraphs)
    if expect.headline:
        assert expect.headline not in body


def test_dateline_fields(case) -> None:
    expect, parsed = case
    if expect.place is None:
        assert parsed.dateline is None
        return
    assert parsed.dateline is not None
    assert parsed.dateline.place == expect.place
    assert parsed.dateline.agency == expect.agency
    assert (parsed.dateline.month, parsed.dateline.day) == (expect.month, expect.day)


def test_trailers(case) -> None:
    expect, parsed = case
    for expected, got in zip(expect.trailers, parsed.trailers, strict=False):
        assert got.startswith(expected)
    assert len(parsed.trailers) == len(expect.trailers)


def test_wire_layout_keeps_underscore_dashes_and_backtick_quotes() -> None:
    parsed = parse_wire_text((WIRE / "ap_1990s_wire.txt").read_text(encoding="utf-8"))
    body = "\n\n".join(parsed.body_paragraphs)
    assert "second failed rainy season in a row _ the worst dry spell" in body
    assert "``Where is our seed?'' the protesters halted trucks" in body


def test_header_without_body_gives_empty_body() -> None:
    text = "All news\n\nParliament to debate pension reform next week\n\nThe bill is expected to pass\n"
    parsed = parse_wire_text(text)
    assert parsed.body_paragraphs == ()
    assert parsed.headline == "Parliament to debate pension reform next week"
    assert "no_body" in parsed.warnings


def test_single_line_story_is_all_body() -> None:
    text = ("The council has approved a new bus route linking the northern suburbs with the "
            "hospital. Services will start in March, a spokesman said.")
    parsed = parse_wire_text(text)
    assert parsed.headline is None
    assert parsed.body_paragraphs == (text,)


def test_short_first_sentence_is_not_made_a_headline() -> None:
    text = ("Police are investigating.\n\nA man was found injured outside a hotel in the city "
            "centre early on Sunday, officers said. He is in a stable condition.\n")
    parsed = parse_wire_text(text)
    assert parsed.headline is None
    assert parsed.body_paragraphs[0] == "Police are investigating."


def test_title_like_first_line_of_plain_story_is_headline() -> None:
    text = ("Storm cuts power to thousands in Hobart\n\nMore than 12,000 homes lost power "
            "overnight when strong winds brought down lines, the utility said. Crews expect to "
            "restore supply by this evening.\n")
    parsed = parse_wire_text(text)
    assert parsed.headline == "Storm cuts power to thousands in Hobart"
    assert parsed.dateline is None
    assert parsed.body_paragraphs[0].startswith("More than 12,000 homes")


def test_prose_that_starts_like_page_furniture_is_kept() -> None:
    text = ("Markets slide as oil jumps\n\nLONDON (Reuters) - Stocks fell on Monday.\n\n"
            "Share prices of airlines dropped the most.\n\nMore than 40 firms issued warnings.\n\n"
            "Related: Oil climbs to six-month high\n\nRead more\n")
    parsed = parse_wire_text(text)
    assert parsed.body_paragraphs == (
        "Stocks fell on Monday.",
        "Share prices of airlines dropped the most.",
        "More than 40 firms issued warnings.",
    )
    assert parsed.trailers == ("Related: Oil climbs to six-month high", "Read more")


def test_inline_sign_off_is_cut_from_last_paragraph() -> None:
    text = "LHASA, Aug. 9 (Xinhua) -- A new rail line opened on Friday, officials said. (END)\n"
    parsed = parse_wire_text(text)
    assert parsed.body_paragraphs == ("A new rail line opened on Friday, officials said.",)
    assert parsed.trailers == ("(END)",)


def test_dateline_after_copyright_notice_is_found() -> None:
    text = ("MALAYSIA\n\n\t   COPYRIGHT 2001 BY EXAMPLE NEWS SERVICES, INC. NO PORTION OF THE\n"
            "MATERIALS CONTAINED HEREIN MAY BE USED WITHOUT ATTRIBUTION.\n"
            "\t   IPOH, Tues. - The state government will build two new water treatment plants\n"
            "to end shortages in the district, the chief minister said.\n"
            "\t   The plants will cost about RM300 million.\n")
    parsed = parse_wire_text(text)
    assert parsed.headline == "MALAYSIA"
    assert parsed.dateline is not None and parsed.dateline.place == "Ipoh"
    assert parsed.dateline.weekday == 1
    assert parsed.body_paragraphs[0].startswith("The state government will build")
    assert parsed.trailers and parsed.trailers[0].startswith("COPYRIGHT 2001")


def test_hard_wrapped_unindented_text_is_rejoined() -> None:
    lines = [
        "Council votes to keep library branches open",
        "",
        "BRISTOL, England (AP) — The city council voted on Wednesday to keep all",
        "seven of its neighborhood library branches open for at least two more",
        "years, reversing a plan that had drawn thousands of letters of protest",
        "from parents and teachers across the city.",
        "",
        "The decision will cost about 1.2 million pounds a year, officials said,",
        "and will be paid for by delaying repairs to two sports centers.",
    ]
    parsed = parse_wire_text("\n".join(lines))
    assert parsed.body_paragraphs[0] == (
        "The city council voted on Wednesday to keep all seven of its neighborhood library "
        "branches open for at least two more years, reversing a plan that had drawn thousands "
        "of letters of protest from parents and teachers across the city."
    )
    assert len(parsed.body_paragraphs) == 2


def test_caption_with_trailing_credit_line_and_byline() -> None:
    text = ("World\n\nFloods force thousands from homes in Bavaria\n\n"
            "Rescue workers carry a resident through a flooded street. Photo: Jana Kohl\n\n"
            "By Anna Weber\n\nMUNICH (dpa) - Thousands of people were evacuated on Sunday.\n")
    parsed = parse_wire_text(text)
    assert parsed.site_header == "World"
    assert parsed.headline == "Floods force thousands from homes in Bavaria"
    assert parsed.caption == "Rescue workers carry a resident through a flooded street."
    assert parsed.credit == "Jana Kohl"
    assert parsed.byline == "By Anna Weber"
    assert parsed.dateline is not None and parsed.dateline.agency == "dpa"


def test_timestamp_lines_and_crlf_in_scraped_header() -> None:
    text = ("Emergencies\r\n\r\n26 OCT, 14:32\r\n\r\nFerry runs aground off Sakhalin coast\r\n\r\n"
            "YUZHNO-SAKHALINSK, October 26. /TASS/. A passenger ferry ran aground on Monday, "
            "regional officials said.\r\n")
    parsed = parse_wire_text(text)
    assert parsed.site_header == "Emergencies"
    assert parsed.headline == "Ferry runs aground off Sakhalin coast"
    assert parsed.dateline is not None and parsed.dateline.place == "Yuzhno-Sakhalinsk"
    assert parsed.trailers == ("26 OCT, 14:32",)
    assert parsed.body_paragraphs == ("A passenger ferry ran aground on Monday, regional officials said.",)


def test_staff_byline_and_plain_parenthetical_in_body() -> None:
    text = ("Police arrest six in drug raid\n\nStaff Reports\n\n"
            "Police arrested six people on Monday during a raid on two houses, officers said.\n\n"
            "(The department did not release the names of those arrested.)\n")
    parsed = parse_wire_text(text)
    assert parsed.byline == "Staff Reports"
    assert parsed.headline == "Police arrest six in drug raid"
    assert parsed.body_paragraphs[-1] == "(The department did not release the names of those arrested.)"


def test_dateline_on_a_line_of_its_own() -> None:
    text = ("\n\nDENVER _\n\nSnow closed mountain passes across Colorado on Tuesday, state officials "
            "said.\n\nMore snow is forecast for the weekend.\n")
    parsed = parse_wire_text(text)
    assert parsed.headline is None
    assert parsed.dateline is not None and parsed.dateline.raw == "DENVER _"
    assert parsed.body_paragraphs[0].startswith("Snow closed mountain passes")
    assert len(parsed.body_paragraphs) == 2


def test_scraped_caption_duplicate_without_subheadline() -> None:
    text = ("All news\n\nRussian ferry resumes Kerch route\n\n"
            "The ferry Slavyanin at the port of Kavkaz Port Authority\n"
            "The ferry Slavyanin at the port of Kavkaz\n© Port Authority\n\n"
            "KRASNODAR, May 3. /TASS/. The ferry resumed service on Friday, the operator said.\n")
    parsed = parse_wire_text(text)
    assert parsed.subheadline is None
    assert parsed.caption == "The ferry Slavyanin at the port of Kavkaz"
    assert parsed.credit == "Port Authority"


def test_paragraphs_join_wire_continuations() -> None:
    parsed = parse_wire_text("Title\n\n\t   FIRST para starts\nand continues.\n\t   Second para.\n")
    assert parsed.headline == "Title"
    assert parsed.body_paragraphs == ("FIRST para starts and continues.", "Second para.")


def test_empty_text() -> None:
    parsed = parse_wire_text("  \n\n ")
    assert parsed.headline is None and parsed.body_paragraphs == ()


def test_non_string_input_is_rejected() -> None:
    with pytest.raises(TypeError, match="expects str"):
        parse_wire_text(b"bytes")  # type: ignore[arg-type]


# ------------------------------------------------------------------ placeless datelines and notes

BLOOMBERG_STYLE = """\
Harbour Operator Posts Record Quarter as Cargo Volumes Climb

By Jane Holloway

(Bloomberg) -- Port Avalen Holdings reported its best quarter on record on Tuesday, as \
container volumes at its eastern terminal rose for a sixth straight month.

Revenue climbed 14% to 2.1 billion crowns, the company said in a statement.

--With assistance from Mark Tibbs.

To contact the reporter on this story:
Jane Holloway in Port Avalen at jholloway3@example.net
"""


def test_placeless_bloomberg_dateline_below_headline_and_byline() -> None:
    parsed = parse_wire_text(BLOOMBERG_STYLE)
    assert parsed.headline == "Harbour Operator Posts Record Quarter as Cargo Volumes Climb"
    assert parsed.byline == "By Jane Holloway"
    assert parsed.dateline is not None
    assert (parsed.dateline.raw, parsed.dateline.place, parsed.dateline.agency) == (
        "(Bloomberg) --", None, "Bloomberg")
    assert parsed.body_paragraphs[0].startswith("Port Avalen Holdings reported")
    assert parsed.body_paragraphs[-1] == "Revenue climbed 14% to 2.1 billion crowns, the company said in a statement."
    assert parsed.trailers[0] == "--With assistance from Mark Tibbs."
    assert "jholloway3@example.net" in parsed.trailers[-1]


@pytest.mark.parametrize(
    ("lede", "agency"),
    [
        ("(AP) — Ferry fares to the outer islands will rise by a tenth in April, the operator said.", "AP"),
        ("(Reuters) - Ferry fares to the outer islands will rise by a tenth in April, the operator said.", "Reuters"),
        ("(AFP) – Ferry fares to the outer islands will rise by a tenth in April, the operator said.", "AFP"),
    ],
)
def test_placeless_dateline_is_cut_from_the_lede(lede: str, agency: str) -> None:
    parsed = parse_wire_text(f"Ferry fares to rise in spring\n\n{lede}\n\nThe minister called it regrettable.\n")
    assert parsed.headline == "Ferry fares to rise in spring"
    assert parsed.dateline is not None and parsed.dateline.agency == agency
    assert parsed.dateline.place is None
    assert parsed.body_paragraphs[0].startswith("Ferry fares to the outer islands")


def test_placeless_dateline_on_a_line_of_its_own() -> None:
    parsed = parse_wire_text("(AP) —\n\nFerry fares will rise in April, the operator said.\n\nMore later.\n")
    assert parsed.dateline is not None and parsed.dateline.raw == "(AP) —"
    assert parsed.body_paragraphs[0] == "Ferry fares will rise in April, the operator said."


@pytest.mark.timeout(60)  # each sign-off searched the whole paragraph again: minutes, not ms
def test_thousands_of_sign_off_lines_are_all_trailers_in_their_order() -> None:
    lines = [f"(Reporting by Ana Ruiz{i}; Editing by Tom Bell{i})" for i in range(5000)]
    text = ("Harbour plan reviewed\n\nLONDON, March 5 (Reuters) - The council said on Monday the "
            "harbour plan would be reviewed. " + " ".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]))
    parsed = parse_wire_text(text)
    assert parsed.body_paragraphs == ("The council said on Monday the harbour plan would be reviewed.",)
    assert parsed.trailers == tuple(lines)


def test_a_paragraph_left_a_trailer_keeps_the_sign_offs_cut_from_its_end() -> None:
    text = ("Harbour plan reviewed\n\nLONDON, March 5 (Reuters) - The council said the plan would be "
            "reviewed.\n\n(Reporting by Ana Ruiz) (Editing by Tom Bell)")
    assert parse_wire_text(text).trailers == ("(Reporting by Ana Ruiz)", "(Editing by Tom Bell)")


def test_correction_note_above_the_dateline_is_a_trailer_not_a_headline() -> None:
    text = ("(Corrects spelling of minister's name in paragraph 3)\n\n"
            "LONDON, March 3 (Reuters) - Britain's ferry traffic grew faster than expected in "
            "January, port data showed on Friday.\n\n"
            "Transport minister Jane Smyth said the figures were encouraging.\n")
    parsed = parse_wire_text(text)
    assert parsed.headline is None
    assert parsed.trailers == ("(Corrects spelling of minister's name in paragraph 3)",)
    assert parsed.dateline is not None and parsed.dateline.agency == "Reuters"
    assert parsed.body_paragraphs[0].startswith("Britain's ferry traffic")


def test_update_note_under_headline_is_neither_subheadline_nor_body() -> None:
    text = ("Ferry fares to rise in spring\n\n(Updates with minister's comment in paragraph 4)\n\n"
            "(AP) — Ferry fares will rise by a tenth in April, the operator said Monday.\n\n"
            "The minister said the rise was regrettable.\n")
    parsed = parse_wire_text(text)
    assert parsed.headline == "Ferry fares to rise in spring"
    assert parsed.subheadline is None
    assert parsed.trailers == ("(Updates with minister's comment in paragraph 4)",)


def test_parenthetical_sentence_in_the_body_is_not_a_note() -> None:
    text = ("Ferry fares to rise\n\nPORT AVALEN (AP) — Fares will rise in April.\n\n"
            "(Changes to the timetable take effect in May.)\n\nThe operator declined to comment.\n")
    parsed = parse_wire_text(text)
    assert "(Changes to the timetable take effect in May.)" in parsed.body_paragraphs
    assert parsed.trailers == ()


def test_affiliation_line_of_any_table_agency_joins_the_byline() -> None:
    text = ("Ferry fares to rise\n\nBy Jane Holloway\n\nPress Trust of India\n\n"
            "NEW DELHI (PTI) - Ferry fares on the Hooghly will rise in April, officials said.\n")
    parsed = parse_wire_text(text)
    assert parsed.byline == "By Jane Holloway, Press Trust of India"
    assert parsed.subheadline is None


def test_chinese_paragraphs_are_body_not_header_lines() -> None:
    text = ("河畔市批准滨江步道改造计划\n\n"
            "河畔市政府12日批准了滨江步道改造计划，这一项目当地居民已经等待了近十年。\n\n"
            "市长表示，工程将于5月开工，预计历时两年左右。\n")
    parsed = parse_wire_text(text)
    assert parsed.headline == "河畔市批准滨江步道改造计划"
    assert len(parsed.body_paragraphs) == 2
    assert parsed.body_paragraphs[1].startswith("市长表示")


# ------------------------------------------------------------------ public corpora


def _rows(name: str) -> list[dict]:
    path = CORPORA / name / "gold.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not available")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.mark.corpus
def test_ieer_headlines_and_datelines() -> None:
    rows = _rows("ieer")
    parsed = [parse_wire_text(r["text"]) for r in rows]
    headline_ok = sum(p.headline == (r["title"] or None) for p, r in zip(parsed, rows, strict=True))
    with_dateline = sum(p.dateline is not None for p in parsed)
    print(f"\nieer: headline == title {headline_ok}/{len(rows)}, datelines {with_dateline}/{len(rows)}")
    assert headline_ok / len(rows) >= 0.95
    assert with_dateline >= 65  # 70 of the 94 stories open with a dateline
    assert all(p.body_paragraphs for p in parsed)
    for p in parsed:
        assert not any("\t" in b or "\n" in b for b in p.body_paragraphs)
        assert not any("NO PORTION OF THE MATERIALS" in b for b in p.body_paragraphs)


@pytest.mark.corpus
def test_lee_news_gets_no_invented_structure() -> None:
    rows = _rows("lee_news")
    for r in rows:
        parsed = parse_wire_text(r["raw"])
        assert parsed.headline is None
        assert parsed.dateline is None
        kept = " ".join(parsed.body_paragraphs)
        assert len(kept) >= 0.95 * len(" ".join(r["raw"].split()))
