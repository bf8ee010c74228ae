"""Whether a name is a spaCy pipeline this machine has, without loading spaCy."""

from __future__ import annotations

from storywire.flows.settings import MODEL
from storywire.tasks.enrich.packages import is_spacy_pipeline


def test_installed_pipeline_packages_and_folders_are_pipelines(tmp_path, monkeypatch):
    assert is_spacy_pipeline(MODEL) and is_spacy_pipeline("fr_core_news_sm")
    folder = tmp_path / "my_pipeline"
    folder.mkdir()
    assert not is_spacy_pipeline(str(folder))  # no config.cfg: no pipeline
    (folder / "config.cfg").write_text("[nlp]\nlang = \"en\"\n")
    assert is_spacy_pipeline(str(folder))
    monkeypatch.chdir(tmp_path)
    assert is_spacy_pipeline("my_pipeline")  # spacy.load takes a relative folder too


def test_other_names_are_not():
    for name in ("nonexistent_model", "json", "spacy", "", "../x", "/etc/passwd", "a..b"):
        assert not is_spacy_pipeline(name), name
