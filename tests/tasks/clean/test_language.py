"""Language identification on short news paragraphs."""

from __future__ import annotations

import pytest

from storywire.tasks.clean.language import detect_language, plausibility


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


def test_plausibility_prefers_the_right_decoding() -> None:
    assert plausibility("fête Lumières décembre soirées") > plausibility(
        "fźte Lumičres dķcembre soirķes"
    )
    assert plausibility("odbyło się mieszkańców urzędu") > plausibility(
        "odby³o siê mieszkañców urzêdu"
    )
