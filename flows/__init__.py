"""storywire.flows: the Prefect flows and the ``storywire`` command line.

The environment defaults (``settings.ENVIRONMENT_DEFAULTS``) are applied here, before
Prefect or pyarrow is imported by anything under this package: both read them once, at import.
"""

from storywire.flows.settings import apply_environment_defaults

apply_environment_defaults()
