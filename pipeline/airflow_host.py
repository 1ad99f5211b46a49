"""Airflow's `[core] hostname_callable` for several Celery workers on one machine.

Airflow records on each task instance the hostname of the worker that ran it (`get_hostname()`,
i.e. the FQDN). Workers on one host would all look alike, so a worker started with
NEWSARCHIVE_WORKER_NAME=w1 reports `w1@<fqdn>` (the same form as
its Celery node name); without the variable this is plain `socket.getfqdn()`, Airflow's default.

    AIRFLOW__CORE__HOSTNAME_CALLABLE=pipeline.airflow_host.hostname
"""
from __future__ import annotations

import os
import socket


def hostname() -> str:
    name = os.environ.get("NEWSARCHIVE_WORKER_NAME", "").strip()
    fqdn = socket.getfqdn()
    return f"{name}@{fqdn}" if name else fqdn
