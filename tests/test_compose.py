"""docker-compose.yml and the Dockerfile, checked without Docker: the files parse, the stack is
whole, and the services' settings agree with the code (connection ids, pool, bucket, paths,
versions). Values go through pipeline.ops.connections exactly as the tasks will read them."""
from __future__ import annotations

import json
import re
from importlib.metadata import version

import pytest
import yaml
from sqlalchemy.engine import make_url

from tests.conftest import ROOT

AIRFLOW_SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
                    "airflow-worker")
LONG_RUNNING = ("postgres", "redis", "minio", *AIRFLOW_SERVICES)


def _env_file() -> dict[str, str]:
    env = {}
    for line in (ROOT / "deploy" / "env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def interpolate(value, env: dict):
    """Compose's variable syntax: ${X}, ${X:-default}, ${X:?error}, $$ for a literal $."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m):
        name, op, arg = m.group(1), m.group(2), m.group(3)
        if op == ":?" and not env.get(name):
            raise KeyError(f"{name} required: {arg}")
        return env.get(name) or (arg if op == ":-" else "")

    out = re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", sub, value.replace("$$", "\0"))
    return out.replace("\0", "$")


@pytest.fixture(scope="module")
def compose():
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # anchors and << merges resolved
    return interpolate(raw, _env_file())


def test_whole_stack_with_healthchecks(compose):
    services = compose["services"]
    assert set(services) >= {"postgres", "redis", "minio", "minio-init", "airflow-init", *AIRFLOW_SERVICES}
    for name in LONG_RUNNING:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name, svc in services.items():
        for dep in svc.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown {dep}"
        image = svc.get("image", "")
        if image and not image.startswith("newsarchive"):
            assert ":" in image and not image.endswith(":latest"), f"{name}: image {image} not pinned"
    worker = services["airflow-worker"]
    assert "container_name" not in worker and "ports" not in worker, "the worker must scale with --scale"
    assert worker["command"] == "celery worker"
    for name in ("airflow-init", *AIRFLOW_SERVICES):
        assert services[name].get("build") == ".", f"{name} must run the project's image"
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in AIRFLOW_SERVICES:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"
    assert services["minio-init"]["depends_on"]["minio"]["condition"] == "service_healthy"
    assert {s["command"] for n, s in services.items() if n in AIRFLOW_SERVICES} == {
        "api-server", "scheduler", "dag-processor", "triggerer", "celery worker"}


def test_airflow_settings_agree_with_the_services(compose):
    services = compose["services"]
    env = services["airflow-worker"]["environment"]
    pg = services["postgres"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    meta = make_url(env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"])
    assert (meta.host, meta.database, meta.username, meta.password) == (
        "postgres", pg["POSTGRES_DB"], pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"])
    backend = make_url(env["AIRFLOW__CELERY__RESULT_BACKEND"].removeprefix("db+"))
    backend.get_dialect().import_dbapi()  # the driver is installed (SQLAlchemy 2.1 defaults to psycopg 3)
    assert backend.host == "postgres" and backend.database == pg["POSTGRES_DB"]
    assert make_url(env["AIRFLOW__CELERY__BROKER_URL"]).host == "redis"
    api = re.match(r"http://([\w-]+):(\d+)/execution/$", env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"])
    assert api and api.group(1) == "airflow-apiserver"
    assert any(p.endswith(f":{api.group(2)}") for p in services["airflow-apiserver"]["ports"])
    assert env["AIRFLOW__API_AUTH__JWT_SECRET"]  # one shared secret: workers' task tokens must verify
    for name in AIRFLOW_SERVICES:  # every Airflow service sees the same core settings
        for key in ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__CORE__FERNET_KEY",
                    "AIRFLOW_CONN_NEWSARCHIVE_S3", "NEWSARCHIVE_ARCHIVE"):
            assert services[name]["environment"][key] == env[key], (name, key)


def test_pipeline_settings_agree_with_the_code(compose):
    from airflow.sdk import Connection

    from pipeline.ops import connections

    services = compose["services"]
    env = services["airflow-worker"]["environment"]
    minio = services["minio"]["environment"]
    pg = services["postgres"]["environment"]

    # S3: the connection the code looks up, read the way the code reads it.
    s3_var = f"AIRFLOW_CONN_{connections.S3_CONN_ID.upper()}"
    s3 = connections.s3_environment(Connection.from_json(env[s3_var], conn_id=connections.S3_CONN_ID))
    assert re.fullmatch(r"http://minio:9000/?", s3["AWS_ENDPOINT_URL"])
    assert "--console-address" in services["minio"]["command"] and "server /data" in services["minio"]["command"]
    assert (s3["AWS_ACCESS_KEY_ID"], s3["AWS_SECRET_ACCESS_KEY"]) == (minio["MINIO_ROOT_USER"], minio["MINIO_ROOT_PASSWORD"])

    # the archive's bucket is the one minio-init makes; task logs go there too
    bucket = re.fullmatch(r"s3://([\w.-]+)/[\w/-]+", env["NEWSARCHIVE_ARCHIVE"]).group(1)
    init = services["minio-init"]
    assert init["environment"]["NEWSARCHIVE_BUCKET"] == bucket
    assert 'mc mb --ignore-existing "local/$NEWSARCHIVE_BUCKET"' in init["command"][1]
    assert env["AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER"].startswith(f"s3://{bucket}/")
    assert env["AIRFLOW__LOGGING__REMOTE_LOG_CONN_ID"] == connections.S3_CONN_ID

    # the catalog: a database on the postgres service, created by the init script it mounts
    cat_var = f"AIRFLOW_CONN_{connections.CATALOG_CONN_ID.upper()}"
    url = make_url(connections.catalog_url_from_connection(
        Connection.from_json(env[cat_var], conn_id=connections.CATALOG_CONN_ID)))
    assert (url.drivername, url.host, url.password) == ("postgresql+psycopg2", "postgres", pg["POSTGRES_PASSWORD"])
    mount = next(v for v in services["postgres"]["volumes"] if "docker-entrypoint-initdb.d" in v)
    init_sql = (ROOT / mount.split(":")[0]).read_text()
    assert re.search(rf"CREATE DATABASE {url.database}\b", init_sql)

    # the pool the DAGs use is the one airflow-init creates
    dag_src = (ROOT / "pipeline" / "ops" / "scheduling.py").read_text()
    pool = re.search(r'NEWSARCHIVE_DEDUP_POOL", "(\w+)"', dag_src).group(1)
    assert f"airflow pools set {pool} 1" in services["airflow-init"]["command"][1]
    assert "airflow db migrate" in services["airflow-init"]["command"][1]

    # config: mounted where the image says it is
    config_mount = next(v for v in services["airflow-worker"]["volumes"] if v.startswith("./config:"))
    assert config_mount.split(":")[1] == env["NEWSARCHIVE_CONFIG_DIR"]


def test_dockerfile_pins_what_the_project_runs():
    text = (ROOT / "Dockerfile").read_text()
    args = dict(re.findall(r"^ARG (\w+)=(\S+)", text, re.M))
    assert re.search(r"^FROM apache/airflow:\$\{AIRFLOW_VERSION\}-python\$\{PYTHON_VERSION\}$", text, re.M)
    assert args["AIRFLOW_VERSION"] == version("apache-airflow")
    lock = (ROOT / "requirements.lock").read_text()
    assert f"apache-airflow=={args['AIRFLOW_VERSION']}\n" in lock
    assert re.search(r'requires-python = ">=3\.11,<3\.12"', (ROOT / "pyproject.toml").read_text())
    assert args["PYTHON_VERSION"] == "3.11"
    assert "pip install --no-cache-dir -r requirements.lock" in text
    ignored = {l.strip() for l in (ROOT / ".dockerignore").read_text().splitlines() if l.strip() and not l.startswith("#")}
    for src in re.findall(r"^COPY (?:--\S+ )*(.+) \S+$", text, re.M):
        for path in src.split():
            assert (ROOT / path).exists(), f"Dockerfile copies missing {path}"
            assert path.rstrip("/") not in ignored, f".dockerignore drops {path}"
    env = dict(re.findall(r"(\w+)=(\S+)", text.split("ENV", 1)[1]))
    workdir = re.search(r"^WORKDIR (\S+)", text, re.M).group(1)
    assert env["AIRFLOW__CORE__DAGS_FOLDER"] == f"{workdir}/dags" and env["PYTHONPATH"] == workdir
    assert env["NEWSARCHIVE_CONFIG_DIR"] == f"{workdir}/config"
    assert ".venv" in ignored and "data" in ignored


def test_compose_refuses_to_start_without_secrets():
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    env = _env_file()
    del env["AIRFLOW_JWT_SECRET"]
    with pytest.raises(KeyError, match="AIRFLOW_JWT_SECRET"):
        interpolate(raw, env)
    text = (ROOT / "docker-compose.yml").read_text()
    secrets = re.findall(r"^\s*(\w*(?:PASSWORD|SECRET|FERNET_KEY)\w*): *(.+)$", text, re.M)
    assert len(secrets) >= 6
    for key, value in secrets:  # no secret value is written into the compose file itself
        assert re.fullmatch(r"['\"]?\$\{\w+(:[?-][^}]*)?\}['\"]?", value.strip()), (key, value)
    assert '"password": "${MINIO_ROOT_PASSWORD' in text and '"password": "${POSTGRES_PASSWORD}"' in text
    json.loads(interpolate(raw, _env_file())["x-airflow-common"]["environment"]["AIRFLOW_CONN_NEWSARCHIVE_CATALOG"])
