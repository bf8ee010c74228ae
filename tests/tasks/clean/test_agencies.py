"""The agency table and its normaliser: one name per agency, whatever the credit's spelling."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean.agencies import (
    AGENCIES,
    agency_forms,
    canonical_agency,
    fold_agency,
    is_known_agency,
)


@pytest.mark.parametrize(
    ("credit", "name"),
    [
        ("PRNewswire", "PR Newswire"),
        ("PR Newswire", "PR Newswire"),
        ("PR NEWSWIRE", "PR Newswire"),
        ("PRNewswire-FirstCall", "PR Newswire"),
        ("BUSINESS WIRE", "Business Wire"),
        ("BusinessWire", "Business Wire"),
        ("GLOBE NEWSWIRE", "GlobeNewswire"),
        ("Associated Press", "AP"),
        ("The Associated Press", "AP"),
        ("A.P.", "AP"),
        ("(AP)", "AP"),
        ("AFP", "AFP"),
        ("Agence France-Presse", "AFP"),
        ("Agence France Presse", "AFP"),
        ("agence france-presse", "AFP"),
        ("REUTERS", "Reuters"),
        ("Thomson Reuters", "Reuters"),
        ("Bloomberg News", "Bloomberg"),
        ("ITAR-TASS", "TASS"),
        ("Itar-Tass", "TASS"),
        ("ТАСС", "TASS"),
        ("TASS news agency", "TASS"),
        ("Xinhua News Agency", "Xinhua"),
        ("XINHUA", "Xinhua"),
        ("Интерфакс", "Interfax"),
        ("РИА Новости", "RIA Novosti"),
        ("Deutsche Presse-Agentur", "dpa"),
        ("DPA", "dpa"),
        ("Press Association", "PA Media"),
        ("The Canadian Press", "Canadian Press"),
        ("La Presse canadienne", "Canadian Press"),
        ("Press Trust of India", "PTI"),
        ("Dow Jones Newswires", "Dow Jones"),
        ("Kyodo News", "Kyodo"),
        ("Anadolu Agency", "Anadolu"),
        ("Australian Associated Press", "AAP"),
    ],
)
def test_spellings_fold_to_the_table_name(credit: str, name: str) -> None:
    assert canonical_agency(credit) == name
    assert is_known_agency(credit)


@pytest.mark.parametrize(
    ("credit", "written"),
    [
        ("Port Avalen Courier", "Port Avalen Courier"),
        ("  Harbour   Weekly ", "Harbour Weekly"),
        ("CWN", "CWN"),
        ("Bloomberg Opinion", "Bloomberg Opinion"),
    ],
)
def test_unknown_credits_are_kept_as_written(credit: str, written: str) -> None:
    assert canonical_agency(credit) == written
    assert not is_known_agency(credit)


@pytest.mark.parametrize("credit", [None, "", "   "])
def test_missing_credit_is_none(credit: str | None) -> None:
    assert canonical_agency(credit) is None


def test_a_generic_tail_alone_is_no_agency() -> None:
    assert not is_known_agency("news agency")
    assert not is_known_agency("Agency")
    assert canonical_agency("The Harbour News Agency") == "The Harbour News Agency"


def test_every_spelling_belongs_to_one_agency_only() -> None:
    keys = Counter(fold_agency(form) for agency in AGENCIES for form in agency.forms)
    assert [key for key, n in keys.items() if n > 1] == []
    assert all(fold_agency(form) for form in agency_forms())


def test_every_table_name_is_its_own_canonical_name() -> None:
    for agency in AGENCIES:
        assert canonical_agency(agency.name) == agency.name
        for form in agency.spellings:
            assert canonical_agency(form) == agency.name


def test_fold_ignores_case_punctuation_spacing_and_article() -> None:
    assert fold_agency("The  P.R. News-Wire ") == fold_agency("prnewswire")
    assert fold_agency("ＡＰ") == "ap"  # full-width letters


@given(st.text(max_size=80))
def test_normalising_never_raises_and_is_idempotent(credit: str) -> None:
    once = canonical_agency(credit)
    assert canonical_agency(once) == once
    assert once is None or (once == once.strip() and "  " not in once)
