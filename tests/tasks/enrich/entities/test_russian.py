"""Russian mentions with natasha: offsets, labels folded onto ours, names in the nominative."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.enrich.entities.russian import load_natasha, russian_mentions

# An invented Interfax-style paragraph: names inflected in four cases.
TEXT = (
    "Глава МИД Казахстана Даурен Абенов провел в Астане переговоры с министром иностранных дел "
    "Узбекистана Бахтиёром Саидовым. По словам Абенова, стороны обсудили строительство "
    "водохранилища на реке Сырдарье. Ранее в Министерстве иностранных дел Казахстана сообщили, "
    "что в переговорах примут участие представители ООН и Евразийского банка развития. "
    "Встреча в Ташкенте намечена на осень, Абенову предстоит поездка в Москву и Свердловскую область."
)


@pytest.fixture(scope="module")
def found():
    return russian_mentions(load_natasha(), TEXT, field="body")


def test_offsets_are_exact_and_labels_are_ours(found):
    assert found, "natasha found nothing"
    for m in found:
        assert TEXT[m.start : m.end] == m.text
        assert m.label in {"PERSON", "ORG", "GPE", "LOC", "MISC"}
        assert m.field == "body"
    sentences = {m.text: m.sentence for m in found}
    assert sentences["Абенова"] == 1 and sentences["Ташкенте"] == 3


def test_names_come_back_in_the_nominative(found):
    canon = {m.text: (m.label, m.canonical) for m in found}
    assert canon["Узбекистана"] == ("GPE", "Узбекистан")
    assert canon["Астане"] == ("GPE", "Астана")
    assert canon["Ташкенте"] == ("GPE", "Ташкент")
    assert canon["Москву"] == ("GPE", "Москва")
    assert canon["Абенова"] == ("PERSON", "Абенов")


def test_only_the_head_of_an_organization_is_inflected(found):
    """'Министерстве иностранных дел' is 'Министерство иностранных дел', not '... иностранные
    дела': the genitive after the head noun stays as written."""
    orgs = {m.canonical for m in found if m.label == "ORG"}
    assert any(o.startswith("Министерство иностранных дел") for o in orgs), orgs
    assert not any("иностранные дела" in o for o in orgs)


def test_quote_marks_around_a_company_are_not_its_name():
    text = "Акции ПАО «Уральский завод» выросли, сообщила компания «Северный поток»."
    for m in russian_mentions(load_natasha(), text, field="body"):
        assert text[m.start : m.end] == m.text
        assert not m.text.startswith("«") and m.text.count("«") == m.text.count("»")
        assert "«" not in m.canonical or "»" in m.canonical


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "Cc"]), max_size=300))
def test_any_text_gives_exact_offsets(text):
    for m in russian_mentions(load_natasha(), text, field="headline"):
        assert text[m.start : m.end] == m.text and m.start < m.end


def test_an_organization_and_the_country_it_belongs_to_are_one_organization():
    text = "Об этом сообщили в МИД России и в Министерстве энергетики Казахстана, а также в ЕС."
    found = {m.text: (m.label, m.canonical) for m in russian_mentions(load_natasha(), text, field="body")}
    assert found["МИД России"][0] == "ORG"
    assert found["Министерстве энергетики Казахстана"] == ("ORG", "Министерство энергетики Казахстана")
    assert found["ЕС"][0] == "ORG"  # a union of states, not a place
    assert "России" not in found and "Казахстана" not in found


def test_a_dateline_in_capitals_is_a_place_not_an_organization():
    found = russian_mentions(load_natasha(), "ИРКУТСК, 3 июня. /ТАСС/. Уровень воды поднялся.", field="body")
    assert [(m.text, m.label) for m in found if m.text == "ИРКУТСК"] == [("ИРКУТСК", "GPE")]


def test_natasha_loads_where_setuptools_ships_no_pkg_resources():
    """A fresh install gets a setuptools without ``pkg_resources`` (81 on), which pymorphy2
    uses to find its dictionary unless it is given the path."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pkg_resources'] = None\n"
        "from storywire.tasks.enrich.entities.russian import load_natasha, russian_mentions\n"
        "print([m.canonical for m in russian_mentions(load_natasha(), 'Он прилетел в Казань из Москвы.', field='body')])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'Москва'" in done.stdout and "Warning" not in done.stderr


def test_a_long_text_is_read_in_pieces_with_the_mentions_of_a_whole_reading():
    """natasha embeds a text whole, so a long one is read in pieces (memory stays bounded):
    offsets stay exact, mentions never overlap, sentences count across the pieces, and the
    pieces find what one reading of the whole text finds, but at the cuts."""
    text = "\n\n".join([TEXT] * 12)
    whole = russian_mentions(load_natasha(), text, field="body", piece_chars=10**9)
    pieces = russian_mentions(load_natasha(), text, field="body", piece_chars=2_000)
    assert all(text[m.start : m.end] == m.text for m in pieces)
    assert all(a.end <= b.start for a, b in itertools.pairwise(pieces))
    assert [m.sentence for m in pieces] == sorted(m.sentence for m in pieces)
    assert pieces[-1].sentence == whole[-1].sentence > 40
    same = {(m.start, m.end, m.label) for m in pieces} & {(m.start, m.end, m.label) for m in whole}
    assert len(same) >= 0.95 * len(whole)
