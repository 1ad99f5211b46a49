"""`newsarchive demo-sites`, registered under the `newsarchive.commands` entry point."""
from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console

out = Console()


def register(app: typer.Typer) -> None:
    app.command("demo-sites")(demo_sites)


def demo_sites(
    port: int = typer.Option(8700, "--port", help="Base port: site N listens on port+N"),
    stop_after: Optional[float] = typer.Option(None, "--stop-after", help="Stop after this many seconds"),
    proxy_port: Optional[int] = typer.Option(None, "--proxy-port", help="Also serve every site as an HTTP proxy here"),
):
    """Serve the bundled demo news sites on loopback until stopped."""
    from demo.server import DemoSites

    server = DemoSites(base_port=port, proxy_port=proxy_port).start()
    for name in server.site_names():
        out.print(f"{name:10s} {server.base_url(name)}/")
    out.print("serving; Ctrl-C to stop" + (f" (stops after {stop_after:g}s)" if stop_after else ""))
    try:
        server.serve_forever(stop_after)
    finally:
        server.stop()
