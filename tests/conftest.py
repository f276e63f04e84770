"""Shared fixtures: the analysis pipeline (loaded once), article folders, a local HTTP server."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import narrascope
from narrascope.pipeline import Pipeline

ARTICLE_PARAGRAPHS = [
    ("The European Commission announced on Tuesday a new package of sanctions against Russia, "
    "targeting banks, energy exporters and several shipping companies that carry oil."),
    ("Officials in Brussels said the measures were designed to cut the revenue that finances "
    "the war in Ukraine, while critics warned that households would pay with higher prices."),
    ("Ministers will meet again next month to review the effect of the measures on the economy "
    "and to decide whether further steps are needed before the winter."),
]
NAV_TEXT = "Subscribe now to the Daily Courier newsletter"
FOOTER_TEXT = "Copyright 2024 Daily Courier Media Group. All rights reserved. Privacy settings"

ARTICLE_HTML = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>EU agrees new sanctions package | Daily Courier</title></head>
<body>
<header><nav><ul>
 <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
 <li><a href="/sport">Sport</a></li><li><a href="/subscribe">{NAV_TEXT}</a></li>
</ul></nav></header>
<main><article>
<h1>EU agrees new sanctions package</h1>
<p>{ARTICLE_PARAGRAPHS[0]}</p>
<p>{ARTICLE_PARAGRAPHS[1]}</p>
<p>{ARTICLE_PARAGRAPHS[2]}</p>
</article></main>
<footer><p>{FOOTER_TEXT}</p><a href="/cookies">Cookie policy</a></footer>
</body></html>
"""

PLAIN_TEXT = (
    "Grain corridor reopens\n\n"
    "Ships carrying grain left the port of Odesa on Monday after the corridor reopened.\n"
    "Traders expect prices to ease over the coming weeks.\n"
)

BINARY_BODY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


class _Handler(BaseHTTPRequestHandler):
    def _send(self, code: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/article.html":
            self._send(200, ARTICLE_HTML.encode("utf-8"), "text/html; charset=utf-8")
        elif self.path == "/plain.txt":
            self._send(200, PLAIN_TEXT.encode("utf-8"), "text/plain; charset=utf-8")
        elif self.path == "/404":
            self._send(404, b"<html><body>not here</body></html>", "text/html")
        elif self.path == "/500":
            self._send(500, b"<html><body>broken</body></html>", "text/html")
        elif self.path == "/slow":
            time.sleep(3)
            try:
                self._send(200, PLAIN_TEXT.encode("utf-8"), "text/plain; charset=utf-8")
            except OSError:  # the client gave up already
                pass
        elif self.path == "/binary":
            self._send(200, BINARY_BODY, "application/octet-stream")
        elif self.path == "/redirect-file":
            self._send(302, b"", "text/plain", Location="file:///etc/passwd")
        else:
            self._send(404, b"unknown path", "text/plain")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def http_server() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of a real threaded HTTP server for URL tests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="narrascope-test-http", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default analysis pipeline, models loaded once per test session."""
    pipe = narrascope.load_pipeline()
    pipe.initialize()
    return pipe


ArticleWriter = Callable[..., Path]


@pytest.fixture
def tmp_articles(tmp_path: Path) -> ArticleWriter:
    """Write ``{relative_name: str | bytes}`` under a fresh folder and return the folder.

    ``tmp_articles({"a.txt": "text", "sub/b.txt": b"bytes"}, folder="docs")``
    """
    counter = iter(range(1_000_000))

    def write(files: dict[str, str | bytes], folder: str | None = None) -> Path:
        root = tmp_path / (folder or f"articles{next(counter)}")
        root.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write
