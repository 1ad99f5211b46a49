"""Extension points: what other packages register into newsarchive, through entry points
(Scrapy finds its commands the same way), so that the pipeline never imports them.

    newsarchive.commands   callable(app: typer.Typer): adds commands to `newsarchive`
                           (the demo sites' `demo-sites`: demo/commands.py)
    newsarchive.eval_sets  callable() -> list[pipeline.eval.extraction.Case]: labelled pages that
                           `newsarchive eval` scores by default (the demo gold pages: demo/gold.py)
"""
from __future__ import annotations

from importlib.metadata import entry_points


def load(group: str) -> dict[str, object]:
    """The objects registered under `group`, by entry-point name."""
    return {ep.name: ep.load() for ep in entry_points(group=group)}
