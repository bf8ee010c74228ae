"""A step that raises on one story costs that story the step's output and leaves a warning;
a failure is described in one bounded line."""

from __future__ import annotations

from storywire.tasks.enrich.isolation import describe, isolated
from storywire.tasks.enrich.workers import WorkerError


def test_isolated_returns_the_fallback_and_names_the_error_once():
    warnings: list[str] = []

    def boom(x):
        raise KeyError(x)

    assert isolated("canonical", warnings, ["kept"], boom, 1) == ["kept"]
    assert isolated("canonical", warnings, [], boom, 2) == []
    assert isolated("geocode", warnings, [], lambda x, y=0: [x + y], 1, y=2) == [3]
    assert warnings == ["canonical_failed:KeyError"]


def test_describe_is_one_bounded_line():
    assert describe(WorkerError("SW802", "died\n  badly")) == "SW802: died badly"
    assert describe(ValueError("x" * 2000)).startswith("ValueError: xxx")
    assert len(describe(ValueError("x" * 2000))) == 500
