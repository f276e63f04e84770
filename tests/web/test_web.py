"""`narrascope serve` against a real store, a real uvicorn server and (when installed) Chromium.

The store is built by `narrascope ingest` from articles written for these
tests, some of them full of markup that must never execute.
"""
from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from story_texts import EN, RU

from narrascope.cli import main

HOSTILE = ('Kyiv <script>window.__xss = 1; alert(1)</script> under fire\n\n'
           'The corrupt regime in Kyiv lies again, <img src=x onerror="window.__xss=2"> said the '
           'Kremlin spokesman Dmitry Peskov on Monday. '
           '<a href="javascript:window.__xss=3">Read more</a>. Twelve people were killed in the '
           'strike on the fuel depot in Verkhnia Dubrava, the regional governor said.\n')
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real uvicorn server in a thread."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started and time.time() < deadline:
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    (folder / "hostile.txt").write_text(HOSTILE, "utf-8")
    (folder / "en.txt").write_text(EN, "utf-8")
    (folder / "ru.txt").write_text(RU, "utf-8")
    db = folder.parent / "web.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def base(store: Path) -> Iterator[str]:
    from narrascope.web.app import create_app

    with Server(create_app(store)) as url:
        yield url


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8"), dict(exc.headers)


def _post(url: str, body: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _multipart(files: list[tuple[str, bytes]], text: str = "") -> tuple[bytes, str]:
    boundary = "narrascopeboundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n{text}\r\n'
             .encode()]
    for name, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                     f'filename="{name}"\r\nContent-Type: text/plain\r\n\r\n'.encode() + data
                     + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_api_lists_filters_and_pages_articles(base: str) -> None:
    code, body, headers = _get(f"{base}/api/articles?limit=2")
    data = json.loads(body)
    assert code == 200 and data["total"] == 3 and len(data["articles"]) == 2
    assert "default-src 'none'" in headers["content-security-policy"]
    _, body, _ = _get(f"{base}/api/articles?language=ru")
    assert [a["id"] for a in json.loads(body)["articles"]] == ["ru.txt"]
    _, body, _ = _get(f"{base}/api/articles?q=" + urllib.parse.quote("onerror"))
    assert [a["id"] for a in json.loads(body)["articles"]] == ["hostile.txt"]
    code, _, _ = _get(f"{base}/api/articles/nothing.txt")
    assert code == 404
    _, body, _ = _get(f"{base}/api/articles/en.txt")
    assert json.loads(body)["claims"]


def test_dashboard_story_and_article_pages_escape_everything(base: str) -> None:
    code, html, _ = _get(f"{base}/")
    assert code == 200 and "3 articles" in html
    assert "<script>window.__xss" not in html and "&lt;script&gt;" in html
    code, html, _ = _get(f"{base}/articles/hostile.txt")
    assert code == 200
    assert "<script>" not in html and 'onerror="window' not in html
    assert 'href="javascript:' not in html
    assert 'class="claim' in html and 'id="show-tech"' in html
    _, stories, _ = _get(f"{base}/api/stories")
    story = next(s for s in json.loads(stories) if s["articles"] >= 2)
    code, html, _ = _get(f"{base}/stories/{story['id']}")
    assert code == 200 and 'id="side-by-side"' in html and "claim-" in html
    _, body, _ = _get(f"{base}/api/stories/{story['id']}")
    relations = {al["relation"] for a in json.loads(body)["articles"] for c in a["claims"]
                 for al in c["alignments"]}
    assert "same" in relations


def test_api_docs_page_lists_every_endpoint_without_scripts(base: str) -> None:
    code, html, _ = _get(f"{base}/docs")
    assert code == 200 and "<script" not in html
    for path in ("/api/articles", "/api/dashboard", "/api/stories/{story_id}", "/api/analyse"):
        assert f"<code>{path}</code>" in html
    code, schema, _ = _get(f"{base}/openapi.json")
    assert code == 200 and "/api/articles" in json.loads(schema)["paths"]


def test_analyse_a_pasted_text_and_upload_limits(base: str) -> None:
    body, kind = _multipart([], text=EN)
    code, html = _post(f"{base}/analyse", body, kind)
    assert code == 200 and "Verkhnia Dubrava" in html and 'class="claim' in html
    body, kind = _multipart([("big.txt", b"x " * 1_100_000)])
    assert _post(f"{base}/analyse", body, kind)[0] == 413
    body, kind = _multipart([("payload.exe", b"MZ")])
    assert _post(f"{base}/analyse", body, kind)[0] == 415
    body, kind = _multipart([(f"{i}.txt", b"text") for i in range(21)])
    assert _post(f"{base}/analyse", body, kind)[0] == 413


def _form(fields: dict[str, str]) -> tuple[bytes, str]:
    body, kind = _multipart([])
    extra = "".join(f'--narrascopeboundary\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                    f"{v}\r\n" for k, v in fields.items())
    return extra.encode() + body, kind


def test_url_analysis_is_off_by_default_and_refuses_private_addresses(store: Path,
                                                                      base: str) -> None:
    """A loopback URL (this very server) stands for any address inside the network."""
    from narrascope.web.app import create_app

    body, kind = _form({"url": f"{base}/api/articles"})
    code, text = _post(f"{base}/analyse", body, kind)
    assert code == 403 and "allow-urls" in text
    with Server(create_app(store, allow_urls=True)) as url:
        for target in (f"{url}/api/articles", "http://169.254.169.254/latest/meta-data/",
                       "http://10.0.0.1/", "file:///etc/passwd"):
            body, kind = _form({"url": target})
            code, text = _post(f"{url}/analyse", body, kind)
            assert code == 400, (target, code)
            assert "refused" in text or "only http" in text


def test_token_is_required_when_set(store: Path) -> None:
    from narrascope.web.app import create_app

    with Server(create_app(store, token="s3cret")) as url:
        assert _get(f"{url}/api/articles")[0] == 401
        assert _get(f"{url}/api/articles", {"Authorization": "Bearer wrong"})[0] == 401
        assert _get(f"{url}/api/articles", {"Authorization": "Bearer s3cret"})[0] == 200


def test_serve_refuses_a_public_host_without_a_token(store: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(store), "--host", "0.0.0.0"],
                                env={"NARRASCOPE_TOKEN": ""})
    assert result.exit_code == 2 and "--token" in result.output


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed "
                    "(apt install chromium; .ci/run installs it when it can)")
def test_in_a_real_browser_nothing_executes_and_layers_toggle(base: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{base}/")
        page.fill("input[name=q]", "fuel depot")
        page.click("button[type=submit]")
        assert page.locator("#articles a").count() >= 2
        page.goto(f"{base}/articles/hostile.txt")
        assert page.evaluate("window.__xss === undefined") and dialogs == []
        mark = page.locator("mark.tech").first
        if mark.count():
            before = mark.evaluate("m => getComputedStyle(m).backgroundColor")
            page.click("label[for=show-tech]")
            after = mark.evaluate("m => getComputedStyle(m).backgroundColor")
            assert before != after and after in ("rgba(0, 0, 0, 0)", "transparent")
        claim = page.locator("mark.claim").first
        assert claim.evaluate("m => getComputedStyle(m).borderBottomStyle") != "none"
        page.click("label[for=show-claim]")
        assert claim.evaluate("m => getComputedStyle(m).borderBottomStyle") == "none"
        page.goto(f"{base}/")
        page.locator("#stories a").first.click()
        assert page.locator("#side-by-side tr").count() >= 2
        assert page.locator("mark.claim-shared, mark.claim-contradicted").count() >= 1
        page.goto(f"{base}/analyse")
        page.fill("textarea[name=text]", HOSTILE)
        page.click("#analyse")
        page.wait_for_selector("#text", timeout=120_000)
        assert page.evaluate("window.__xss === undefined") and dialogs == []
        browser.close()


def test_bounded_load_has_no_errors(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    """300 requests, 20 at a time, over the pages and the API (the 2,000-request run on a
    100,000-article store is benchmarks/web_pages.py)."""
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/", "/?q=fuel", "/articles/en.txt", "/api/articles?language=en", "/api/dashboard",
             "/api/stories"]
    errors: list[str] = []

    def one(k: int) -> float:
        start = time.perf_counter()
        code, _, _ = _get(base + paths[k % len(paths)])
        if code != 200:
            errors.append(f"{paths[k % len(paths)]}: {code}")
        return (time.perf_counter() - start) * 1000

    with ThreadPoolExecutor(20) as pool:
        times = sorted(pool.map(one, range(300)))
    with capsys.disabled():
        print(f"\nload: 300 requests, 20 concurrent, p50 {times[150]:.0f} ms, "
              f"p95 {times[285]:.0f} ms, {len(errors)} errors")
    assert errors == []
