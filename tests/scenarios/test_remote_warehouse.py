"""The ingest flow into a real S3 API: moto's server on 127.0.0.1, reached by s3fs through
the standard AWS environment variables (no AWS, no network beyond loopback).

The same input is ingested into a local folder and into ``s3://storywire/wh``; every view must
hold the same rows, ``storywire query --warehouse s3://...`` must see them, a re-run must
ingest nothing, and compaction must work the same way on the object store.
"""

from __future__ import annotations

import json
import logging
import re
import shutil

import pytest
from conftest import FIXTURES, view_rows
from typer.testing import CliRunner

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

BUCKET = "storywire"
URL = f"s3://{BUCKET}/wh"

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


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A moto S3 server on loopback with one bucket; env vars point boto3/s3fs at it."""
    import boto3
    from moto.server import ThreadedMotoServer
    from s3fs import S3FileSystem

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
        "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")),
    }
    try:
        with pytest.MonkeyPatch.context() as mp:
            for key, value in env.items():
                mp.setenv(key, value)
            S3FileSystem.clear_instance_cache()  # an instance made before would miss the endpoint
            client = boto3.client("s3")
            client.create_bucket(Bucket=BUCKET)
            yield client
            S3FileSystem.clear_instance_cache()
    finally:
        server.stop()


def _ingest(sources, warehouse, **kw):
    from storywire.flows.ingest import RunSummary, ingest

    return RunSummary(**ingest(sources=[str(s) for s in sources], warehouse=str(warehouse), max_bytes=100_000, **kw))


def _inputs(root):
    root.mkdir()
    for name in ("reuters.txt", "tass_seed_style.txt", "xinhua.txt"):
        shutil.copy(FIXTURES / "wire" / name, root / name)
    (root / "empty.txt").write_text("")
    return root


def _local_state(wh) -> dict:
    return view_rows(wh, QUERIES)


def _remote_state(url: str) -> dict:
    from storywire.warehouse.query import run_query

    return {k: run_query(url, q)[1] for k, q in QUERIES.items()}


def _keys(client, prefix: str) -> list[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    return sorted(o["Key"].removeprefix(prefix) for page in pages for o in page.get("Contents", []))


@pytest.fixture(scope="module")
def runs(s3, tmp_path_factory):
    base = tmp_path_factory.mktemp("remote")
    src = _inputs(base / "in")
    local = _ingest([src], base / "wh")
    remote = _ingest([src], URL)
    return base, src, local, remote


def test_s3_ingest_writes_what_a_local_run_writes(runs):
    base, _, local, remote = runs
    assert remote.warehouse == URL and remote.stories == local.stories == 3
    assert remote.files_rejected == local.files_rejected == 1
    assert _remote_state(URL) == _local_state(base / "wh")


def test_the_bucket_holds_the_layout_and_no_database_file(runs, s3):
    from storywire.warehouse.store import Warehouse

    keys = _keys(s3, "wh/")
    layout = re.compile(r"_warehouse\.json|_log/[0-9TZ]+-\w+\.json|commits/[0-9TZ]+-\w+/[a-z]+\.parquet")
    assert keys and all(layout.fullmatch(k) for k in keys), keys
    records = {k.removeprefix("_log/").removesuffix(".json") for k in keys if k.startswith("_log/")}
    folders = {k.split("/")[1] for k in keys if k.startswith("commits/")}
    assert folders == records  # every commit's files have their record: nothing half-written
    wh = Warehouse.open(URL, create=False)
    assert wh.db_path.exists() and not wh.db_path.is_relative_to(runs[0])  # the local cache


def test_storywire_query_reads_the_s3_warehouse(runs):
    from storywire.flows.cli import app

    base = runs[0]
    sql = "select story_id, headline, published_date from stories order by story_id"
    remote = CliRunner().invoke(app, ["query", sql, "--warehouse", URL, "--format", "json"])
    local = CliRunner().invoke(app, ["query", sql, "--warehouse", str(base / "wh"), "--format", "json"])
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(local.output) and len(json.loads(local.output)) == 3


def test_second_writer_waits_for_the_s3_lock(runs):
    from storywire.warehouse.errors import WarehouseError
    from storywire.warehouse.store import Warehouse

    first, second = Warehouse.open(URL), Warehouse.open(URL)
    with first.locked(), pytest.raises(WarehouseError, match="SW207"), second.locked(timeout=0.5):
        pass


def test_rerun_ingests_nothing_and_removes_a_crashed_commit(runs, s3):
    import pyarrow as pa
    import pyarrow.parquet as pq

    base, src, local, _ = runs
    # What a writer killed before its commit record leaves: files nobody reads.
    buf = pa.BufferOutputStream()
    pq.write_table(pa.table({"story_id": ["ghost"], "body": ["x"], "commit_id": ["20990101T000000000000Z-dead"]}), buf)
    s3.put_object(Bucket=BUCKET, Key="wh/commits/20990101T000000000000Z-dead/stories.parquet",
                  Body=buf.getvalue().to_pybytes())
    again = _ingest([src], URL)
    assert again.stories == 0 and again.files_skipped == again.files_seen == local.files_seen
    assert not [k for k in _keys(s3, "wh/") if "dead" in k]
    _ingest([src], base / "wh")  # the same re-run locally: both warehouses still agree
    assert _remote_state(URL) == _local_state(base / "wh")


def test_compaction_on_s3_keeps_query_results(runs, s3):
    from storywire.flows.maintenance import compact
    from storywire.warehouse.store import Warehouse

    url = f"s3://{BUCKET}/compact"
    _ingest([runs[1]], url, chunk_size=1)  # one commit per file
    before = _remote_state(url)
    n_before = len(Warehouse.open(url).commit_ids())
    result = compact(warehouse=url)
    assert result["merged"] == n_before and Warehouse.open(url).commit_ids() == [result["commit_id"]]
    assert _remote_state(url) == before
    keys = _keys(s3, "compact/")
    assert [k for k in keys if k.startswith("_log/")] == [f"_log/{result['commit_id']}.json"]
    assert {k.split("/")[1] for k in keys if k.startswith("commits/")} == {result["commit_id"]}
