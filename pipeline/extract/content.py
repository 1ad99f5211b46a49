"""Is a response an HTML page at all? By its Content-Type header, then by its first bytes.

A PNG, PDF or archive served at an article URL (a misconfigured server, a hostile one) would
otherwise be decoded as text and archived as an article of a thousand "words".
"""
from __future__ import annotations

_HTML_TYPES = {"text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml", ""}
_MAGIC = {b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image", b"%PDF": "PDF",
          b"PK\x03\x04": "ZIP archive", b"\x1f\x8b": "gzip data", b"RIFF": "RIFF media", b"OggS": "Ogg media",
          b"ID3": "MP3 audio", b"\x00\x00\x01\x00": "icon", b"BM": "bitmap image", b"\x7fELF": "executable",
          b"wOFF": "web font", b"wOF2": "web font", b"\x00asm": "WebAssembly"}
SNIFF_BYTES = 1024


def not_html(body: bytes, content_type: str | None) -> str | None:
    """Why `body` is not an HTML page, or None when it may be one."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime not in _HTML_TYPES and not mime.startswith("text/"):
        return f"content type {mime}"
    head = body[:SNIFF_BYTES].lstrip()
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return f"{what} (by its first bytes)"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte order mark: NUL bytes are expected
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls > 0.1 * len(head):
        return "binary data (control bytes)"
    return None
