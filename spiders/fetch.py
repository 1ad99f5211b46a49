"""Fetch a few given URLs with the project's Scrapy settings (robots.txt, retries, User-Agent).

For previews (`newsarchive extract URL`, `sites check`): run as a child process,
`python -m spiders.fetch OUT_DIR URL...`; writes OUT_DIR/fetched.jsonl (one line per URL, in
order) and the bodies beside it.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from pipeline.context import Context
from spiders.settings import from_crawl_settings


class FetchSpider(scrapy.Spider):
    name = "fetch"
    custom_settings = {"ITEM_PIPELINES": {}, "LOG_LEVEL": "WARNING", "HTTPERROR_ALLOW_ALL": True}

    def __init__(self, urls: list[str], out_dir: str, **kwargs):
        super().__init__(**kwargs)
        self.urls, self.out_dir, self.results = urls, Path(out_dir), {}

    async def start(self):
        for i, url in enumerate(self.urls):
            yield scrapy.Request(url, callback=self.got, errback=self.failed, cb_kwargs={"i": i},
                                 dont_filter=True)

    def got(self, response, i):
        body = self.out_dir / f"{i:04d}.body"
        body.write_bytes(response.body)
        self.results[i] = {"url": response.url, "status": response.status, "body": body.name,
                           "content_type": response.headers.get("Content-Type", b"").decode("latin-1")}

    def failed(self, failure):
        i = failure.request.cb_kwargs["i"]
        self.results[i] = {"url": failure.request.url, "error": failure.getErrorMessage() or repr(failure.value)}

    def closed(self, reason):
        with open(self.out_dir / "fetched.jsonl", "w") as fh:
            for i, url in enumerate(self.urls):
                fh.write(json.dumps(self.results.get(i, {"url": url, "error": "not fetched (robots.txt?)"})) + "\n")


def main(argv: list[str]) -> None:
    out_dir, urls = argv[0], argv[1:]
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    settings = get_project_settings()
    settings.setdict(from_crawl_settings(Context.from_env().settings.crawl), priority="project")
    process = CrawlerProcess(settings)
    process.crawl(FetchSpider, urls=urls, out_dir=out_dir)
    process.start()


if __name__ == "__main__":
    main(sys.argv[1:])
