"""Where a task finds the archive, the catalog and S3 credentials: Airflow first, then the environment.

Inside an Airflow task (`airflow_context()`):

  S3        connection `newsarchive_s3` (type `aws`: login = access key id, password = secret,
            extra `{"endpoint_url": "http://minio:9000", "region_name": "..."}`), read through the
            amazon provider's connection wrapper so every field it documents works. Without the
            connection boto3 reads its own environment (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...).
  catalog   connection `newsarchive_catalog` (type `postgres`, or any type whose extra has
            `sqlalchemy_url`), else variable `newsarchive_catalog` (an SQLAlchemy URL), else
            NEWSARCHIVE_CATALOG.
  archive   variable `newsarchive_archive`, else NEWSARCHIVE_ARCHIVE.

The S3 settings are handed on as boto3's standard environment variables of the task process,
because the crawl runs in a child process and storage opens boto3 clients in several places:
the environment is the one channel all of them read. Task processes are per task, so nothing
leaks between tasks. Secrets are never logged: log lines name the connection and the endpoint,
and catalog URLs are logged with the password hidden.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import quote

from pipeline.context import Context
from pipeline.urls import safe_url

log = logging.getLogger("newsarchive.connections")

S3_CONN_ID = os.environ.get("NEWSARCHIVE_S3_CONN_ID", "newsarchive_s3")
CATALOG_CONN_ID = os.environ.get("NEWSARCHIVE_CATALOG_CONN_ID", "newsarchive_catalog")
CATALOG_VARIABLE = "newsarchive_catalog"
ARCHIVE_VARIABLE = "newsarchive_archive"
_AWS_ENV = ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_DEFAULT_REGION")


def _connection(conn_id: str):
    """The Airflow connection, or None when it is not defined (that is the fallback case)."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException

    try:
        return Connection.get(conn_id)
    except AirflowNotFoundException:
        return None


def _variable(key: str) -> str | None:
    from airflow.sdk import Variable

    try:
        value = Variable.get(key, default=None)
    except Exception:  # noqa: BLE001 - a missing/unreadable variable means "not configured"
        return None
    return value.strip() if isinstance(value, str) and value.strip() else None


def s3_environment(conn) -> dict[str, str]:
    """boto3's environment variables for an `aws` connection (only the fields it sets)."""
    from airflow.providers.amazon.aws.utils.connection_wrapper import AwsConnectionWrapper

    wrapped = AwsConnectionWrapper(conn)
    env = {"AWS_ENDPOINT_URL": wrapped.get_service_endpoint_url("s3"),
           "AWS_ACCESS_KEY_ID": wrapped.aws_access_key_id,
           "AWS_SECRET_ACCESS_KEY": wrapped.aws_secret_access_key,
           "AWS_SESSION_TOKEN": wrapped.aws_session_token,
           "AWS_DEFAULT_REGION": wrapped.region_name}
    return {k: v for k, v in env.items() if v}


def catalog_url_from_connection(conn) -> str:
    """An SQLAlchemy URL from an Airflow connection (postgres type, or extra `sqlalchemy_url`)."""
    extra = conn.extra_dejson or {}
    if extra.get("sqlalchemy_url"):
        return extra["sqlalchemy_url"]
    if conn.conn_type not in ("postgres", "postgresql"):
        raise ValueError(f"connection {conn.conn_id}: type {conn.conn_type!r} is not postgres "
                         "and its extra has no sqlalchemy_url")
    auth = ""
    if conn.login:
        auth = quote(conn.login, safe="")
        if conn.password:
            auth += ":" + quote(conn.password, safe="")
        auth += "@"
    host = conn.host or "localhost"
    port = f":{conn.port}" if conn.port else ""
    return f"postgresql+psycopg2://{auth}{host}{port}/{conn.schema or 'newsarchive'}"


def airflow_context(config_dir: str | Path) -> Context:
    """The pipeline context of an Airflow task, resolved the Airflow way (see the module doc)."""
    conn = _connection(S3_CONN_ID)
    if conn is not None:
        env = s3_environment(conn)
        for key in _AWS_ENV:  # the connection is the whole truth: no half-mixing with old values
            os.environ.pop(key, None)
        os.environ.update(env)
        log.info("S3: connection %s (endpoint %s)", S3_CONN_ID, env.get("AWS_ENDPOINT_URL", "AWS default"))
    else:
        log.info("S3: no connection %s, boto3 reads its environment", S3_CONN_ID)

    catalog = None
    conn = _connection(CATALOG_CONN_ID)
    if conn is not None:
        catalog, source = catalog_url_from_connection(conn), f"connection {CATALOG_CONN_ID}"
    elif (catalog := _variable(CATALOG_VARIABLE)) is not None:
        source = f"variable {CATALOG_VARIABLE}"
    else:
        source = "NEWSARCHIVE_CATALOG" if os.environ.get("NEWSARCHIVE_CATALOG") else "default"
    archive = _variable(ARCHIVE_VARIABLE)
    ctx = Context.from_env(config_dir=str(config_dir), archive=archive, catalog=catalog)
    log.info("catalog: %s (from %s); archive: %s", safe_url(ctx.catalog), source, safe_url(ctx.archive))
    return ctx
