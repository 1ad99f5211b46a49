"""Shared fixtures: real servers only (demo sites on loopback, moto's S3 server, PostgreSQL)."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The distributed Airflow test is its own CI step (`make test-distributed`), not part of `make test`.
collect_ignore = [] if os.environ.get("NEWSARCHIVE_TEST_DISTRIBUTED") else ["test_distributed.py"]
PG_ADMIN_URL = os.environ.get("NEWSARCHIVE_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def service_missing(what: str, why: str):
    """Skip on a machine without the service; in CI the service is required, so fail."""
    if IN_CI:
        pytest.fail(f"{what} is required in CI but unavailable: {why}")
    pytest.skip(f"{what} unavailable: {why}")


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _free_base_port() -> int:
    """A base port whose site ports (base+1..base+9) and proxy port (base+99) are all free,
    so tests never collide with a `make demo` or another suite on the default 8700. Each
    pytest-xdist worker starts its search in its own band, so two workers never race for one."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    for base in range(18700 + 500 * (worker % 2) + 4000 * (worker // 2), 60000, 1000):
        if not any(_port_open("127.0.0.1", base + k) for k in (*range(1, 10), 99)):
            return base
    raise RuntimeError("no free port range for the demo sites")


@pytest.fixture(scope="session")
def demo_sites():
    """The bundled demo sites on loopback, on free ports (see demo_config for matching YAMLs)."""
    from demo.server import DemoSites

    base = _free_base_port()
    server = DemoSites(base_port=base, proxy_port=base + 99).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_config(demo_sites, tmp_path_factory) -> Path:
    """config/ with the demo sites' URLs moved to the ports the test server listens on."""
    from demo.run import write_demo_config

    dest = write_demo_config(tmp_path_factory.mktemp("demo_config") / "config")
    base = demo_sites.port(demo_sites.site_names()[0]) - 1 - 0  # almada is offset 1
    for path in (dest / "sites").glob("*.yaml"):
        text = re.sub(r"127\.0\.0\.1:87(\d\d)", lambda m: f"127.0.0.1:{base + int(m.group(1))}",
                      path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server over real HTTP; boto3 talks to it through AWS_ENDPOINT_URL."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": "test",
           "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield env
    server.stop()
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def s3_bucket(s3_server):
    import boto3

    name = f"test-{uuid.uuid4().hex[:10]}"
    boto3.client("s3").create_bucket(Bucket=name)
    return name


@pytest.fixture(scope="session")
def pg_server():
    if not _port_open("127.0.0.1", 5432):
        service_missing("PostgreSQL", "nothing listens on 127.0.0.1:5432")
    return PG_ADMIN_URL


@pytest.fixture
def pg_url(pg_server):
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"newsarchive_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure here means "no usable server"
        admin.dispose()
        service_missing("PostgreSQL", str(exc).splitlines()[0])
    url = pg_server.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def config_dir(tmp_path, demo_config) -> Path:
    """A private copy of the (port-adjusted) config a test may edit."""
    dest = tmp_path / "config"
    shutil.copytree(demo_config, dest)
    return dest


@pytest.fixture
def make_ctx(tmp_path, config_dir):
    from pipeline.context import Context

    def make(archive: str | None = None, catalog: str | None = None, name: str = "run"):
        return Context(config_dir, archive or str(tmp_path / name / "archive"),
                       catalog or f"sqlite:///{tmp_path / name / 'catalog.sqlite'}")

    return make


@pytest.fixture(scope="session")
def demo_manifest() -> list[dict]:
    return json.loads((ROOT / "demo" / "sites" / "MANIFEST.json").read_text(encoding="utf-8"))


def gold_for(site: str, url_path: str) -> dict:
    """The gold file stored beside a demo page."""
    from demo.server import gold_path

    return json.loads(gold_path(ROOT / "demo" / "sites", site, url_path).read_text(encoding="utf-8"))
