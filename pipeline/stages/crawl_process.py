"""Run one crawl in a child process: what the crawl stage, `sites check` and `python -m
spiders.crawl` call.

Twisted's reactor cannot be restarted inside a process, and an Airflow worker calls this many
times, so every crawl is `python -m scrapy crawl news ...` in a fresh process whose cwd is the
project root (scrapy.cfg there selects spiders.settings). The spider is reached through that
command line only, never imported: the pipeline does not depend on the Scrapy project. Its output
goes to the log file; the result is the crawl_stats.json the spider writes at close.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

from pipeline.config import parse_day
from pipeline.context import PROJECT_ROOT, Context
from pipeline.ops.recovery import crash_point
from pipeline.store.archive import CRAWL_LOG, CRAWL_STATS

LOG_NAME = CRAWL_LOG
_TAIL_LINES = 25


class CrawlError(Exception):
    """The crawl did not complete: first line says why, the rest is the end of its log.

    `summary` is that first line alone (for one-line error output), `log_tail` the rest."""

    def __init__(self, summary: str, log_tail: str = ""):
        super().__init__(f"{summary}\n{log_tail}" if log_tail else summary)
        self.summary = summary
        self.log_tail = log_tail


class CrawlArgumentError(CrawlError, ValueError):
    """Bad arguments, refused before any process starts (a ValueError too: bad input)."""


_ERROR_LINE = re.compile(r"^(?:[\w.]+\.)?(\w*(?:Error|Exception)): (.+)$")


def _last_error(tail: str) -> str | None:
    """The last 'SomeError: message' line of a log: usually the reason a crawl died."""
    for line in reversed(tail.splitlines()):
        if m := _ERROR_LINE.match(line.strip()):
            return f"{m.group(1)}: {m.group(2)}"
    return None


def _absolute_env(env: dict[str, str]) -> dict[str, str]:
    """Relative paths in NEWSARCHIVE_* mean the caller's cwd; the child runs elsewhere."""
    env = dict(env)
    for name in ("NEWSARCHIVE_CONFIG_DIR", "NEWSARCHIVE_ARCHIVE"):
        value = env.get(name)
        if value and "://" not in value:
            env[name] = str(Path(value).resolve())
    catalog = env.get("NEWSARCHIVE_CATALOG") or "sqlite:///data/catalog.sqlite"  # Context's default
    if catalog.startswith("sqlite:///") and not catalog.startswith("sqlite:////"):
        path = Path(catalog.removeprefix("sqlite:///")).resolve()
        # Catalog() creates the directory of a relative SQLite path only; this one is now absolute.
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = f"sqlite:///{path}"
    env["NEWSARCHIVE_CATALOG"] = catalog
    if not env.get("NEWSARCHIVE_CONFIG_DIR"):
        env["NEWSARCHIVE_CONFIG_DIR"] = str(Path("config").resolve())
    return env


def _tail(path: Path, lines: int = _TAIL_LINES) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return "".join(deque(fh, maxlen=lines)).rstrip()
    except FileNotFoundError:
        return "(no log written)"


def crawl_command(site: str, run_id: str, out_dir: Path, *, max_pages=None, since=None,
                  until=None) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news",
           "-a", f"site={site}", "-a", f"run_id={run_id}", "-a", f"out_dir={out_dir}"]
    for name, value in (("max_pages", max_pages), ("since", since), ("until", until)):
        if value is not None:
            cmd += ["-a", f"{name}={value}"]
    return cmd


def _die_with_parent() -> None:
    """In the child, before exec: the kernel kills the crawl when its parent dies, even by
    `kill -9` (which no cleanup handler of the parent sees). Linux only; elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def run_crawl(site: str, run_id: str, out_dir: Path, *, env: dict | None = None, max_pages=None,
              since=None, until=None, log_path: Path | None = None) -> dict:
    """Crawl `site` into out_dir (crawl.warc.gz, crawl_errors.jsonl, crawl_stats.json) and
    return the stats.

    Raises CrawlArgumentError (also a ValueError) for bad since/until/max_pages, ConfigError
    for an unknown site or bad config, CrawlError when the crawl exits non-zero or writes no
    stats. The child's environment is os.environ + env, NEWSARCHIVE_* paths made absolute."""
    _check_arguments(site, since, until, max_pages)
    child_env = _absolute_env({**os.environ, **(env or {})})
    Context.from_env(config_dir=child_env["NEWSARCHIVE_CONFIG_DIR"]).site(site)  # ConfigError if unknown

    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    log_path = Path(log_path).resolve() if log_path else out_dir / LOG_NAME
    stats_path = out_dir / CRAWL_STATS
    stats_path.unlink(missing_ok=True)  # a stale file from an earlier attempt must not pass for ours

    # The child must import pipeline/ and spiders/ whatever the caller's sys.path was.
    child_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), child_env.get("PYTHONPATH")]))
    child_env.pop("SCRAPY_SETTINGS_MODULE", None)  # scrapy.cfg decides
    cmd = crawl_command(site, run_id, out_dir, max_pages=max_pages, since=since, until=until)
    code = _run_child(cmd, child_env, log_path)

    if code != 0 or not stats_path.exists():
        tail = _tail(log_path)
        what = f"failed with exit code {code}" if code != 0 else f"wrote no {CRAWL_STATS}"
        cause = _last_error(tail)
        raise CrawlError(f"crawl of {site} (run {run_id}) {what}{': ' + cause if cause else ''} "
                         f"(log: {log_path})", tail)
    try:
        return json.loads(stats_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CrawlError(f"crawl of {site} (run {run_id}): unreadable {stats_path}: {exc}") from None


def _check_arguments(site: str, since, until, max_pages) -> None:
    """Bad input fails here, in one line, before a process is started."""
    try:
        first, last = parse_day(since, "since"), parse_day(until, "until")
        if first and last and first > last:
            raise ValueError(f"since {first} is after until {last}")
        if max_pages is not None and int(max_pages) <= 0:
            raise ValueError(f"max_pages: must be positive, got {max_pages}")
    except (TypeError, ValueError) as exc:
        raise CrawlArgumentError(f"crawl of {site}: {exc}") from None


def _run_child(cmd: list[str], env: dict, log_path: Path) -> int:
    """The crawl process, its output appended to the log; its exit code."""
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"# {datetime.now(timezone.utc):%Y-%m-%dT%H:%M:%SZ} {' '.join(cmd[1:])}\n")
        log.flush()
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        crash_point("crawl.child_started")
        try:
            return proc.wait()
        except BaseException:
            # Our caller is going away (task timeout, SIGTERM, Ctrl-C): Scrapy shuts down
            # cleanly on SIGTERM and still writes its stats; never leave an orphan crawling.
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            raise
