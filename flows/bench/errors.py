"""The benchmark's one error: a step it cannot put a number on."""

from __future__ import annotations


class BenchmarkError(RuntimeError):
    """A measured step failed: the benchmark cannot report a number for it."""
