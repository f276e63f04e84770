"""`narrascope serve`: browse, search and compare a corpus store in the browser.

Server-rendered pages (Jinja2, autoescaped, a Content-Security-Policy that
allows no script: layer toggles are CSS checkboxes, evidence links are
anchors) and a JSON API behind every page. The store is opened read-only; each
request gets its own DuckDB cursor. Article text is untrusted everywhere.
"""
import asyncio
import hmac
import os
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from narrascope.doc import Article
from narrascope.ingest.text import article_from_text
from narrascope.store.db import Store
from narrascope.web import queries
from narrascope.web.views import article_view, story_view

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'"
MAX_UPLOAD_BYTES = 2_000_000
PAGE_TIMEOUT_S = 30.0
ANALYSE_TIMEOUT_S = 300.0
MAX_UPLOAD_FILES = 20
UPLOAD_TYPES = (".txt", ".html", ".htm", ".md")


def create_app(db_path: str | Path, token: str | None = None, analyse: bool = True,
               allow_urls: bool = False) -> Any:
    """The ASGI app over one store file; ``token`` (if set) is required on every request.

    ``allow_urls`` lets the analyse page fetch a URL; only public addresses are fetched.
    """
    store = Store(db_path, read_only=True)
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    app = FastAPI(title="narrascope", description="Browse, search and compare analysed articles.",
                  version="1", docs_url=None, redoc_url=None)
    state: dict[str, Any] = {"pipeline": None}

    @app.middleware("http")
    async def time_limit(request: Request, call_next: Any) -> Any:
        limit = ANALYSE_TIMEOUT_S if request.url.path.endswith("analyse") else PAGE_TIMEOUT_S
        try:
            return await asyncio.wait_for(call_next(request), timeout=limit)
        except TimeoutError:
            return JSONResponse({"detail": f"the request took longer than {limit:g} s"},
                                status_code=503)

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Any:
        if token:
            given = (request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                     or request.query_params.get("token", "")
                     or request.cookies.get("narrascope_token", ""))
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"detail": "missing or wrong token"}, status_code=401)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        if token and request.query_params.get("token"):
            response.set_cookie("narrascope_token", token, httponly=True, samesite="strict")
        return response

    def cursor() -> Any:
        return store.con.cursor()

    def page(name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    def filters(source: str, language: str, narrative: str, actor: str, date_from: str,
                date_to: str, q: str) -> queries.Filters:
        return queries.Filters(source, language, narrative, actor, date_from, date_to, q[:200])

    # -- JSON API --------------------------------------------------------------------------

    @app.get("/api/articles")
    def api_articles(source: str = "", language: str = "", narrative: str = "", actor: str = "",
                     date_from: str = "", date_to: str = "", q: str = "",
                     limit: int = Query(50, ge=1, le=queries.MAX_PAGE),
                     offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Current articles matching the filters, newest first, one page at a time."""
        f = filters(source, language, narrative, actor, date_from, date_to, q)
        return queries.list_articles(cursor(), f, limit, offset)

    @app.get("/api/articles/{article_id:path}")
    def api_article(article_id: str) -> dict[str, Any]:
        """One article's full analysis record."""
        article = queries.get_article(cursor(), article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return article.to_dict()

    @app.get("/api/dashboard")
    def api_dashboard(source: str = "", language: str = "", narrative: str = "", actor: str = "",
                      date_from: str = "", date_to: str = "", q: str = "") -> dict[str, Any]:
        """Narrative prevalence by source and month, actors by source, technique profiles."""
        return queries.dashboard(cursor(), filters(source, language, narrative, actor, date_from,
                                                   date_to, q))

    @app.get("/api/stories")
    def api_stories(limit: int = Query(50, ge=1, le=queries.MAX_PAGE),
                    offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        """Stories, largest first."""
        return queries.list_stories(cursor(), limit, offset)

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str) -> dict[str, Any]:
        """One story: articles, claims with alignments, divergence (as `compare` writes it)."""
        story = queries.get_story(cursor(), story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return story

    @app.post("/api/analyse")
    def api_analyse(text: str = Form(..., max_length=MAX_UPLOAD_BYTES)) -> dict[str, Any]:
        """Analyse a pasted text (not stored); returns its analysis record."""
        return run_analysis([article_from_text(text, id="pasted text")])[0].to_dict()

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """The API described from its OpenAPI schema, as a plain page (no CDN, no script)."""
        schema = app.openapi()
        endpoints = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                      "description": op.get("description", ""),
                      "parameters": [(x["name"], x["in"], x.get("required", False))
                                     for x in op.get("parameters", [])]}
                     for path, methods in schema["paths"].items() for method, op in methods.items()
                     if path.startswith("/api/")]
        return page("docs.html.j2", endpoints=endpoints)

    # -- pages ----------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def dashboard_page(source: str = "", language: str = "", narrative: str = "", actor: str = "",
                       date_from: str = "", date_to: str = "", q: str = "",
                       offset: int = Query(0, ge=0)) -> HTMLResponse:
        f = filters(source, language, narrative, actor, date_from, date_to, q)
        cur = cursor()
        return page("dashboard.html.j2", f=f, data=queries.dashboard(cur, f),
                    listing=queries.list_articles(cur, f, 50, offset),
                    stories=queries.list_stories(cur, 20), analyse=analyse)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article_page(article_id: str) -> HTMLResponse:
        cur = cursor()
        article = queries.get_article(cur, article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return page("article.html.j2", v=article_view(article),
                    story=queries.story_of(cur, article_id))

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(story_id: str) -> HTMLResponse:
        story = queries.get_story(cursor(), story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return page("story.html.j2", s=story_view(story))

    @app.get("/analyse", response_class=HTMLResponse)
    def analyse_form() -> HTMLResponse:
        return page("analyse.html.j2", enabled=analyse, limit=MAX_UPLOAD_BYTES,
                    files=MAX_UPLOAD_FILES, types=UPLOAD_TYPES, urls=allow_urls)

    @app.post("/analyse", response_class=HTMLResponse)
    async def analyse_submit(
            text: Annotated[str, Form(max_length=MAX_UPLOAD_BYTES)] = "",
            url: Annotated[str, Form(max_length=2000)] = "",
            files: Annotated[list[UploadFile] | None, File()] = None) -> HTMLResponse:
        articles = [article_from_text(text, id="pasted text")] if text.strip() else []
        if url.strip():
            if not allow_urls:
                raise HTTPException(403, "URL analysis is off on this server "
                                         "(narrascope serve --allow-urls)")
            from narrascope.ingest.url import fetch_url

            fetched = fetch_url(url.strip(), timeout=10, max_bytes=MAX_UPLOAD_BYTES,
                                public_only=True)
            if not fetched.ok:
                raise HTTPException(400, fetched.error)
            articles.append(fetched)
        for upload in (files or [])[:MAX_UPLOAD_FILES + 1]:
            if not upload.filename:
                continue
            if len(articles) >= MAX_UPLOAD_FILES:
                raise HTTPException(413, f"at most {MAX_UPLOAD_FILES} files at once")
            if not upload.filename.lower().endswith(UPLOAD_TYPES):
                raise HTTPException(415, f"{upload.filename}: accepted types are "
                                         f"{', '.join(UPLOAD_TYPES)}")
            data = await upload.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise HTTPException(413, f"{upload.filename} is larger than "
                                         f"{MAX_UPLOAD_BYTES} bytes")
            articles.append(_article_from_upload(upload.filename, data))
        if not articles:
            raise HTTPException(400, "paste a text or choose a file")
        return page("analysed.html.j2", views=[article_view(a) for a in run_analysis(articles)])

    def run_analysis(articles: list[Article]) -> list[Article]:
        if not analyse:
            raise HTTPException(403, "analysis is off on this server (narrascope serve --no-analyse)")
        if state["pipeline"] is None:
            from narrascope.api import load_pipeline

            state["pipeline"] = load_pipeline()
        return list(state["pipeline"].pipe(articles))

    app.state.store = store
    return app


def _article_from_upload(name: str, data: bytes) -> Article:
    """An uploaded file as an article, or an error record that says why not."""
    from narrascope.errors import InputError
    from narrascope.ingest.decode import decode_bytes
    from narrascope.ingest.html import extract_html
    from narrascope.ingest.text import article_from_text

    try:
        text, warnings = decode_bytes(data)
    except InputError as exc:
        return Article(id=name).fail(f"{name}: {exc}")
    if name.lower().endswith((".html", ".htm")):
        return extract_html(text, name, "upload")
    article = article_from_text(text, id=name, origin="upload")
    article.warnings.extend(warnings)
    return article


def token_from_env() -> str | None:
    return os.environ.get("NARRASCOPE_TOKEN") or None
