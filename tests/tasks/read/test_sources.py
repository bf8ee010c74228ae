"""Listing sources: folders, globs, files, fsspec URLs; sidecars; symlinks; clear errors."""

from __future__ import annotations

import os

import fsspec
import pytest

from storywire.flows.settings import MAX_BYTES, TIMEOUT
from storywire.tasks.read.fetch import FetchError, FetchLimits, fetch
from storywire.tasks.read.sources import SourceError, discover, validate


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("story a")
    (root / "a.meta.json").write_text('{"published": "2021-01-02"}')
    (root / "sub" / "b.json").write_text("[]")
    (root / ".hidden.txt").write_text("x")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("x")
    return root


def test_folder_lists_files_recursively_without_hidden_or_sidecars(folder):
    refs = discover([str(folder)])
    assert [os.path.relpath(r.uri, folder) for r in refs] == ["a.txt", "sub/b.json"]
    a = refs[0]
    assert a.sidecar == str(folder / "a.meta.json")
    assert a.etag and a.etag.startswith("sidecar:")  # a changed sidecar changes the fingerprint
    assert a.size == len("story a") and a.mtime is not None


def test_symlinks_never_lead_out_of_the_folder(folder, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not a story")
    os.symlink(outside, folder / "link.txt")
    os.symlink(folder / "a.txt", folder / "inside-link.txt")
    os.symlink(folder / "gone.txt", folder / "broken-link.txt")
    os.mkfifo(folder / "pipe.txt")
    refused = {os.path.basename(r.uri): r.refused for r in discover([str(folder)])}
    # listed (so the run counts and rejects them), but never read
    assert refused == {
        "a.txt": None, "b.json": None, "inside-link.txt": None,
        "link.txt": "symlink_outside_source", "broken-link.txt": "not_a_file", "pipe.txt": "not_a_file",
    }


def test_a_linked_folder_outside_is_refused_and_one_inside_is_not_walked_twice(folder, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("not a story")
    os.symlink(outside, folder / "linked-out")
    os.symlink(folder / "sub", folder / "linked-in")
    os.symlink(folder, folder / "sub" / "loop")  # walking it would never end
    refs = discover([str(folder)])
    assert {os.path.relpath(r.uri, folder): r.refused for r in refs} == {
        "a.txt": None, os.path.join("sub", "b.json"): None, "linked-out": "folder_link_outside_source"}
    with pytest.raises(FetchError) as err:
        fetch(next(r for r in refs if r.refused), FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT))
    assert err.value.code == "folder_link_outside_source" and "not followed" in err.value.detail


def test_a_refused_source_is_a_reject_reason_without_reading_it(folder, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not a story")
    os.symlink(outside, folder / "link.txt")
    (ref,) = [r for r in discover([str(folder)]) if r.uri.endswith("link.txt")]
    assert ref.size == len(str(outside))  # the link's own size: a re-run sees it unchanged
    with pytest.raises(FetchError) as err:
        fetch(ref, FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT))
    assert err.value.code == "symlink_outside_source"
    assert "outside the source folder" in err.value.detail


def test_glob_and_single_file_and_duplicates_collapse(folder):
    refs = discover([str(folder / "**" / "*.json"), str(folder / "sub" / "b.json")])
    assert [os.path.basename(r.uri) for r in refs] == ["b.json"]


def test_excluded_folder_is_not_listed(folder):
    wh = folder / "warehouse"
    wh.mkdir()
    (wh / "x.parquet").write_bytes(b"PAR1")
    assert all("warehouse" not in r.uri for r in discover([str(folder)], exclude=[wh]))


def test_fsspec_memory_url():
    fs = fsspec.filesystem("memory")
    fs.pipe("/wire/one.txt", b"story one")
    fs.pipe("/wire/one.meta.json", b"{}")
    fs.pipe("/wire/two.txt", b"story two")
    refs = discover(["memory://wire"])
    assert [r.uri for r in refs] == ["memory:///wire/one.txt", "memory:///wire/two.txt"]
    assert refs[0].sidecar == "memory:///wire/one.meta.json"


def test_http_url_is_kept_as_is():
    (ref,) = discover(["https://news.example.org/story/1"])
    assert ref.is_http and ref.size is None


@pytest.mark.parametrize(
    "arg, code",
    [
        ("/no/such/folder", "SW403"),
        ("/no/such/*.txt", "SW402"),
        ("http://", "SW401"),
    ],
)
def test_bad_arguments_are_clear_errors(arg, code):
    with pytest.raises(SourceError, match=code):
        validate([arg])
    with pytest.raises(SourceError, match=code):
        discover([arg])


def test_no_sources_is_an_error():
    with pytest.raises(SourceError, match="SW400"):
        validate([])
