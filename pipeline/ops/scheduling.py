"""What the DAG files in dags/ share: where the configuration is, the dedup pool, the start date,
and the pipeline context of a task. Here, not in dags/: Airflow does not put its DAG folder on
every process's import path."""
from __future__ import annotations

import os
from pathlib import Path

import pendulum

from pipeline.context import PROJECT_ROOT

CONFIG_DIR = Path(os.environ.get("NEWSARCHIVE_CONFIG_DIR") or PROJECT_ROOT / "config")
# dedup + publish of all sites (and reprocessing) run through this pool: size 1 keeps clustering race-free.
DEDUP_POOL = os.environ.get("NEWSARCHIVE_DEDUP_POOL", "newsarchive_dedup")
# Catchup is off, so the start date only bounds how far back a backfill may reach.
START_DATE = pendulum.parse(os.environ.get("NEWSARCHIVE_START_DATE", "2000-01-01"), tz="UTC")


def pipeline_context():
    """The pipeline context of a task, resolved the Airflow way (pipeline/ops/connections.py)."""
    from pipeline.ops.connections import airflow_context

    return airflow_context(CONFIG_DIR)
