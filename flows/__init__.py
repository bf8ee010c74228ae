"""storywire.flows: the Prefect flows and the ``storywire`` command line.

storywire never talks to the network beyond loopback at run time: Prefect's anonymous
usage telemetry is switched off here, before Prefect is imported, unless the user set it.
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
