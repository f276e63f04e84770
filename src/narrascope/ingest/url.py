"""Fetch an article from an http(s) URL with a timeout and a size cap."""
from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

from narrascope.doc import Article
from narrascope.errors import InputError
from narrascope.ingest.decode import decode_bytes
from narrascope.ingest.html import extract_html

ALLOWED_SCHEMES = ("http", "https")
USER_AGENT = "narrascope/0.1 (+https://pypi.org/project/narrascope)"


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs (never file:, ftp: ...), public ones if asked."""

    def __init__(self, public_only: bool = False) -> None:
        super().__init__()
        self.public_only = public_only

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_url(newurl, self.public_only)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str, public_only: bool = False) -> None:
    """Refuse anything but http(s); with ``public_only``, refuse hosts that resolve to private,
    loopback, link-local or reserved addresses (a web server must not be a proxy into its LAN)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES or not parts.netloc:
        raise InputError(f"only http:// and https:// URLs can be fetched, got {url!r}")
    if public_only:
        host = parts.hostname or ""
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 80)}
        except OSError as exc:
            raise InputError(f"cannot resolve {host!r}: {exc}") from exc
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global:
                raise InputError(f"refused {url}: {host} is a private, loopback, link-local or "
                                 f"reserved address ({ip})")


def fetch_url(url: str, timeout: float = 15.0, max_bytes: int = 5_000_000,
              public_only: bool = False) -> Article:
    """Download and extract one page; failures come back as an error record."""
    try:
        check_url(url, public_only)
        opener = urllib.request.build_opener(_SafeRedirects(public_only))
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with opener.open(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        return Article(id=url, url=url, origin=url).fail(f"HTTP {exc.code} {exc.reason} from {url}")
    except TimeoutError:
        return Article(id=url, url=url, origin=url).fail(f"timed out after {timeout:g} s fetching {url}")
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return Article(id=url, url=url, origin=url).fail(f"timed out after {timeout:g} s fetching {url}")
        return Article(id=url, url=url, origin=url).fail(f"could not fetch {url}: {reason}")
    except (InputError, OSError, ValueError) as exc:
        return Article(id=url, url=url, origin=url).fail(f"could not fetch {url}: {exc}")
    truncated = len(body) > max_bytes
    body = body[:max_bytes]
    try:
        if charset:
            text = body.decode(charset, errors="replace")
            warnings: list[str] = []
        else:
            text, warnings = decode_bytes(body, truncated=truncated)
    except (InputError, LookupError) as exc:
        return Article(id=url, url=url, origin=url).fail(f"{url}: {exc}")
    if content_type in ("text/html", "application/xhtml+xml") or "<html" in text[:2000].lower():
        article = extract_html(text, url, url, url=url)
    elif content_type.startswith("text/"):
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        article = Article(id=url, text=text, title=first[:300], url=url, origin=url)
    else:
        return Article(id=url, url=url, origin=url).fail(
            f"{url} returned {content_type}, not a web page or text"
        )
    article.warnings.extend(warnings)
    if truncated:
        article.warnings.append(f"truncated: the page is larger than {max_bytes} bytes")
    return article
