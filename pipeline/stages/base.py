"""What every stage is made of: a run reference, a state its steps share, and the stage's rules.

A stage is a short list of steps (in the spirit of Scrapy's item pipelines and datatrove's
`PipelineStep.run`): each step has one contract, reads and writes the shared `StageState`, and
returns its figures; the stage merges them into its stats, times every step (`steps_s`), and
saves the stats in staging when it has finished. That saved file is the stage's retry rule:

- a retried stage whose earlier attempt finished returns the saved stats and does nothing;
- otherwise `undo` first takes back what a killed attempt may have left, then the steps run.

So a retry needs nothing from the caller (the Airflow DAG retries tasks blindly), and the stages
exchange only the run id: the rest is in the archive's staging area.
"""
from __future__ import annotations

import secrets
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from pipeline.context import Context
from pipeline.ops.recovery import remove_temp_dirs
from pipeline.store import archive as layout
from pipeline.store.archive import get_json, put_json  # noqa: F401 - the stages' JSON helpers
from pipeline.store.catalog import Catalog
from pipeline.store.storage import Storage, open_storage

Progress = Callable[[str, int, int | None], None]  # (what, done, total)


@dataclass(frozen=True)
class RunRef:
    """What Airflow passes between tasks: small, JSON-able."""

    run_id: str
    site: str
    day: str

    def to_dict(self):
        return {"run_id": self.run_id, "site": self.site, "day": self.day}


def new_run(ctx: Context, site: str, day: str | None = None) -> RunRef:
    ctx.site(site)  # fail early, with the config error, on an unknown or broken site
    day = day or date.today().isoformat()
    date.fromisoformat(day)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    return RunRef(f"{site}-{day}-{stamp}-{secrets.token_hex(2)}", site, day)


@dataclass
class StageState:
    """What the steps of one stage attempt share: the run, the archive, the catalog (opened once
    for the whole stage), a scratch folder deleted at the end, and what the steps hand on."""

    ctx: Context
    ref: RunRef
    storage: Storage
    catalog: Catalog
    tmp: Path
    progress: Progress | None = None
    data: dict = field(default_factory=dict)

    def staging(self, name: str) -> str:
        return layout.staging_key(self.ref.run_id, name)


class Step:
    """One small piece of a stage. `run` does its one job on the state and returns the figures
    it adds to the stage's stats (a dict, possibly empty)."""

    name = "step"

    def run(self, state: StageState) -> dict:
        raise NotImplementedError


class Stage:
    """A named list of steps with the retry rule described in the module docstring."""

    name = "stage"

    def steps(self, state: StageState) -> list[Step]:
        raise NotImplementedError

    def undo(self, state: StageState) -> None:
        """Take back what a killed earlier attempt of this stage may have left (default: nothing)."""

    def stats_name(self) -> str:
        return layout.stage_stats(self.name)

    def done(self, storage: Storage, ref: RunRef) -> dict | None:
        """The stats of an earlier attempt that finished, or None."""
        return get_json(storage, layout.staging_key(ref.run_id, self.stats_name()))

    def __call__(self, ctx: Context, ref: RunRef, progress: Progress | None = None) -> dict:
        storage = open_storage(ctx.archive)
        if (finished := self.done(storage, ref)) is not None:
            return finished
        started = time.monotonic()
        remove_temp_dirs(ref.run_id, (self.name,))  # a killed attempt's scratch folder
        with Catalog(ctx.catalog) as catalog, tempfile.TemporaryDirectory(prefix=f"{self.name}-{ref.run_id}-") as tmp:
            state = StageState(ctx, ref, storage, catalog, Path(tmp), progress)
            self.undo(state)
            stats, timings = {}, {}
            for step in self.steps(state):
                t0 = time.monotonic()
                stats.update(step.run(state) or {})
                timings[step.name] = round(time.monotonic() - t0, 3)
        stats["steps_s"] = timings
        stats["stage_s"] = round(time.monotonic() - started, 3)
        put_json(storage, layout.staging_key(ref.run_id, self.stats_name()), stats)
        return stats
