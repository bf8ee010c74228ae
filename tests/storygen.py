"""Many varied, realistic generated wire stories for fault and scale tests.

A thin wrapper over the benchmark's generator (``storywire.flows.bench``), so tests and the
benchmark share one generator. Deterministic for a seed: a faulty run can be compared with a
clean one over the same files.
"""

from __future__ import annotations

from pathlib import Path

from storywire.flows.bench import write_input


def write_stories(folder: Path, n: int, seed: int = 7) -> list[Path]:
    write_input(folder, n, source="generated", seed=seed)
    return sorted(p for p in folder.glob("*.txt"))
