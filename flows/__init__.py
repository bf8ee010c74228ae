"""storywire.flows: the Prefect flows and the ``storywire`` command line.

storywire never talks to the network beyond loopback at run time: Prefect's anonymous
usage telemetry is switched off here, before Prefect is imported, unless the user set it.
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The embedded (ephemeral) API migrates its database on first start; on a busy 2-core machine
# that can take longer than Prefect's 20 s default, and the run would fail before it began.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
# Arrow allocates through glibc's malloc in storywire's processes, so the flow's malloc_trim
# after each commit hands Arrow's freed buffers back too (see flows.ingest.use_system_arrow_pool).
# Set before pyarrow is first imported: Arrow's C++ default pool, which Parquet reading and
# writing use, is chosen once, from this variable.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
