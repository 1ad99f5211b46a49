"""The Scrapy project: NewsSpider (news.py) and what it needs — discovery parsing, backoff
retries, the WARC pipeline, the stats report — plus crawl.py, the runner the pipeline calls."""
