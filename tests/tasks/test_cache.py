"""Tables kept between processes (``tasks/cache.py``): built once, read after, rebuilt when
the module or a package changes, and never in the way when the cache cannot be used."""

from __future__ import annotations

import pytest

from storywire.tasks.cache import cache_path, load_or_build

PACKAGES = ("pyarrow",)


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    module = tmp_path / "builder.py"
    module.write_text("VERSION = 1\n")
    return tmp_path / "cache", module


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_table_is_built_once_then_read_from_its_file(cache_home):
    _, module = cache_home
    build, calls = _counting({"paris": ("Europe/Paris", "FR", 2_000_000)})
    first = load_or_build("zones", module, PACKAGES, build, dict)
    again = load_or_build("zones", module, PACKAGES, build, dict)
    assert first == again == {"paris": ("Europe/Paris", "FR", 2_000_000)} and len(calls) == 1
    assert cache_path("zones", module, PACKAGES).is_file()


def test_a_changed_module_rebuilds_and_its_file_replaces_the_old_one_of_that_name_only(cache_home):
    folder, module = cache_home
    load_or_build("zones", module, PACKAGES, lambda: {"a": 1}, dict)
    load_or_build("gazetteer", module, PACKAGES, lambda: {"g": 1}, dict)
    old = cache_path("zones", module, PACKAGES)
    module.write_text("VERSION = 2\n")
    build, calls = _counting({"a": 2})
    assert load_or_build("zones", module, PACKAGES, build, dict) == {"a": 2} and calls == [1]
    names = sorted(p.name.split("-")[0] for p in folder.joinpath("storywire").iterdir())
    assert not old.exists() and names == ["gazetteer", "zones"]


def test_a_damaged_or_foreign_file_is_rebuilt(cache_home):
    _, module = cache_home
    path = cache_path("zones", module, PACKAGES)
    path.parent.mkdir(parents=True)
    for content in (b"\x80\x05not a pickle", b""):
        path.write_bytes(content)
        assert load_or_build("zones", module, PACKAGES, lambda: {"x": 1}, dict) == {"x": 1}
    load_or_build("zones", module, PACKAGES, lambda: ["a list"], list)  # another kind, same file
    assert load_or_build("zones", module, PACKAGES, lambda: {"y": 2}, dict) == {"y": 2}


def test_an_unwritable_cache_builds_in_memory(cache_home):
    folder, module = cache_home
    folder.mkdir()
    (folder / "storywire").write_text("a file where the cache folder goes")  # even root fails
    build, calls = _counting({"z": 1})
    assert load_or_build("zones", module, PACKAGES, build, dict) == {"z": 1}
    assert load_or_build("zones", module, PACKAGES, build, dict) == {"z": 1} and len(calls) == 2
    assert (folder / "storywire").read_text() == "a file where the cache folder goes"


def test_no_home_folder_builds_in_memory(cache_home, monkeypatch):
    _, module = cache_home
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-such-place")
    assert load_or_build("zones", module, PACKAGES, lambda: {"z": 1}, dict) == {"z": 1}
