"""Where config, archive and catalog are: the common options, each also an environment variable."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipeline.config import Settings, SiteConfig, load_settings, load_site, load_sites, load_topics

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Context:
    config_dir: Path
    archive: str  # s3://bucket/prefix or a local directory
    catalog: str  # SQLAlchemy URL

    @classmethod
    def from_env(cls, config_dir: str | None = None, archive: str | None = None,
                 catalog: str | None = None) -> "Context":
        config_dir = config_dir or os.environ.get("NEWSARCHIVE_CONFIG_DIR") or "config"
        archive = archive or os.environ.get("NEWSARCHIVE_ARCHIVE") or "data/archive"
        catalog = catalog or os.environ.get("NEWSARCHIVE_CATALOG") or "sqlite:///data/catalog.sqlite"
        return cls(Path(config_dir), archive, catalog)

    def env(self) -> dict[str, str]:
        """The same context for a child process (the crawl runs in its own)."""
        return {"NEWSARCHIVE_CONFIG_DIR": str(Path(self.config_dir).resolve()),
                "NEWSARCHIVE_ARCHIVE": self.archive if "://" in self.archive else str(Path(self.archive).resolve()),
                "NEWSARCHIVE_CATALOG": self.catalog}

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.config_dir)

    @cached_property
    def sites(self) -> dict[str, SiteConfig]:
        return load_sites(self.config_dir)

    def site(self, name: str) -> SiteConfig:
        return load_site(self.config_dir, name)

    @cached_property
    def topics(self):
        return load_topics(self.config_dir)
