"""Airflow's `[core] hostname_callable` for several Celery workers on one machine.

Airflow records on each task instance the hostname of the worker that ran it (`get_hostname()`,
i.e. the FQDN). Workers on one host would all look alike, so a worker started with
NEWSARCHIVE_WORKER_NAME=w1 reports `w1@<host>`, the same name as its Celery node
(`--celery-hostname w1@%h`), so the task instance and the worker's log lines agree; without the
variable this is `socket.getfqdn()`, Airflow's default.

    AIRFLOW__CORE__HOSTNAME_CALLABLE=pipeline.ops.airflow_host.hostname
"""
from __future__ import annotations

import os
import socket


def hostname() -> str:
    name = os.environ.get("NEWSARCHIVE_WORKER_NAME", "").strip()
    return f"{name}@{socket.gethostname()}" if name else socket.getfqdn()
