"""Options several commands share, declared once."""
from __future__ import annotations

import typer

SINCE = typer.Option(None, "--since", help="On or after this day (YYYY-MM-DD)")
UNTIL = typer.Option(None, "--until", help="On or before this day (YYYY-MM-DD)")
SITE = typer.Option(None, "--site", help="One site [default: all]")
LANG = typer.Option(None, "--lang", help="Language code, e.g. ar, en")
