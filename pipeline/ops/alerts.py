"""The Airflow notifier that tells ops (which runs look wrong is decided in pipeline.ops.pages).

`NewsarchiveNotifier` is an `airflow.sdk.BaseNotifier`: used as a task's on_failure_callback, and
called by the report task for the run's alerts (no_articles, rejection_spike). It always logs; it also POSTs JSON to a webhook
and sends an email when those are configured:
  webhook   variable `newsarchive_alert_webhook`, else NEWSARCHIVE_ALERT_WEBHOOK
  email     variable `newsarchive_alert_email` (comma-separated), else NEWSARCHIVE_ALERT_EMAIL;
            sent through the smtp provider's connection (`smtp_default` unless [email] says else)
Webhook URLs often carry a token, so they are never logged.
"""
from __future__ import annotations

import json
import logging
import os
import urllib.request
from urllib.parse import urlsplit

from airflow.sdk import BaseNotifier

log = logging.getLogger("newsarchive.alerts")


def _setting(variable: str, env: str) -> str | None:
    try:
        from airflow.sdk import Variable

        value = Variable.get(variable, default=None)
    except Exception:  # noqa: BLE001 - outside a task, or no such variable: use the environment
        value = None
    value = value or os.environ.get(env)
    return value.strip() if value and value.strip() else None


class NewsarchiveNotifier(BaseNotifier):
    """Log always; webhook and email when configured. Usable as on_failure_callback."""

    template_fields = ("message",)

    def __init__(self, message: str | None = None, *, kind: str = "failure", details: dict | None = None,
                 webhook: str | None = None, email: str | list[str] | None = None, timeout: float = 10):
        super().__init__()
        self.message = message
        self.kind = kind
        self.details = details or {}
        self.webhook = webhook
        self.email = email
        self.timeout = timeout

    def payload(self, context) -> dict:
        ti = context.get("ti") or context.get("task_instance")
        dag = context.get("dag")
        exc = context.get("exception")
        message = self.message or (f"{getattr(ti, 'dag_id', None) or getattr(dag, 'dag_id', '?')}."
                                   f"{getattr(ti, 'task_id', '?')} failed: {type(exc).__name__ if exc else 'error'}"
                                   f"{': ' + str(exc)[:300] if exc else ''}")
        return {"source": "newsarchive", "kind": self.kind, "message": message,
                "dag_id": getattr(ti, "dag_id", None) or getattr(dag, "dag_id", None),
                "task_id": getattr(ti, "task_id", None), "run_id": getattr(ti, "run_id", None) or context.get("run_id"),
                "try_number": getattr(ti, "try_number", None), "details": self.details}

    def notify(self, context) -> None:
        body = self.payload(context)
        log.error("ALERT %s: %s", body["kind"], body["message"])
        webhook = self.webhook or _setting("newsarchive_alert_webhook", "NEWSARCHIVE_ALERT_WEBHOOK")
        if webhook:
            self._post(webhook, body)
        email = self.email or _setting("newsarchive_alert_email", "NEWSARCHIVE_ALERT_EMAIL")
        if email:
            self._email(email, body, context)

    def _post(self, url: str, body: dict) -> None:
        where = urlsplit(url).hostname or "?"  # the host only: the path often is the secret
        req = urllib.request.Request(url, data=json.dumps(body, default=str).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "newsarchive-alerts"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                log.info("alert sent to webhook on %s: HTTP %s", where, resp.status)
        except Exception as exc:  # noqa: BLE001 - an alert channel down must not hide the alert
            log.error("alert webhook on %s failed: %s", where, type(exc).__name__)

    def _email(self, to, body: dict, context) -> None:
        from html import escape

        from airflow.providers.smtp.notifications.smtp import SmtpNotifier

        recipients = [a.strip() for a in to.split(",")] if isinstance(to, str) else list(to)
        try:
            SmtpNotifier(to=recipients, subject=f"[newsarchive] {body['kind']}: {body['message'][:120]}",
                         html_content=f"<pre>{escape(json.dumps(body, indent=1, default=str))}</pre>").notify(context)
            log.info("alert emailed to %d recipient(s)", len(recipients))
        except Exception as exc:  # noqa: BLE001
            log.error("alert email failed: %s", type(exc).__name__)
