"""Running a child process and measuring it: wall time, CPU and peak memory of its whole
process tree; and the bare-spaCy child the flow is compared with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from storywire.flows.bench.errors import BenchmarkError


@dataclass(slots=True)
class Measured:
    returncode: int
    wall_seconds: float
    #: the largest single process: sampled from /proc where it can be (the child's own rusage
    #: starts from this process's RSS at the fork, which a benchmark that built a warehouse
    #: in process first makes ~20 GB), else the child's rusage
    max_rss_mb: float
    tree_rss_mb: float | None  # peak summed RSS of the child and its descendants (sampled)
    tree_pss_mb: float | None  # the same with PSS: shared pages split between their users
    cpu_seconds: float  # user + system CPU of the child and every descendant (sampled + rusage)
    #: the largest single process's RSS, peak in each quarter of the run (sampled): whether
    #: memory keeps climbing as the run goes on, which one peak number cannot tell
    largest_rss_by_quarter_mb: list[float] | None
    #: peak RSS of the largest NER worker (a process started by the multiprocessing
    #: forkserver: the flow's pool), sampled; None when the run started none
    ner_worker_rss_mb: float | None
    stdout: str
    stderr: str


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


#: Seconds between samples: RSS and CPU (cheap: statm and stat), PSS (smaps_rollup walks every
#: page table of a process: ~40 ms of kernel time per sample of a run's tree, which, every
#: 50 ms, took a third of a core from the 2-core run it measured).
SAMPLE_SECONDS, PSS_SECONDS = 0.05, 1.0


def _tree_memory(
    pid: int, cpu: dict[int, float] | None = None, workers: dict[int, bool] | None = None,
    *, with_pss: bool = True,
) -> tuple[int, int | None, int, int] | None:
    """(RSS, PSS) bytes of ``pid`` plus all its descendants now, the RSS of the largest of
    them, and the RSS of the largest NER worker, from /proc; None off Linux. PSS is None
    when not asked for (``with_pss``) or not readable.

    ``workers`` caches, per pid, whether the process is one of the forkserver's (what the
    flow's NER pool runs in), so each command line is read once.

    ``cpu`` (pid -> CPU seconds so far) is updated for every process of the tree, so CPU
    used by workers that a non-waiting parent never reaps is still counted.

    Summed RSS counts pages shared by forked workers (the model's weights, the interpreter)
    once per process, so it overstates a multi-process tree; PSS charges each shared page
    to its users in equal parts and sums to what the tree really holds.
    """
    if not os.path.exists(f"/proc/{pid}/statm"):
        return None
    rss, pss, largest, largest_worker, todo, seen = 0, 0, 0, 0, [pid], set()
    workers = {} if workers is None else workers
    pss_ok = with_pss
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as fh:
                own = int(fh.read().split()[1]) * _PAGE
            rss += own
            largest = max(largest, own)
            if p != pid and p not in workers:
                with open(f"/proc/{p}/cmdline", "rb") as fh:
                    workers[p] = b"multiprocessing.forkserver" in fh.read()
            if workers.get(p):
                largest_worker = max(largest_worker, own)
            if cpu is not None:
                with open(f"/proc/{p}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                cpu[p] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue  # the process ended while we looked
        if pss_ok:
            try:
                with open(f"/proc/{p}/smaps_rollup") as fh:
                    pss += next(int(x.split()[1]) for x in fh if x.startswith("Pss:")) * 1024
            except (FileNotFoundError, ProcessLookupError):
                pass  # ended meanwhile
            except (OSError, StopIteration, ValueError):
                pss_ok = False  # no smaps_rollup (old kernel) or not allowed to read it
    return rss, (pss if pss_ok else None), largest, largest_worker


def measure(
    cmd: list[str], env: dict[str, str], logdir: Path, name: str, timeout: float
) -> Measured:
    """Run ``cmd``; wall time, its peak process-tree memory and max single-process RSS
    (sampled every ``SAMPLE_SECONDS``).

    Without /proc, ``os.wait4``'s rusage of the child: its ``ru_maxrss`` covers the
    descendants it waited for (spaCy's ``n_process`` workers, Prefect's server), not earlier
    children of this process as ``RUSAGE_CHILDREN`` would, but starts from this process's
    size at the fork.
    """
    logdir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logdir / f"{name}.stdout", logdir / f"{name}.stderr"
    rss_peak = pss_peak = 0  # 0: never measured (no /proc)
    cpu: dict[int, float] = {}
    workers: dict[int, bool] = {}
    worker_peak, pss_at = 0, 0.0
    largest: list[tuple[float, int]] = []  # (seconds since start, largest process RSS)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                raise BenchmarkError(f"{name}: timed out after {timeout:.0f}s: {' '.join(cmd)}")
            due = time.perf_counter() - pss_at >= PSS_SECONDS
            pss_at = time.perf_counter() if due else pss_at
            now = _tree_memory(proc.pid, cpu, workers, with_pss=due)
            if now is not None:
                rss_peak = max(rss_peak, now[0])
                worker_peak = max(worker_peak, now[3])
                pss_peak = max(pss_peak, now[1] or 0)
                largest.append((time.perf_counter() - started, now[2]))
            time.sleep(SAMPLE_SECONDS)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    sampled = max((rss for _, rss in largest), default=0)
    return Measured(
        returncode=proc.returncode,
        wall_seconds=round(wall, 3),
        max_rss_mb=round((sampled or usage.ru_maxrss * scale) / 2**20, 1),
        tree_rss_mb=round(rss_peak / 2**20, 1) if rss_peak else None,
        tree_pss_mb=round(pss_peak / 2**20, 1) if pss_peak else None,
        cpu_seconds=round(max(sum(cpu.values()), usage.ru_utime + usage.ru_stime), 2),
        largest_rss_by_quarter_mb=_by_quarter(largest, wall),
        ner_worker_rss_mb=round(worker_peak / 2**20, 1) if worker_peak else None,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
    )


def _by_quarter(samples: list[tuple[float, int]], wall: float) -> list[float] | None:
    """Peak of the samples in each quarter of ``wall`` seconds, in MB (None: no samples)."""
    peaks = [0] * 4
    for t, value in samples:
        q = min(3, int(4 * t / wall)) if wall > 0 else 0
        peaks[q] = max(peaks[q], value)
    return [round(v / 2**20, 1) for v in peaks] if any(peaks) else None


def check_exit(m: Measured, what: str) -> None:
    """Raise BenchmarkError with the tail of its stderr when the measured command failed."""
    if m.returncode != 0:
        tail = "\n".join(m.stderr.strip().splitlines()[-15:])
        raise BenchmarkError(f"{what} exited with code {m.returncode}:\n{tail}")


def _bare_main(texts_path: str, model: str, batch_size: int, n_process: int, out_path: str) -> None:
    """Child-process entry: load the flow's pipeline, time ``nlp.pipe`` over the texts.

    ``run`` starts it with ``python -c`` naming this module by path: keep the two in step.
    """
    from storywire.tasks.enrich.entities import load_nlp

    t0 = time.perf_counter()
    nlp = load_nlp(model)
    load = time.perf_counter() - t0
    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    t1 = time.perf_counter()
    docs = tokens = ents = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        docs += 1
        tokens += len(doc)
        ents += len(doc.ents)
    pipe = time.perf_counter() - t1
    Path(out_path).write_text(
        json.dumps(
            {
                "load_seconds": load,
                "pipe_seconds": pipe,
                "docs": docs,
                "tokens": tokens,
                "entities": ents,
                "pipe_names": nlp.pipe_names,
            }
        ),
        encoding="utf-8",
    )
