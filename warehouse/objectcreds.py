"""S3 credentials for DuckDB's own reads and writes of a lake's data on an object store.

DuckDB's ``httpfs`` reads and writes ``s3://`` files itself, but it knows only the credentials
put in a secret. Its ``aws`` extension (``credential_chain``) would resolve them, but it is not
shipped as a registry package, and storywire loads no extension from the network. So the usual
AWS sources are resolved here by botocore (installed with ``storywire[s3]``), in botocore's own
order: environment variables, ``AWS_PROFILE`` and the shared credentials and config files (SSO,
``credential_process``, assume-role profiles), container and instance roles. Region and an
S3-compatible store's endpoint (``AWS_ENDPOINT_URL_S3``, ``AWS_ENDPOINT_URL``, or
``endpoint_url`` in the profile) come from the same configuration.

The statement holds the secret key: it is handed to DuckDB and never logged or put in an
error message. Temporary credentials are frozen when a connection is made; a connection
outliving them (a run longer than a role session) needs a new one.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from storywire.warehouse.errors import WarehouseError

#: The code of S3 credentials or settings that cannot be resolved (a missing profile, a
#: failing SSO or credential process, botocore not installed).
CREDENTIALS_FAILED = "SW219"
#: The DuckDB secret's name: ``CREATE OR REPLACE`` keeps one per connection.
SECRET_NAME = "storywire_s3"
#: Endpoints of AWS itself: DuckDB's default (virtual-host style, by region) serves them.
_AWS_HOSTS = (".amazonaws.com", ".amazonaws.com.cn")


@dataclass(frozen=True, slots=True)
class S3Settings:
    """What a DuckDB S3 secret needs (``key_id`` None: no credentials, anonymous reads)."""

    key_id: str | None
    secret: str | None
    session_token: str | None
    region: str | None
    endpoint: str | None  # host[:port] of an S3-compatible store (None: AWS)
    use_ssl: bool
    url_style: str | None  # "path" or "vhost" (None: DuckDB's default)

    def __repr__(self) -> str:  # never show the secret, even in a traceback's locals
        return f"S3Settings(key_id={'set' if self.key_id else None}, region={self.region!r}, endpoint={self.endpoint!r})"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def endpoint_options(
    url: str | None, addressing_style: str | None = None
) -> tuple[str | None, bool, str | None]:
    """DuckDB's (ENDPOINT, USE_SSL, URL_STYLE) for an endpoint URL: None for AWS itself (or
    none given); else its host[:port], TLS from the scheme, path-style addressing (what
    MinIO, Ceph and most S3-compatible stores serve) unless the profile asks for virtual."""
    if not url:
        return None, True, "vhost" if addressing_style == "virtual" else None
    parts = urlsplit(url if "://" in url else f"https://{url}")
    host = parts.hostname or ""
    if host.endswith(_AWS_HOSTS):
        return None, True, "vhost" if addressing_style == "virtual" else None
    endpoint = parts.netloc.rsplit("@", 1)[-1]  # host[:port], without any user info
    style = "vhost" if addressing_style == "virtual" else "path"
    return endpoint, parts.scheme.lower() != "http", style


def _env_key() -> tuple[tuple[str, str], ...]:
    """The AWS environment variables: the cache below is per set of them."""
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_")))


@functools.lru_cache(maxsize=4)
def _session(env: tuple[tuple[str, str], ...]):  # botocore has no type stubs
    """One botocore session per environment: its credentials object refreshes temporary
    credentials by itself, and resolving the chain (files, instance metadata) is slow."""
    import botocore.session

    session = botocore.session.Session()
    return session, session.get_credentials()


def resolve() -> S3Settings:
    """The S3 settings botocore's configuration chain gives (SW219 when it fails)."""
    try:
        import botocore.exceptions
    except ImportError as exc:
        raise WarehouseError(
            CREDENTIALS_FAILED, "data on s3:// needs botocore: pip install 'storywire[s3]'"
        ) from exc
    try:
        session, credentials = _session(_env_key())
        # a client resolves region and endpoint exactly as every AWS tool does (env, profile,
        # services section); it sends nothing until it is asked to
        client = session.create_client("s3")
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
    except botocore.exceptions.BotoCoreError as exc:
        _session.cache_clear()
        raise WarehouseError(
            CREDENTIALS_FAILED, f"cannot resolve S3 credentials: {type(exc).__name__}: {_safe(exc)}"
        ) from None
    endpoint, use_ssl, style = endpoint_options(
        client.meta.endpoint_url, (client.meta.config.s3 or {}).get("addressing_style")
    )
    return S3Settings(
        key_id=frozen.access_key if frozen else None,
        secret=frozen.secret_key if frozen else None,
        session_token=frozen.token if frozen else None,
        region=client.meta.region_name,
        endpoint=endpoint,
        use_ssl=use_ssl,
        url_style=style,
    )


def _safe(exc: Exception) -> str:
    """botocore's message of a failed lookup: names profiles and files, never key material."""
    return str(exc).splitlines()[0][:300]


def secret_sql(settings: S3Settings, name: str = SECRET_NAME) -> str:
    """The ``CREATE OR REPLACE SECRET`` statement for ``settings`` (holds the secret key)."""
    options = ["TYPE s3"]
    if settings.key_id:
        options += [
            f"KEY_ID {_literal(settings.key_id)}",
            f"SECRET {_literal(settings.secret or '')}",
        ]
        if settings.session_token:
            options.append(f"SESSION_TOKEN {_literal(settings.session_token)}")
    if settings.region:
        options.append(f"REGION {_literal(settings.region)}")
    if settings.endpoint:
        options.append(f"ENDPOINT {_literal(settings.endpoint)}")
    if settings.url_style:
        options.append(f"URL_STYLE {_literal(settings.url_style)}")
    options.append(f"USE_SSL {'true' if settings.use_ssl else 'false'}")
    return f"CREATE OR REPLACE SECRET {name} ({', '.join(options)})"


def s3_secret_sql() -> str:
    """A DuckDB S3 secret from the usual AWS credential sources (see the module doc)."""
    return secret_sql(resolve())
