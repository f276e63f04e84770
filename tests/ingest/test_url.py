"""Fetching http(s) URLs from a real local server: extraction, HTTP errors, timeouts, refusals."""
from __future__ import annotations

import time

from conftest import ARTICLE_PARAGRAPHS, FOOTER_TEXT, NAV_TEXT, PLAIN_TEXT

from narrascope.ingest import ReadOptions, iter_articles
from narrascope.ingest.url import fetch_url


def _fetch(url: str, timeout: float = 5.0):  # type: ignore[no-untyped-def]
    [article] = list(iter_articles([url], ReadOptions(url_timeout=timeout)))
    return article


def test_url_html_page_keeps_article_drops_boilerplate(http_server: str) -> None:
    url = f"{http_server}/article.html"
    article = _fetch(url)
    assert article.ok, article.error
    assert article.id == url and article.url == url
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in article.text
    assert NAV_TEXT not in article.text
    assert FOOTER_TEXT not in article.text
    assert "Cookie policy" not in article.text
    assert "EU agrees new sanctions package" in article.title


def test_url_plain_text(http_server: str) -> None:
    url = f"{http_server}/plain.txt"
    article = _fetch(url)
    assert article.ok, article.error
    assert article.id == url
    assert article.text == PLAIN_TEXT
    assert article.title == "Grain corridor reopens"


def test_url_404_is_error_with_code(http_server: str) -> None:
    url = f"{http_server}/404"
    article = _fetch(url)
    assert article.status == "error"
    assert article.id == url
    assert "404" in article.error
    assert article.text == ""


def test_url_500_is_error_with_code(http_server: str) -> None:
    article = _fetch(f"{http_server}/500")
    assert article.status == "error"
    assert "500" in article.error


def test_url_slow_server_times_out(http_server: str) -> None:
    url = f"{http_server}/slow"
    started = time.perf_counter()
    article = _fetch(url, timeout=0.5)
    elapsed = time.perf_counter() - started
    assert article.status == "error"
    assert "timed out" in article.error and "0.5" in article.error
    assert elapsed < 2.5


def test_url_binary_content_type_refused(http_server: str) -> None:
    article = _fetch(f"{http_server}/binary")
    assert article.status == "error"
    assert "binary" in article.error or "application/octet-stream" in article.error
    assert article.text == ""


def test_url_redirect_to_file_scheme_refused(http_server: str) -> None:
    article = _fetch(f"{http_server}/redirect-file")
    assert article.status == "error"
    assert "file:///etc/passwd" in article.error
    assert "not allowed" in article.error or "refused" in article.error
    assert "root:" not in article.text and article.text == ""


def test_url_ftp_scheme_refused_without_network() -> None:
    article = fetch_url("ftp://x", timeout=0.5)
    assert article.status == "error"
    assert article.id == "ftp://x"
    assert "only http:// and https://" in article.error


def test_url_several_inputs_keep_order(http_server: str) -> None:
    urls = [f"{http_server}/404", f"{http_server}/plain.txt"]
    records = list(iter_articles(urls, ReadOptions(url_timeout=5)))
    assert [a.id for a in records] == urls
    assert [a.status for a in records] == ["error", "ok"]
