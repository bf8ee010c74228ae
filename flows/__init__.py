"""storywire.flows: the Prefect flows and the ``storywire`` command line.

storywire never talks to the network beyond loopback at run time: Prefect's anonymous
usage telemetry is switched off here, before Prefect is imported, unless the user set it.
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The embedded (ephemeral) API migrates its database on first start; on a busy 2-core machine
# that can take longer than Prefect's 20 s default, and the run would fail before it began.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
