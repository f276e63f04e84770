"""HTML pages: keep the main text (trafilatura), drop navigation and boilerplate."""
from __future__ import annotations

from pathlib import Path

from narrascope.doc import Article
from narrascope.errors import InputError
from narrascope.ingest.decode import decode_bytes
from narrascope.ingest.text import read_capped


def extract_html(html: str, article_id: str, origin: str, url: str = "") -> Article:
    """Main text and metadata of an HTML page, or an error record if it has none."""
    import trafilatura  # lazy: costs ~0.3 s to import

    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        return Article(id=article_id, origin=origin, url=url).fail(
            "no article text found in the HTML page"
        )
    title = (getattr(doc, "title", None) or "").strip()
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return Article(
        id=article_id,
        text=body,
        title=title or body.splitlines()[0][:300],
        source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or "",
        published=getattr(doc, "date", None) or "",
        url=url,
        origin=origin,
    )


def read_html_file(path: Path, max_bytes: int) -> Article:
    try:
        data, size = read_capped(path, max_bytes)
        html, warnings = decode_bytes(data, truncated=size > max_bytes)
    except (OSError, InputError) as exc:
        return Article(id=path.name, origin=str(path)).fail(f"{path.name}: {exc}")
    article = extract_html(html, path.name, str(path))
    article.warnings.extend(warnings)
    return article
