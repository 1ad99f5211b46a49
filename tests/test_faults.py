"""Killed at any stage, run again: nothing lost, nothing duplicated, nothing left behind.

Each case kills a real process with SIGKILL at a named point (NEWSARCHIVE_CRASH_AT, see
pipeline/ops/recovery.py), then runs again the way users do:
  * `newsarchive run` again (a new run: the crashed one is settled by its manifest), or
  * the same run's stage again (an Airflow task retry: same run id), then the stages after it.
Afterwards `newsarchive verify` is clean and every demo article of the site is exported once.
"""
from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pipeline.store.export import Filters, collect
from pipeline.ops.recovery import CRASH_ENV
from pipeline.urls import canonicalize

pytestmark = [pytest.mark.slow, pytest.mark.faults]
ROOT = Path(__file__).resolve().parent.parent
SITE, DAY = "tigris", "2026-11-20"
KILLED = -9


@pytest.fixture
def env(tmp_path, demo_config):
    return {"NEWSARCHIVE_CONFIG_DIR": str(demo_config), "NEWSARCHIVE_ARCHIVE": str(tmp_path / "archive"),
            "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp_path}/catalog.sqlite",
            "http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "HTTPS_PROXY": ""}


def cli(env: dict, *args: str, crash: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                          env=_env(env, crash), cwd=ROOT, capture_output=True, text=True, timeout=300)


def _env(env: dict, crash: str | None) -> dict:
    full = {**os.environ, **env}
    full.pop(CRASH_ENV, None)
    if crash:
        full[CRASH_ENV] = crash
    return full


STAGE = """
import json, sys
from pipeline.context import Context
from pipeline.stages import run
ref = run.RunRef(**json.loads(sys.argv[1]))
getattr(run, sys.argv[2])(Context.from_env(None, None, None), ref)
"""


def stage(env: dict, ref: dict, name: str, crash: str | None = None) -> int:
    return subprocess.run([sys.executable, "-c", STAGE, json.dumps(ref), name], env=_env(env, crash), cwd=ROOT,
                          capture_output=True, text=True, timeout=300).returncode


def expected(demo_sites, demo_manifest) -> list[str]:
    return sorted(canonicalize(demo_sites.base_url(SITE) + e["url_path"])
                  for e in demo_manifest if e["site"] == SITE and e["expect"] == "article")


def assert_whole(env: dict, want: list[str]) -> None:
    check = cli(env, "verify")
    assert check.returncode == 0, check.stdout + check.stderr
    got = sorted(canonicalize(r["url"]) for r in [r.to_dict() for r in collect(env["NEWSARCHIVE_ARCHIVE"], Filters(include_duplicates=True))])
    assert got == want, "every article exactly once"
    archive = Path(env["NEWSARCHIVE_ARCHIVE"])
    assert not list((archive / "staging").glob("*/*")), "staging left behind"
    assert not glob.glob(os.path.join(tempfile.gettempdir(), f"*-{SITE}-{DAY}-*")), "temporary folders left behind"


def assert_whole_in_process(ctx, want: list[str]) -> None:
    """`verify` clean and every article exported once, for a context (S3 or PostgreSQL) of this process."""
    from pipeline.store.catalog import Catalog
    from pipeline.store.storage import open_storage
    from pipeline.ops.verify import verify

    catalog = Catalog(ctx.catalog)
    try:
        result = verify(open_storage(ctx.archive), catalog)
    finally:
        catalog.close()
    assert result["ok"], result["problems"][:5]
    got = sorted(canonicalize(r["url"]) for r in [r.to_dict() for r in collect(ctx.archive, Filters(include_duplicates=True))])
    assert got == want, "every article exactly once"


# (report.before_finish is killed in the retry test below; crawl.start is covered by child_started)
POINTS = ["crawl.child_started", "extract.after_dedup", "publish.before_manifest", "publish.after_manifest"]


@pytest.mark.parametrize("point", POINTS)
def test_killed_then_run_again(point, env, demo_sites, demo_manifest):
    killed = cli(env, "run", "--sites", SITE, "--date", DAY, crash=point)
    assert killed.returncode == KILLED, killed.stderr[-2000:]
    if point == "crawl.child_started":  # the crawl child dies with its parent, it does not crawl on
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _crawl_children():
            time.sleep(0.2)
        assert not _crawl_children(), "an orphaned crawl process is still running"
    again = cli(env, "run", "--sites", SITE, "--date", DAY)
    assert again.returncode == 0, again.stderr[-2000:]
    assert_whole(env, expected(demo_sites, demo_manifest))


@pytest.mark.parametrize("point", ["extract.after_dedup", "publish.before_manifest", "publish.after_manifest",
                                   "report.before_finish"])
def test_killed_stage_retried_with_the_same_run(point, env, demo_sites, demo_manifest):
    ref = {"run_id": f"{SITE}-{DAY}-retry-{point.replace('.', '-')}", "site": SITE, "day": DAY}
    order = ["crawl", "extract_dedup", "publish", "report"]
    crashing = {"extract": "extract_dedup", "publish": "publish", "report": "report"}[point.split(".")[0]]
    for name in order:
        if name == crashing:
            assert stage(env, ref, name, crash=point) == KILLED
        assert stage(env, ref, name) == 0, name
    assert_whole(env, expected(demo_sites, demo_manifest))


def test_every_stage_twice(env, demo_sites, demo_manifest):
    """What an Airflow retry does after a failure late in a task: the whole stage again."""
    ref = {"run_id": f"{SITE}-{DAY}-twice", "site": SITE, "day": DAY}
    for name in ("crawl", "extract_dedup", "publish", "report"):
        assert stage(env, ref, name) == 0 and stage(env, ref, name) == 0, name
    assert_whole(env, expected(demo_sites, demo_manifest))
    # and a later run of the same site-day adds nothing and loses nothing
    assert cli(env, "run", "--sites", SITE, "--date", DAY).returncode == 0
    assert_whole(env, expected(demo_sites, demo_manifest))


def test_verify_finds_and_repairs_what_a_crash_leaves(env, demo_sites, demo_manifest):
    """Killed mid-publish and never run again: verify names the leftovers, --repair settles them."""
    assert cli(env, "run", "--sites", SITE, "--date", DAY).returncode == 0
    assert cli(env, "run", "--sites", SITE, "--date", "2026-11-21", crash="publish.before_manifest").returncode == KILLED
    found = cli(env, "verify")
    assert found.returncode == 1
    assert "unfinished_run:" in found.stdout and "unnamed_file:" not in found.stdout  # in flight, as far as it knows
    fixed = cli(env, "verify", "--repair")
    assert fixed.returncode == 0, fixed.stdout
    assert "abandoned" in fixed.stdout and "deleted records/site=tigris/date=2026-11-21/" in fixed.stdout
    # a record file nobody names (a reader globbing the partition would count its rows twice)
    archive = Path(env["NEWSARCHIVE_ARCHIVE"])
    part = archive / "records" / f"site={SITE}" / f"date={DAY}"
    stray = part / "stray-run.jsonl.gz"
    stray.write_bytes(next(part.glob("*.jsonl.gz")).read_bytes())
    found = cli(env, "verify")
    assert found.returncode == 1 and "unnamed_file:" in found.stdout and "stray-run" in found.stdout
    assert cli(env, "verify", "--repair").returncode == 0 and not stray.exists()
    index = (archive / "reports" / "index.html").read_text(encoding="utf-8")
    assert "archive check" in index and "clean" in index


def _crawl_children() -> list[int]:
    pids = []
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            args = Path(cmdline).read_bytes().split(b"\0")
        except OSError:
            continue
        if b"scrapy" in args and any(a.startswith(f"run_id={SITE}-{DAY}-".encode()) for a in args):
            pids.append(int(cmdline.split("/")[2]))
    return pids


def test_s3_going_away_mid_run_then_retried(demo_sites, demo_config, demo_manifest, tmp_path, s3_server, monkeypatch):
    """The S3 endpoint stops between and inside stages: each stage fails with one StorageError
    line, quickly; once S3 is back, retrying the same stage finishes the run whole."""
    import socket

    import boto3
    from moto.server import ThreadedMotoServer

    from pipeline.stages import run
    from pipeline.context import Context
    from pipeline.store.storage import StorageError

    with socket.socket() as s:  # a server of its own (moto's state is shared in-process)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        boto3.client("s3").create_bucket(Bucket="outage")
        ctx = Context(demo_config, "s3://outage/archive", f"sqlite:///{tmp_path}/catalog.sqlite")
        ref = run.new_run(ctx, SITE, DAY)
        run.crawl(ctx, ref)
        for stage in (run.extract_dedup, run.publish, run.report):
            server.stop()
            started = time.monotonic()
            with pytest.raises(StorageError, match="Could not connect"):
                stage(ctx, ref)
            assert time.monotonic() - started < 60
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
            server.start()
            stage(ctx, ref)  # the task retried
        assert_whole_in_process(ctx, expected(demo_sites, demo_manifest))
    finally:
        server.stop()


class TcpCut:
    """A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused)
    and restored: the database going away mid-run, as a network or a restart would do it."""

    def __init__(self, target=("127.0.0.1", 5432)):
        import socket

        self.target, self.conns, self.listener = target, [], None
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.up()

    def up(self):
        import socket
        import threading

        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        listener = self.listener

        def accept():
            while True:
                try:
                    client, _ = listener.accept()
                except OSError:
                    return
                upstream = socket.create_connection(self.target)
                self.conns += [client, upstream]
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

        threading.Thread(target=accept, daemon=True).start()

    @staticmethod
    def _pump(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass

    def down(self):
        import socket

        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked in its thread
        except OSError:
            pass
        self.listener.close()
        for s in self.conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.conns = []


@pytest.mark.postgres
def test_postgres_going_away_mid_run_then_retried(demo_sites, demo_config, demo_manifest, tmp_path, pg_url):
    """The catalog's PostgreSQL becomes unreachable before each stage after the crawl: the stage
    fails with one clear error, quickly; restored, the retried stage finishes the run whole."""
    from sqlalchemy.engine import make_url

    from pipeline.stages import run
    from pipeline.context import Context

    cut = TcpCut()
    url = make_url(pg_url).set(host="127.0.0.1", port=cut.port).render_as_string(hide_password=False)
    ctx = Context(demo_config, str(tmp_path / "archive"), url)
    ref = run.new_run(ctx, SITE, DAY)
    try:
        run.crawl(ctx, ref)
        for stage in (run.extract_dedup, run.publish, run.report):
            cut.down()
            started = time.monotonic()
            with pytest.raises(Exception) as info:
                stage(ctx, ref)
            assert "connect" in str(info.value).lower() or "closed" in str(info.value).lower()
            assert time.monotonic() - started < 60
            cut.up()
            stage(ctx, ref)  # the task retried
        assert_whole_in_process(ctx, expected(demo_sites, demo_manifest))
    finally:
        cut.down()
