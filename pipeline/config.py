"""Loading and validating what lives in config/: sites/<name>.yaml, settings.yaml, topics.yaml.

Every problem is a ConfigError whose message names the file and the key, so the CLI can print
it as one line.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from croniter import croniter
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class ConfigError(Exception):
    """Bad configuration: the message is one line naming the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExtractionConfig(_Strict):
    drop: list[str] = Field(default_factory=list, description="CSS selectors removed before extraction")
    body_selector: str | None = Field(None, description="CSS selector of the article body, when the extractor misses it")
    date_selector: str | None = Field(None, description="where the date is when the page has no machine-readable one")
    author_selector: str | None = Field(None, description="where the byline is")
    min_words: int | None = Field(None, gt=0, description="override settings.extract.min_words for this site")

    @field_validator("drop", "body_selector", "date_selector", "author_selector")
    @classmethod
    def _css_compiles(cls, value):
        from cssselect import GenericTranslator, SelectorError

        for sel in value if isinstance(value, list) else [value] if value else []:
            try:
                GenericTranslator().css_to_xpath(sel)
            except SelectorError as exc:
                raise ValueError(f"bad CSS selector {sel!r}: {exc}") from None
        return value


# Each level multiplies the pages a story pulls in; past a few levels it is a site crawl, not related coverage.
MAX_FOLLOW_RELATED = 3


class SiteConfig(_Strict):
    name: str
    start_urls: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)
    article_url_patterns: list[str] = Field(min_length=1)
    deny_url_patterns: list[str] = Field(default_factory=list)
    language: str | None = None
    schedule: str = "0 5 * * *"
    max_pages: int = Field(500, gt=0)
    topics: list[str] = Field(default_factory=list)
    priority: int = Field(0, description="higher wins the canonical tie-break between same-time copies")
    allowed_hosts: list[str] = Field(default_factory=list, description="hosts besides those of the site's "
                                     "URLs that its pages may come from (a CDN, a second domain)")
    follow_related: int = Field(0, ge=0, le=MAX_FOLLOW_RELATED, strict=True,
                                description="links inside an archived article that are the site's articles are "
                                "followed to this depth (0 = never); they count against max_pages")
    extraction: ExtractionConfig = Field(default_factory=ExtractionConfig)

    @field_validator("start_urls", "sitemaps", "feeds")
    @classmethod
    def _absolute_http(cls, urls):
        for url in urls:
            if not re.match(r"^https?://[^/\s]+", url):
                raise ValueError(f"{url!r} is not an absolute http(s) URL")
        return urls

    @field_validator("article_url_patterns", "deny_url_patterns")
    @classmethod
    def _regex_compiles(cls, patterns):
        for pat in patterns:
            try:
                re.compile(pat)
            except re.error as exc:
                raise ValueError(f"bad regular expression {pat!r}: {exc}") from None
        return patterns

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value):
        if value not in ("@daily", "@hourly", "@weekly", "@once") and not croniter.is_valid(value):
            raise ValueError(f"{value!r} is not a cron expression")
        return value

    def is_article_url(self, url: str) -> bool:
        if any(re.search(p, url) for p in self.deny_url_patterns):
            return False
        return any(re.search(p, url) for p in self.article_url_patterns)

    @property
    def seed_urls(self) -> list[str]:
        return [*self.start_urls, *self.sitemaps, *self.feeds]


class CrawlSettings(_Strict):
    user_agent: str = "newsarchive/0.1 (+https://github.com/newsarchive/newsarchive; archive crawler)"
    concurrent_requests_per_domain: int = Field(4, gt=0)
    download_timeout: float = Field(30, gt=0)
    autothrottle_start_delay: float = Field(1.0, ge=0)
    autothrottle_max_delay: float = Field(30.0, gt=0)
    autothrottle_target_concurrency: float = Field(2.0, gt=0)
    retry_times: int = Field(3, ge=0)
    backoff_base: float = Field(1.0, ge=0, description="first retry waits this many seconds, then doubles")
    backoff_max: float = Field(60.0, ge=0, description="cap on any wait, Retry-After included")
    max_listing_pages: int = Field(50, gt=0, description="pagination depth per start URL")
    sibling_pages: int = Field(4, ge=0, description="pages of a site fetched only to learn its template "
                               "(home page, other articles) while its template history is short; 0 = never")
    template_history_pages: int = Field(20, ge=0, description="a site whose template history has this many "
                                        "pages needs no sibling pages")
    allow_private_networks: bool = Field(False, description="let crawls reach loopback, private and link-local "
                                         "addresses (the demo and tests; never for real sites)")
    max_crawl_seconds: float = Field(3600, ge=0, description="a crawl stops after this long (0 = no limit)")
    max_response_bytes: int = Field(16 * 1024 * 1024, gt=0, description="larger responses are dropped "
                                    "(decompressed size, sitemaps included)")
    max_sitemap_files: int = Field(200, gt=0, description="sitemap files fetched per crawl, indexes included")
    max_sitemap_depth: int = Field(3, gt=0, description="nesting of sitemap indexes followed")
    max_robots_sitemaps: int = Field(20, gt=0, description="robots.txt Sitemap: lines used per host")


class ExtractSettings(_Strict):
    min_words: int = Field(40, gt=0)
    template_pages: int = Field(60, gt=1, description="a run learns its site template from at most this many "
                                "of its articles (memory holds them; the rest are extracted one at a time)")
    max_page_chars: int = Field(5_000_000, gt=0, description="a page of more HTML characters is rejected as "
                                "too_large, unread (bounds the time one page can take: extraction is linear)")
    template_chars: int = Field(4_000_000, gt=0, description="... and from at most this many characters of "
                                "HTML in all (a few huge pages teach as much as many small ones)")


class DedupSettings(_Strict):
    # defaults = config/settings.yaml (where the reasons are)
    num_perm: int = Field(64, gt=0)
    bands: int = Field(32, gt=0, description="LSH bands; num_perm // bands rows each")
    shingle_size: int = Field(5, gt=0)
    jaccard_threshold: float = Field(0.48, gt=0, le=1)
    containment_threshold: float = Field(0.67, gt=0, le=1)
    window_days: int = Field(7, ge=1, le=366, description="copies are looked for this many days either side")
    seed: int = 1

    @model_validator(mode="after")
    def _bands_fit(self):
        if self.bands > self.num_perm:
            raise ValueError(f"bands ({self.bands}) must not exceed num_perm ({self.num_perm})")
        return self


class StorySettings(_Strict):
    window_days: int = Field(3, gt=0, description="a story stays open this many days after its latest article: "
                             "an article within the window of a member can join it; a follow-up later is a new story")


class EvalSettings(_Strict):
    labelled_dirs: list[str] = Field(
        default_factory=lambda: ["tests/fixtures/unseen_pages", "tests/fixtures/unseen_sites"],
        description="folders of labelled pages (PAGE.html beside PAGE.gold.json) that `newsarchive eval` "
                    "scores besides the registered eval sets; relative to the project root")


class Settings(_Strict):
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    extract: ExtractSettings = Field(default_factory=ExtractSettings)
    dedup: DedupSettings = Field(default_factory=DedupSettings)
    stories: StorySettings = Field(default_factory=StorySettings)
    eval: EvalSettings = Field(default_factory=EvalSettings)


class Topic(_Strict):
    name: str
    keywords: list[str] = Field(min_length=1)
    min_matches: int = Field(1, gt=0)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{where} invalid YAML: {getattr(exc, 'problem', exc)}") from None


def _validated(model: type[BaseModel], data: Any, path: Path):
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        more = f" (and {len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else ""
        raise ConfigError(f"{path}: {key}: {msg}{more}") from None


def load_site_file(path: Path) -> SiteConfig:
    data = _read_yaml(path)
    if isinstance(data, dict) and "name" not in data:
        data = {"name": path.stem, **data}
    site = _validated(SiteConfig, data, path)
    if site.name != path.stem:
        raise ConfigError(f"{path}: name: {site.name!r} must equal the file name {path.stem!r}")
    if not site.seed_urls:
        raise ConfigError(f"{path}: start_urls: give at least one of start_urls, sitemaps, feeds")
    return site


def load_sites(config_dir: Path) -> dict[str, SiteConfig]:
    sites_dir = Path(config_dir) / "sites"
    if not sites_dir.is_dir():
        raise ConfigError(f"{sites_dir}: no such directory (is --config-dir right?)")
    return {p.stem: load_site_file(p) for p in sorted(sites_dir.glob("*.yaml"))}


def load_site(config_dir: Path, name: str) -> SiteConfig:
    path = Path(config_dir) / "sites" / f"{name}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in path.parent.glob("*.yaml"))) or "none"
        raise ConfigError(f"{path}: no site named {name!r} (known: {known})")
    return load_site_file(path)


def load_settings(config_dir: Path) -> Settings:
    path = Path(config_dir) / "settings.yaml"
    if not path.exists():
        return Settings()
    return _validated(Settings, _read_yaml(path), path)


def load_topics(config_dir: Path) -> dict[str, Topic]:
    """topics.yaml maps a topic name to a keyword list or to {keywords, min_matches}."""
    path = Path(config_dir) / "topics.yaml"
    if not path.exists():
        return {}
    data = _read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of topic name to keywords")
    topics = {}
    for name, spec in data.items():
        spec = {"keywords": spec} if isinstance(spec, list) else spec
        if not isinstance(spec, dict):
            raise ConfigError(f"{path}: {name}: expected a keyword list or a mapping")
        topic = _validated(Topic, {"name": str(name), **spec}, path)
        topics[topic.name] = topic
    return topics


def check_site_topics(site: SiteConfig, topics: dict[str, Topic], config_dir: Path) -> None:
    unknown = [t for t in site.topics if t not in topics]
    if unknown:
        path = Path(config_dir) / "sites" / f"{site.name}.yaml"
        raise ConfigError(f"{path}: topics: unknown topic {unknown[0]!r} (not in topics.yaml)")


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD command-line argument; ValueError naming the argument otherwise."""
    if value in (None, ""):
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value).strip()):
        raise ValueError(f"{name}: {value!r} is not a date (expected YYYY-MM-DD)")
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a valid calendar date") from None
