"""The benchmark's input: generated stories vary, corpus stories cycle into distinct copies."""

from __future__ import annotations

import json
import random

import pytest

from storywire.flows.bench import DEFAULT_CORPORA, generate_story, write_input
from storywire.flows.bench.inputs import InputDoc, _cycled, corpus_docs, write_long_inputs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_stories_vary_and_look_like_wire_copy(seed):
    rng = random.Random(seed)
    stories = [generate_story(i, rng) for i in range(30)]
    texts = [t for t, _ in stories]
    assert len(set(texts)) == len(texts)
    assert len({t.split("\n", 1)[0] for t in texts}) > 10  # headlines vary
    for text, published in stories:
        headline, _, body = text.partition("\n\n")
        assert headline and '"' in body and len(body.split()) > 60
        assert published[:2] == "20"


def test_write_input_generated(tmp_path):
    info = write_input(tmp_path / "in", 12, source="generated")
    files = sorted((tmp_path / "in").glob("*.txt"))
    assert info["files"] == len(files) == 12
    assert len({f.read_bytes() for f in files}) == 12


def test_cycling_makes_numbered_distinct_copies():
    base = [InputDoc("a", "First story.\n"), InputDoc("b", "Second story.\n", "2020-01-02", "tbaq")]
    docs = list(_cycled(base, 5))
    assert [d.name for d in docs] == ["000000_a", "000001_b", "000002_a", "000003_b", "000004_a"]
    assert docs[0].text == "First story.\n"
    assert docs[2].text.startswith("First story.\n\n") and "repeat 1" in docs[2].text
    assert "repeat 2" in docs[4].text
    assert len({d.text for d in docs}) == 5
    assert docs[3].published == "2020-01-02"


@pytest.mark.corpus
def test_write_input_from_the_corpora(tmp_path):
    base = len(corpus_docs(DEFAULT_CORPORA))
    info = write_input(tmp_path / "in", base + 3, source="corpus")
    assert info["source"] == "corpus" and info["distinct_base_stories"] == base
    assert set(info["origins"]) == {"lee_news", "tbaq", "ieer"}
    files = sorted((tmp_path / "in").glob("*.txt"))
    originals = {f.read_bytes() for f in files[:base]}  # the corpora hold a few exact repeats
    assert not originals & {f.read_bytes() for f in files[base:]}
    sidecars = sorted((tmp_path / "in").glob("*_tbaq.meta.json"))
    assert len(sidecars) == info["origins"]["tbaq"]
    assert json.loads(sidecars[0].read_text())["published"][:2] in ("19", "20")


def test_long_inputs_have_the_asked_size_and_shape(tmp_path):
    paths = write_long_inputs(tmp_path, prose_bytes=300_000, short_lines=5_000)
    prose = paths["long_prose"].read_text(encoding="utf-8")
    assert 299_000 <= len(prose.encode()) <= 300_000
    assert prose.count("\n\n") > 100  # paragraphs, as a long report has
    lines = paths["short_lines"].read_text(encoding="utf-8").split("\n\n", 1)[1].splitlines()
    assert len(lines) == 5_000 and max(map(len, lines)) < 80
    assert paths["long_prose"].parent != paths["short_lines"].parent  # each alone in a folder
