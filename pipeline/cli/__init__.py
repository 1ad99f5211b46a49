"""The `newsarchive` command line."""
from pipeline.cli.app import app, main

__all__ = ["app", "main"]
