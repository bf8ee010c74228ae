"""Language identification on short news paragraphs."""

from __future__ import annotations

import pytest

from storywire.tasks.clean.language import coverage, detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "The harbour board voted on Wednesday to build a second ferry terminal on the eastern quay.",
            "en",
        ),
        (
            "Движение по новому мосту через реку открыто в субботу утром, сообщили в мэрии города.",
            "ru",
        ),
        (
            "Plus de deux millions de visiteurs ont parcouru les rues de la ville pendant quatre soirées.",
            "fr",
        ),
        (
            "Der Containerumschlag im Hamburger Hafen ist im vergangenen Jahr um fünf Prozent gesunken.",
            "de",
        ),
        (
            "La nueva línea de tranvía que une el centro con el aeropuerto comenzó a funcionar el lunes.",
            "es",
        ),
        ("MINISTERS AGREE NEW BUDGET AFTER LONG NIGHT OF TALKS", "en"),
    ],
)
def test_detects_language_of_short_paragraphs(text: str, code: str) -> None:
    language, confidence = detect_language(text)
    assert language == code
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize("text", ["", "OK", "12:45 — 3-1", "   \n ", "€ 1,250.00 (+3.5%)"])
def test_too_short_or_letterless_text_has_no_language(text: str) -> None:
    assert detect_language(text) == (None, 0.0)


def test_confidence_grows_with_evidence() -> None:
    short = detect_language("Le conseil municipal a voté hier soir.")
    longer = detect_language(
        "Le conseil municipal a voté hier soir le nouveau plan de circulation. Les commerçants "
        "du centre-ville craignent une baisse de la fréquentation pendant les travaux."
    )
    assert short[0] == longer[0] == "fr"
    assert longer[1] >= short[1]


@pytest.mark.parametrize("wrong", ["cp1253", "cp1255", "cp874"])
def test_coverage_prefers_russian_to_the_same_bytes_in_a_one_language_script(wrong: str) -> None:
    # Per hit these Greek, Hebrew and Thai readings score higher than the Russian (which made
    # a short TASS flash Thai); per byte they hit the model less.
    russian = "Президент провёл встречу с губернатором"
    assert coverage(russian) > coverage(russian.encode("cp1251").decode(wrong))


# --------------------------------------------------------------------------- long texts


@pytest.mark.parametrize(
    "line",
    ["list line {i}", "line {i} of the list", "Item {i}: ferry timetable for the eastern quay"],
)
def test_long_list_of_short_english_lines_is_english(line: str) -> None:
    text = "\n".join(line.format(i=i) for i in range(100_000))
    assert detect_language(text)[0] == "en"


def test_a_long_text_is_judged_on_samples_from_all_of_it() -> None:
    # A header of codes, then a long English story: the first 2,000 characters alone are
    # not English.
    header = "\n".join(f"KX-{i:05d} ZQ-{i % 97:02d}" for i in range(400))
    story = (
        "The harbour board approved the new ferry terminal after two years of debate, "
        "and the first sailings are expected next spring. "
    ) * 200
    assert detect_language(header)[0] != "en"
    assert detect_language(header + "\n\n" + story)[0] == "en"


def test_a_long_story_in_a_less_written_language_keeps_its_label() -> None:
    estonian = (
        "Sadamanõukogu kiitis neljapäeval heaks uue parveterminali ehitamise idakail, "
        "lõpetades kaks aastat kestnud vaidluse. "
    ) * 100
    assert detect_language(estonian) == ("et", pytest.approx(1.0, abs=0.01))
