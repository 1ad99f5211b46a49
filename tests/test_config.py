"""Site YAML validation: every problem names the file and the key; the CLI prints one line, exit 2."""
import subprocess
import sys

import pytest

from pipeline.config import ConfigError, load_settings, load_site, load_sites, load_topics


def write_site(config_dir, name, body):
    path = config_dir / "sites" / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_shipped_config_loads(config_dir):
    sites = load_sites(config_dir)
    assert set(sites) == {"almada", "nahrain", "rafidain", "sawt", "tigris"}
    assert sites["rafidain"].extraction.date_selector == "font.date"
    assert load_settings(config_dir).dedup.bands == 32
    assert "russia-iraq" in load_topics(config_dir)


@pytest.mark.parametrize("body, key, message", [
    ("start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nmax_page: 3\n", "max_page", "unknown key"),
    ("start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nmax_pages: lots\n", "max_pages", "integer"),
    ("start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nfollow_related: 4\n", "follow_related",
     "less than or equal to 3"),
    ("start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nfollow_related: -1\n", "follow_related",
     "greater than or equal to 0"),
    ("start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nfollow_related: yes\n", "follow_related",
     "integer"),
    ("start_urls: [http://x.test/]\narticle_url_patterns: ['/a(/']\n", "article_url_patterns", "bad regular expression"),
    ("start_urls: [x.test]\narticle_url_patterns: ['/a/']\n", "start_urls", "not an absolute http"),
    ("start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nschedule: 'every day'\n", "schedule", "cron"),
    ("start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nextraction: {drop: ['..bad']}\n", "extraction.drop", "CSS"),
    ("name: other\nstart_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\n", "name", "file name"),
    ("article_url_patterns: ['/a/']\n", "start_urls", "at least one"),
    ("start_urls: [http://x.test/\n", "line", "invalid YAML"),
])
def test_bad_site_names_file_and_key(config_dir, body, key, message):
    path = write_site(config_dir, "newsite", body)
    with pytest.raises(ConfigError) as err:
        load_site(config_dir, "newsite")
    text = str(err.value)
    assert text.startswith(str(path)) and key in text and message in text
    assert "\n" not in text


def test_follow_related_default_and_scaffold(config_dir):
    from pipeline.cli.app import SITE_TEMPLATE

    assert {site.follow_related for site in load_sites(config_dir).values()} == {0}
    write_site(config_dir, "scaffolded", SITE_TEMPLATE.format(name="scaffolded"))
    assert load_site(config_dir, "scaffolded").follow_related == 0
    write_site(config_dir, "follows", "start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nfollow_related: 2\n")
    assert load_site(config_dir, "follows").follow_related == 2


def test_unknown_site_lists_known(config_dir):
    with pytest.raises(ConfigError, match="known: almada, nahrain, rafidain, sawt, tigris"):
        load_site(config_dir, "nope")


def test_cli_bad_config_is_one_line_exit_2(config_dir):
    write_site(config_dir, "broken", "start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nbogus: 1\n")
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "--config-dir", str(config_dir), "sites", "list"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "broken.yaml: bogus: unknown key" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_bad_argument_exit_2(config_dir, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "--config-dir", str(config_dir), "export",
                           "--out", str(tmp_path / "x.jsonl"), "--format", "xml"], capture_output=True, text=True)
    assert proc.returncode == 2 and "--format must be one of" in proc.stderr
