"""The demo sites' gold pages as extraction cases for `newsarchive eval` (registered under the
`newsarchive.eval_sets` entry point)."""
from __future__ import annotations

import json
from pathlib import Path

from demo.server import Site, page_path
from pipeline.eval.extraction import Case, decode_case

DEMO_DIR = Path(__file__).resolve().parent / "sites"


def demo_cases(sites_dir: Path = DEMO_DIR) -> list[Case]:
    if not (sites_dir / "MANIFEST.json").is_file():
        raise ValueError(f"{sites_dir}/MANIFEST.json: no demo gold pages (run python demo/build.py)")
    manifest = json.loads((sites_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    meta = {}
    cases = []
    for entry in manifest:
        if entry["expect"] == "robots":
            continue
        name = entry["site"]
        if name not in meta:
            raw = json.loads((sites_dir / name / "site.json").read_text(encoding="utf-8"))
            meta[name] = (Site.load(sites_dir / name), bool(raw.get("hard")))
        site, hard = meta[name]
        fp = page_path(sites_dir, name, entry["url_path"])
        base = f"http://{site.hostname or name + '.test'}"
        html = decode_case(fp.read_bytes(), site.encoding).replace("@BASE_URL@", base)
        gold = json.loads(fp.with_name(fp.name.rsplit(".", 1)[0] + ".gold.json").read_text(encoding="utf-8"))
        cases.append(Case("demo", name, base + entry["url_path"], html, gold, name, hard))
    return cases
