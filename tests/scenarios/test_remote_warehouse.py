"""A lake beyond one machine: its catalog in a real PostgreSQL (tests/postgres.py) and its
Parquet files in a real S3 API (moto's server), both on 127.0.0.1; DuckDB reads and writes the
bucket itself (httpfs), with credentials botocore resolves from the standard AWS variables.

The same input is ingested into a local folder and into ``s3://storywire/wh``: every view must
hold the same rows, ``storywire query`` must see them, a re-run must ingest nothing, and the
data must really be Parquet files in the bucket (readable without storywire).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import shutil

import pytest
from conftest import FIXTURES
from storygen import write_stories
from typer.testing import CliRunner

BUCKET = "storywire"
URL = f"s3://{BUCKET}/wh"
N_GENERATED = 24

# Every view, without what differs between two runs of the same input (ids and times).
QUERIES = {
    "stories": "select story_id, source_uri, headline, body, published_date, language, duplicate_of "
    "from stories order by all",
    "entities": "select story_id, field, start_char, end_char, label, canonical from entities order by all",
    "timexes": "select story_id, field, start_char, value from timexes order by all",
    "quotes": "select story_id, start_char, speaker_canonical from quotes order by all",
    "rejects": "select source_uri, reason, transient from rejects order by all",
    "sources": "select source_uri, size, content_hash, status, stories from sources order by all",
    "runs": "select status, files_seen, stories_ingested, rejected, skipped from runs order by all",
}

# -- the S3 secret (no server needed) ----------------------------------------------------------


@pytest.fixture
def aws_home(tmp_path, monkeypatch):
    """An AWS configuration of this test's own: no variable or file of the machine leaks in."""
    import os

    for key in [k for k in os.environ if k.startswith("AWS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never ask 169.254.169.254
    return tmp_path


@pytest.mark.parametrize(
    ("url", "style", "expected"),
    [
        (None, None, (None, True, None)),  # AWS, DuckDB's defaults
        ("https://s3.eu-west-1.amazonaws.com", None, (None, True, None)),  # AWS named explicitly
        ("http://127.0.0.1:9000", None, ("127.0.0.1:9000", False, "path")),  # MinIO on loopback
        ("https://objects.example.net", None, ("objects.example.net", True, "path")),
        ("https://key:pw@store.example.net:8443/", None, ("store.example.net:8443", True, "path")),
        ("https://objects.example.net", "virtual", ("objects.example.net", True, "vhost")),
    ],
)
def test_endpoint_options(url, style, expected):
    from storywire.warehouse.objectcreds import endpoint_options

    assert endpoint_options(url, style) == expected


def test_secret_from_environment_variables(aws_home, monkeypatch):
    from storywire.warehouse.objectcreds import resolve, s3_secret_sql

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s3cr3t'with-quote")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "token-123")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")
    sql = s3_secret_sql()
    assert sql.startswith("CREATE OR REPLACE SECRET storywire_s3 (TYPE s3, ")
    for option in (
        "KEY_ID 'AKIAEXAMPLEKEY'",
        "SECRET 's3cr3t''with-quote'",
        "SESSION_TOKEN 'token-123'",
        "REGION 'eu-central-1'",
        "ENDPOINT '127.0.0.1:9000'",
        "URL_STYLE 'path'",
        "USE_SSL false",
    ):
        assert option in sql
    assert "s3cr3t" not in repr(resolve()) and "token-123" not in repr(resolve())
    import duckdb

    from storywire.warehouse.extensions import load_extensions

    con = duckdb.connect()
    load_extensions(con, ["httpfs"])
    con.execute(sql)  # DuckDB takes the statement as it is
    assert con.execute(
        "select type, provider from duckdb_secrets() where name = 'storywire_s3'"
    ).fetchall() == [("s3", "config")]


def test_secret_from_a_named_profile_with_its_own_endpoint(aws_home, monkeypatch):
    from storywire.warehouse.objectcreds import s3_secret_sql

    (aws_home / "credentials").write_text(
        "[lake]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = profile-secret\n"
    )
    (aws_home / "config").write_text(
        "[profile lake]\nregion = ap-southeast-2\nendpoint_url = https://objects.example.net:9443\n"
    )
    monkeypatch.setenv("AWS_PROFILE", "lake")
    sql = s3_secret_sql()
    for option in (
        "KEY_ID 'AKIAPROFILE'",
        "SECRET 'profile-secret'",
        "REGION 'ap-southeast-2'",
        "ENDPOINT 'objects.example.net:9443'",
        "URL_STYLE 'path'",
        "USE_SSL true",
    ):
        assert option in sql
    assert "SESSION_TOKEN" not in sql


def test_no_credentials_makes_an_anonymous_secret(aws_home):
    from storywire.warehouse.objectcreds import s3_secret_sql

    sql = s3_secret_sql()
    assert "KEY_ID" not in sql and "SECRET '" not in sql and "USE_SSL true" in sql


def test_a_missing_profile_is_sw219(aws_home, monkeypatch):
    from storywire.warehouse.errors import WarehouseError
    from storywire.warehouse.objectcreds import s3_secret_sql

    monkeypatch.setenv("AWS_PROFILE", "nowhere")
    with pytest.raises(WarehouseError, match=r"SW219.*nowhere"):
        s3_secret_sql()


# -- a lake on moto's S3 -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A moto S3 server on loopback with one bucket; AWS variables point botocore at it."""
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    home = tmp_path_factory.mktemp("aws")
    env = {
        "AWS_ENDPOINT_URL_S3": f"http://{host}:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",  # never ask 169.254.169.254 for credentials
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
    }
    try:
        with pytest.MonkeyPatch.context() as mp:
            for key, value in env.items():
                mp.setenv(key, value)
            client = boto3.client("s3")
            client.create_bucket(Bucket=BUCKET)
            yield client
    finally:
        server.stop()


@pytest.fixture(scope="module")
def catalog(postgres_server):
    return postgres_server.new_database("remote_lake")


def _ingest(sources, warehouse, catalog=None, **kw):
    from storywire.flows.ingest import RunSummary, ingest

    return RunSummary(
        **ingest(
            sources=[str(s) for s in sources],
            warehouse=str(warehouse),
            catalog=catalog,
            max_bytes=100_000,
            chunk_size=8,
            **kw,
        )
    )


def _inputs(root):
    write_stories(root, N_GENERATED, seed=21)
    for name in ("reuters.txt", "tass_seed_style.txt", "xinhua.txt"):
        shutil.copy(FIXTURES / "wire" / name, root / name)
    (root / "empty.txt").write_text("")
    return root


def _state(where, catalog=None) -> dict:
    """Every view's rows, read through one read-only connection (``storywire query``'s)."""
    from storywire.warehouse.query import open_database

    con = open_database(str(where), catalog)
    try:
        return {k: con.execute(q).fetchall() for k, q in QUERIES.items()}
    finally:
        con.close()


def _keys(client, prefix: str) -> list[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    return sorted(o["Key"].removeprefix(prefix) for page in pages for o in page.get("Contents", []))


@pytest.fixture(scope="module")
def runs(s3, catalog, prefect_api, tmp_path_factory):
    base = tmp_path_factory.mktemp("remote")
    src = _inputs(base / "in")
    local = _ingest([src], base / "wh")
    remote = _ingest([src], URL, catalog)
    return base, src, local, remote


@pytest.mark.slow
def test_s3_ingest_writes_what_a_local_run_writes(runs, catalog):
    base, _, local, remote = runs
    assert remote.warehouse == URL and remote.stories == local.stories == N_GENERATED + 3
    assert remote.files_rejected == local.files_rejected == 1
    assert _state(URL, catalog) == _state(base / "wh")


@pytest.mark.slow
def test_storywire_query_reads_the_s3_warehouse(runs, catalog):
    from storywire.flows.cli import app

    base = runs[0]
    sql = "select story_id, headline, published_date from stories order by story_id"
    remote = CliRunner().invoke(
        app, ["query", sql, "--warehouse", URL, "--catalog", catalog, "--format", "json"]
    )
    local = CliRunner().invoke(
        app, ["query", sql, "--warehouse", str(base / "wh"), "--format", "json"]
    )
    assert remote.exit_code == 0, remote.output
    assert (
        json.loads(remote.output) == json.loads(local.output)
        and len(json.loads(local.output)) == N_GENERATED + 3
    )


@pytest.mark.slow
def test_a_query_reads_the_lakes_files_and_no_other_object(runs, catalog, s3):
    from storywire.warehouse.lake import Warehouse
    from storywire.warehouse.query import read_only_connection

    s3.put_object(Bucket=BUCKET, Key="private/notes.csv", Body=b"who,what\nme,secret\n")
    con = read_only_connection(Warehouse.open(URL, create=False, catalog=catalog))
    try:
        con.execute(f"select * from glob('{URL}/data/**')").fetchall()  # its own files: allowed
        with pytest.raises(Exception, match="disabled by configuration"):
            con.execute(f"select * from read_csv('s3://{BUCKET}/private/notes.csv')").fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_second_writer_waits_for_the_catalogs_lock(runs, catalog):
    from storywire.warehouse.errors import WarehouseError
    from storywire.warehouse.lake import Warehouse

    first, second = Warehouse.open(URL, catalog=catalog), Warehouse.open(URL, catalog=catalog)
    with first.locked(), pytest.raises(WarehouseError, match="SW207"), second.locked(timeout=0.5):
        pass


@pytest.mark.slow
def test_rerun_ingests_nothing(runs, catalog):
    _, src, local, _ = runs
    before = _state(URL, catalog)
    again = _ingest([src], URL, catalog)
    assert again.stories == 0 and again.files_skipped == again.files_seen == local.files_seen
    after = _state(URL, catalog)
    assert {k: v for k, v in after.items() if k != "runs"} == {
        k: v for k, v in before.items() if k != "runs"
    }


@pytest.mark.slow
def test_after_upkeep_every_row_is_in_parquet_files_in_the_bucket(runs, catalog, s3):
    """Small commits may sit inline in the catalog; upkeep flushes them: then the bucket's
    own Parquet files (read with pyarrow, not through storywire) hold every story."""
    import pyarrow.parquet as pq

    from storywire.flows.maintenance import compact

    before = _state(URL, catalog)
    compact(warehouse=URL, keep_days=0, catalog=catalog)
    assert _state(URL, catalog) == before
    keys = _keys(s3, "wh/")
    assert keys and all(k.startswith("data/stored/") and k.endswith(".parquet") for k in keys), keys
    # the catalog is in Postgres, not the bucket
    assert not [k for k in _keys(s3, "") if "catalog" in k]
    ids = set()
    for key in (k for k in keys if k.startswith("data/stored/stories/")):
        body = s3.get_object(Bucket=BUCKET, Key=f"wh/{key}")["Body"].read()
        ids.update(
            pq.read_table(io.BytesIO(body), columns=["story_id"]).column("story_id").to_pylist()
        )
    assert ids == {row[0] for row in before["stories"]}


@pytest.mark.slow
def test_a_local_sqlite_catalog_with_data_on_s3(s3, tmp_path):
    """``--catalog`` naming a local SQLite file and the data on S3 is a lake as well."""
    from storywire.warehouse.lake import Warehouse
    from storywire.warehouse.query import read_only_connection
    from storywire.warehouse.schemas import to_table

    url, catalog = f"s3://{BUCKET}/sqlite-lake", tmp_path / "lake" / "catalog.sqlite"
    wh = Warehouse.open(url, catalog=str(catalog))
    assert catalog.is_file()
    rows = [
        {
            "story_id": f"k{i}",
            "source_uri": f"/in/k{i}.txt",
            "headline": f"Ferry line {i} resumes",
            "body": "Service restarts after the winter storms. " * 20,
            "agency": "AP",
            "published_date": dt.date(2024, 1, 1) + dt.timedelta(days=i),
        }
        for i in range(40)
    ]
    with wh.locked():
        cid = wh.new_commit_id()
        wh.commit(
            {"stories": to_table("stories", [{**r, "commit_id": cid} for r in rows])}, commit_id=cid
        )
    con = read_only_connection(Warehouse.open(url, create=False, catalog=str(catalog)))
    try:
        assert con.execute("select count(*) from stories").fetchone()[0] == 40
    finally:
        con.close()
    assert any(k.startswith("data/stored/stories/") for k in _keys(s3, "sqlite-lake/"))
