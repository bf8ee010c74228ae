"""Listing sources: folders, globs, files, fsspec URLs; sidecars; symlinks; clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import fsspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.flows.settings import MAX_BYTES, TIMEOUT
from storywire.tasks.read import sources
from storywire.tasks.read.fetch import FetchError, FetchLimits, fetch
from storywire.tasks.read.sources import SourceError, discover, local_path, local_uri, validate


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


def test_folder_lists_files_recursively_and_hidden_ones_refused_without_sidecars(folder):
    refs = discover([str(folder)])
    listed = {os.path.relpath(r.uri, folder): r.refused for r in refs}
    # a hidden folder is one refused entry: never walked, never invisible
    assert listed == {".git": "hidden", ".hidden.txt": "hidden", "a.txt": None, "sub/b.json": None}
    a = next(r for r in refs if r.uri.endswith("a.txt"))
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
        ".git": "hidden", ".hidden.txt": "hidden", "a.txt": None, "b.json": None, "inside-link.txt": None,
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
    assert {os.path.relpath(r.uri, folder): r.refused for r in refs if r.refused != "hidden"} == {
        "a.txt": None, os.path.join("sub", "b.json"): None, "linked-out": "folder_link_outside_source"}
    with pytest.raises(FetchError) as err:
        fetch(next(r for r in refs if r.refused == "folder_link_outside_source"),
              FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT))
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


def test_a_sidecar_with_no_story_beside_it_is_an_input_of_its_own(folder):
    (folder / "2024-03.meta.json").write_text('[{"headline": "Ferry fares", "body": "Fares rise."}]')
    (folder / "sub" / "b.json.meta.json").write_text("{}")  # b.json's (NAME.ext.meta.json)
    (folder / "sub" / "b.meta.json.meta.json").write_text("{}")  # a sidecar's sidecar: no story
    listed = {os.path.relpath(r.uri, folder) for r in discover([str(folder)]) if not r.refused}
    assert listed == {"a.txt", "sub/b.json", "2024-03.meta.json", "sub/b.meta.json.meta.json"}
    fs = fsspec.filesystem("memory")
    fs.pipe("/orphans/one.txt", b"story one")
    fs.pipe("/orphans/one.meta.json", b"{}")
    fs.pipe("/orphans/feed.meta.json", b"[]")
    assert [r.uri for r in discover(["memory://orphans"])] == [
        "memory:///orphans/feed.meta.json", "memory:///orphans/one.txt"]


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
        ("http://news.example.org:80o/story", "SW401"),
        ("https://[::1/story", "SW401"),
        ("http://news.example.org:99999/story", "SW401"),
        ("http://wire..example.org/story", "SW401"),
        ("http://news example.org/story", "SW401"),
        ("http:///story", "SW401"),
        ("bogusproto://x/y", "SW405"),  # no filesystem has the protocol
        ("/dev/null", "SW404"),  # exists, but neither a file nor a folder
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


def test_symlink_loops_are_listed_refused_and_the_listing_goes_on(folder):
    os.symlink(folder / "loop-b", folder / "loop-a")
    os.symlink(folder / "loop-a", folder / "loop-b")
    os.symlink(folder / "sub" / "self", folder / "sub" / "self")
    refs = {os.path.relpath(r.uri, folder): r for r in discover([str(folder)])}
    assert {k: r.refused for k, r in refs.items() if r.refused == "symlink_loop"} == {
        "loop-a": "symlink_loop", "loop-b": "symlink_loop", "sub/self": "symlink_loop"}
    assert refs["a.txt"].refused is None and refs["sub/b.json"].refused is None
    with pytest.raises(FetchError) as err:
        fetch(refs["loop-a"], FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT))
    assert err.value.code == "symlink_loop" and not err.value.transient


def test_a_folder_that_cannot_be_listed_is_one_refused_entry(folder, monkeypatch):
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    refs = {os.path.relpath(r.uri, folder): r.refused for r in discover([str(folder)])}
    assert refs["sub"] == "unreadable" and refs["a.txt"] is None


def test_an_entry_that_vanishes_while_listed_is_refused_not_raised(folder, monkeypatch):
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self.name == "a.txt":
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    refs = {os.path.relpath(r.uri, folder): r for r in discover([str(folder)])}
    assert refs["a.txt"].refused == "not_found" and refs["sub/b.json"].refused is None


def test_a_hidden_folder_named_as_source_is_walked(folder):
    (folder / ".git" / "story.txt").write_text("a story")
    refs = discover([str(folder / ".git")])
    assert [(os.path.basename(r.uri), r.refused) for r in refs] == [("config", None), ("story.txt", None)]


@pytest.mark.parametrize("name", ["[draft] story.txt", "story*.txt", "what?.txt", "a[1].txt"])
def test_an_existing_path_with_glob_characters_is_that_path(tmp_path, name):
    f = tmp_path / name
    f.write_text("a story")
    (tmp_path / "a1.txt").write_text("what a[1].txt would match as a glob")
    validate([str(f)])
    assert [r.uri for r in discover([str(f)])] == [str(f)]
    d = tmp_path / f"folder {name}"
    d.mkdir()
    (d / "x.txt").write_text("x")
    assert [r.uri for r in discover([str(d)])] == [str(d / "x.txt")]


def test_a_glob_that_names_no_existing_path_is_still_a_glob(tmp_path):
    (tmp_path / "a1.txt").write_text("one")
    (tmp_path / "a2.txt").write_text("two")
    assert [os.path.basename(r.uri) for r in discover([str(tmp_path / "a[12].txt")])] == ["a1.txt", "a2.txt"]


def _touch(raw: bytes, data: bytes) -> None:
    fd = os.open(raw, os.O_CREAT | os.O_WRONLY)
    os.write(fd, data)
    os.close(fd)


def test_undecodable_file_names_get_a_lossless_utf8_uri_and_are_read(tmp_path):
    root = os.fsencode(tmp_path)
    _touch(root + b"/caf\xe9.txt", b"Latin-1 name")
    _touch(root + b"/\xff\xfe.txt", b"bytes no encoding reads")
    _touch(root + b"/caf%E9.txt", b"a literal percent sign")
    _touch(root + b"/caf\xe9.meta.json", b'{"published": "2020-01-02"}')
    refs = discover([str(tmp_path)])
    uris = [r.uri for r in refs]
    assert len(set(uris)) == 3  # no two names collide
    for r in refs:
        r.uri.encode("utf-8")  # storable in Parquet: no lone surrogates
    by_data = {fetch(r, FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT)).data: r for r in refs}
    assert by_data[b"a literal percent sign"].uri == str(tmp_path / "caf%E9.txt")  # a plain path
    latin = by_data[b"Latin-1 name"]
    assert latin.uri == f"file://{tmp_path}/caf%E9.txt" and latin.is_local
    assert os.fsencode(local_path(latin.uri)) == root + b"/caf\xe9.txt"
    assert latin.sidecar and latin.sidecar.encode("utf-8")
    assert fetch(latin, FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT)).sidecar == b'{"published": "2020-01-02"}'
    assert by_data[b"bytes no encoding reads"].uri == f"file://{tmp_path}/%FF%FE.txt"


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_local_uri_is_utf8_and_reversible_for_any_file_name(name):
    path = os.fsdecode(b"/data/%" + name)
    uri = local_uri(path)
    uri.encode("utf-8")
    assert local_path(uri) == path
    assert uri == path or uri.startswith("file:///data/%25")  # either form, never mixed up


def test_a_stored_file_uri_names_the_same_file_again(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9 du port.txt"
    _touch(raw, b"a story")
    _touch(os.fsencode(tmp_path) + b"/caf%E9 du port.txt", b"another story")
    (ref,) = [r for r in discover([str(tmp_path)]) if r.uri.startswith("file://")]
    assert [r.uri for r in discover([ref.uri])] == [ref.uri]  # copied from source_uri: the same file
    validate([ref.uri])
    # a file:// SOURCE is percent-decoded: %25 is a literal percent sign, %20 a space
    assert [r.uri for r in discover([f"file://{tmp_path}/caf%25E9%20du%20port.txt"])] == [
        str(tmp_path / "caf%E9 du port.txt")]


def test_a_folder_named_in_bytes_no_encoding_reads_is_passed_on_as_its_file_uri(tmp_path):
    root = os.fsencode(tmp_path) + b"/wire_\xff"
    os.mkdir(root)
    _touch(root + b"/story.txt", b"a story")
    argument = os.fsdecode(root)  # what the command line hands over: lone surrogates
    (portable,) = sources.portable([argument])
    portable.encode("utf-8")  # JSON (Prefect's flow parameters) can carry it
    assert portable == f"file://{tmp_path}/wire_%FF"
    assert [fetch(r, FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT)).data for r in discover([portable])] == [
        b"a story"]
    assert sources.portable(["plain/name.txt", "s3://b/k"]) == ["plain/name.txt", "s3://b/k"]
    with pytest.raises(SourceError) as err:
        sources.portable([os.fsdecode(os.fsencode(tmp_path) + b"/absent_\xfe")])
    assert err.value.code == "SW403"


def test_a_store_that_fails_while_listed_is_one_refused_entry_and_the_others_are_listed(folder, tmp_path):
    not_a_zip = tmp_path / "notazip.zip"
    not_a_zip.write_bytes(b"plain text, no archive")
    closed = f"ftp://127.0.0.1:{_closed_port()}/wire"  # nothing listens: connection refused
    refs = {r.uri: r for r in discover([str(folder), f"zip://story.txt::{not_a_zip}", closed])}
    damaged, down = refs[f"zip://story.txt::{not_a_zip}"], refs[closed]
    assert (damaged.refused, down.refused) == ("unreadable", "unreachable")
    assert "BadZipFile" in damaged.refused_detail and "ConnectionRefusedError" in down.refused_detail
    assert str(folder / "a.txt") in refs  # the folder beside them is listed as ever
    limits = FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT)
    for ref, transient in ((damaged, False), (down, True)):
        with pytest.raises(FetchError) as err:
            fetch(ref, limits)
        assert (err.value.code, err.value.transient) == (ref.refused, transient)
        assert err.value.detail == ref.refused_detail


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
