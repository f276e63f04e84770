"""`narrascope ingest`, `export`, `serve` (the DuckDB corpus store and its web app) and `batch`."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from narrascope.cli import _fail, _progress, input_settings, main, single_embedder_settings
from narrascope.shards import FORMATS as SHARD_FORMATS


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="DuckDB file to add to (created if missing).")
@click.option("--lang", default="auto", show_default=True,
              help="Language of every input (en, ru, uk, bg, pt, hi), or auto-detect.")
@click.option("--embedder", default="e5-small", show_default=True,
              help="One multilingual embedder for analysis and stories (e5-small or "
                   "use-multilingual).")
@click.option("--columns", help="Column names for JSONL/CSV inputs, e.g. 'text=body,id=doc_id'.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="TOML config file (see docs/cli.md).")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override one config value; repeatable.")
@click.option("--batch-size", type=click.IntRange(1, 4096), default=16, show_default=True,
              help="Articles per batch; each batch is stored in one transaction.")
@click.option("--stories/--no-stories", default=True, show_default=True,
              help="Regroup the store's current articles into stories afterwards.")
@click.option("--max-bytes", type=click.IntRange(1000), help="Read at most this many bytes per input.")
@click.option("--url-timeout", type=float, help="Seconds to wait for a URL (default 15).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no closing line.")
def ingest(paths: tuple[str, ...], db_path: str, lang: str, embedder: str, columns: str | None,
           config_path: str | None, overrides: tuple[str, ...], batch_size: int, stories: bool,
           max_bytes: int | None, url_timeout: float | None, quiet: bool) -> None:
    """Analyse PATHS and store the results in a DuckDB corpus file.

    PATHS are what `narrascope analyze` reads, plus results analysed earlier,
    which are stored without analysing again: an output folder of `narrascope
    batch` (its saved vectors are used; shards and their errors files are read)
    or a JSONL written by `narrascope analyze` (only its sentences are embedded
    again, for stories). An article already stored
    with the same content (hash of title, source and text) is skipped; changed
    content is stored as a new version. Inputs that cannot be read are stored
    with status error. Every batch is one transaction: after a crash, run the
    same command again and it completes the rest. Then stories, claim
    alignments and divergence are recomputed over the current articles.
    Exit code 1 when any input failed.
    """
    from narrascope.api import load_pipeline
    from narrascope.ingest import iter_articles
    from narrascope.store.db import Store
    from narrascope.store.ingest import ingest as run_ingest
    from narrascope.store.ingest import ingest_analysed

    config, options = single_embedder_settings("ingest", overrides, embedder, lang, max_bytes,
                                               url_timeout, config_path, columns)
    analysed = [p for p in paths if _is_analysed(p)]
    raw = [p for p in paths if p not in analysed]
    with Store(db_path) as store, _progress(not quiet and sys.stderr.isatty()) as progress:
        task = progress.add_task("ingesting", total=None, rate="")
        advance = lambda n: progress.advance(task, n)
        stats = ingest_analysed(store, _analysed_records(analysed), config["embedder"]["name"],
                                batch_size, stories and not raw, progress=advance)
        if raw:
            more = run_ingest(store, iter_articles(raw, options), load_pipeline(config),
                              config["embedder"]["name"], batch_size, stories, progress=advance)
            stats.counts.update(more.counts)
            stats.errors += more.errors
            stats.stories = more.stories
        total = store.count()
    if stats.embedded:
        click.echo(f"note: {stats.embedded} analysed records had no saved vectors from "
                   f"{config['embedder']['name']}; their sentences were embedded again",
                   err=True)
    counts = stats.counts
    for article_id, error in stats.errors[:20]:
        click.echo(f"failed: {article_id}: {error}", err=True)
    if not quiet:
        click.echo(f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} "
                   f"unchanged, {counts['failed']} failed; {total} articles in {db_path}"
                   + (f", {stats.stories} stories" if stories else ""), err=True)
    if counts["failed"]:
        sys.exit(1)


def _is_analysed(path: str) -> bool:
    from narrascope.compare.run import is_analysis_file
    from narrascope.shards import is_batch_output, is_uri

    if is_uri(path) and not path.startswith(("http://", "https://")):
        return is_batch_output(path)
    return is_batch_output(path) or is_analysis_file(Path(path))


def _analysed_records(paths: list[str]):  # type: ignore[no-untyped-def]
    """(article, saved vectors or None) from batch output folders and analysis JSONL files."""
    from narrascope.report.actors import read_analysis
    from narrascope.shards import is_batch_output, read_batch_output

    for path in paths:
        if is_batch_output(path):
            yield from read_batch_output(path)
            continue
        articles, problems = read_analysis(Path(path))
        for problem in problems[:20]:
            click.echo(f"skipped: {problem}", err=True)
        yield from ((article, None) for article in articles)


@main.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="The DuckDB corpus file written by narrascope ingest.")
@click.option("-f", "--format", "fmt", required=True, type=click.Choice(("parquet", "jsonl", "csv")),
              help="parquet and jsonl keep every value; csv flattens lists and JSON to text.")
@click.argument("out", type=click.Path(file_okay=False))
def export(db_path: str, fmt: str, out: str) -> None:
    """Export every table of the store to OUT/<table>.<format>.

    Tables: articles (one row per version; `record` holds the full analysis
    as `narrascope analyze` writes it), spans, labels, claims, stories,
    story_articles, alignments, divergence.
    """
    from narrascope.errors import InputError
    from narrascope.store.db import Store

    try:
        with Store(db_path, read_only=True) as store:
            written = store.export(fmt, Path(out))
    except InputError as exc:
        _fail(str(exc))
    click.echo(f"wrote {len(written)} files to {out}: "
               + ", ".join(p.name for p in written), err=True)


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@main.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="The DuckDB corpus file written by narrascope ingest (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but localhost requires --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--token", envvar="NARRASCOPE_TOKEN",
              help="Require this token on every request (Authorization: Bearer, ?token= once, "
                   "then a cookie). Also read from NARRASCOPE_TOKEN.")
@click.option("--analyse/--no-analyse", default=True, show_default=True,
              help="Offer 'Analyse a text' (paste or upload; nothing is stored).")
@click.option("--allow-urls", is_flag=True,
              help="Let the analyse page fetch a URL (public addresses only: private, loopback "
                   "and link-local ones are refused).")
def serve(db_path: str, host: str, port: int, token: str | None, analyse: bool,
          allow_urls: bool) -> None:
    """Browse, search and compare a corpus store in the browser, with a JSON API.

    Pages: / (dashboard, filters, full-text search, article list), /articles/ID,
    /stories/ID (side by side), /analyse. API: /api/articles, /api/articles/ID,
    /api/dashboard, /api/stories, /api/stories/ID, POST /api/analyse;
    OpenAPI schema at /openapi.json.
    """
    from narrascope.errors import InputError

    if host not in LOCAL_HOSTS and not token:
        _fail(f"--host {host} makes the app reachable from other machines: give --token "
              "(or set NARRASCOPE_TOKEN)")
    import uvicorn

    from narrascope.web.app import create_app

    try:
        app = create_app(db_path, token=token, analyse=analyse, allow_urls=allow_urls)
    except InputError as exc:
        _fail(str(exc))
    click.echo(f"narrascope serving {db_path} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=5)


@main.command()
@click.argument("input_spec", metavar="INPUT")
@click.argument("output")
@click.option("--engine", type=click.Choice(("local", "ray")), default="local", show_default=True,
              help="local: a process pool on this machine; ray: Ray Data with an actor pool "
                   "(pip install 'narrascope[ray]'); each worker loads the models once.")
@click.option("--ray-address", default="", help="auto, ray://host:10001, or empty to start "
                                                  "Ray on this machine.")
@click.option("--workers", type=click.IntRange(1, 256), default=max(1, (os.cpu_count() or 2) // 2),
              show_default=True, help="Worker processes.")
@click.option("--batch-size", type=click.IntRange(1, 4096), default=16, show_default=True,
              help="Articles per pipeline batch inside a worker.")
@click.option("--shard-size", type=click.IntRange(1, 1_000_000), default=500, show_default=True,
              help="Articles per output shard (the unit of resumption).")
@click.option("-f", "--format", "fmt", type=click.Choice(SHARD_FORMATS), default="jsonl",
              show_default=True, help="Shard format; parquet keeps each record as JSON.")
@click.option("--lang", default="auto", show_default=True,
              help="Language of every input (en, ru, uk, bg, pt, hi), or auto-detect.")
@click.option("--columns", help="Column names for JSONL/CSV inputs, e.g. 'text=body,id=doc_id'.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="TOML config file (see docs/cli.md).")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override one config value; repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def batch(input_spec: str, output: str, engine: str, ray_address: str, workers: int,
          batch_size: int,
          shard_size: int, fmt: str, lang: str, columns: str | None, config_path: str | None,
          overrides: tuple[str, ...], quiet: bool) -> None:
    """Analyse INPUT (a folder, a file, or a glob such as 'news/*.jsonl') into OUTPUT shards.

    INPUT files may be text, HTML, JSONL, CSV or Parquet. OUTPUT is a folder, or
    a URI pyarrow can write to (s3://bucket/run1, gs://bucket/run1, file:///...;
    credentials from the usual environment). Articles are cut into shards of
    --shard-size in a fixed order; a run that stops and is started again with
    the same command skips the shards already written. Failed inputs go to
    errors-NNNNN.jsonl with their reason; vectors-NNNNN.npz keeps what
    `narrascope ingest OUTPUT` needs to load the results without analysing
    again. Exit code 1 when any input failed.
    """
    import glob as globbing

    from narrascope.batch import run_batch, run_batch_ray
    from narrascope.config import load_config
    from narrascope.ingest import ReadOptions, iter_articles
    from narrascope.ingest.columns import ColumnMap
    from narrascope.ingest.sources import count_inputs

    if any(ch in input_spec for ch in "*?["):
        paths = sorted(globbing.glob(input_spec, recursive=True))
        if not paths:
            _fail(f"no input matches {input_spec!r}")
    else:
        paths = [input_spec]
    config = load_config(config_path, [*overrides, *input_settings(lang, None, None)])
    options = ReadOptions(columns=ColumnMap.parse(columns), max_bytes=int(config["input"]["max_bytes"]),
                          url_timeout=float(config["input"]["url_timeout"]))
    from narrascope.errors import NarrascopeError

    try:
        from narrascope.api import load_pipeline

        load_pipeline(config)
    except NarrascopeError as exc:
        _fail(str(exc))
    try:
        from narrascope.shards import ShardFolder

        ShardFolder(output).prepare()
    except (OSError, ValueError, NotImplementedError) as exc:  # what pyarrow and the OS raise
        _fail(f"cannot write to {output}: {exc}")
    show = not quiet and sys.stderr.isatty()
    with _progress(show) as progress:
        task = progress.add_task("analysing", total=count_inputs(paths) if show else None)
        if engine == "ray":
            try:
                import ray  # noqa: F401
            except ImportError:
                _fail("--engine ray needs Ray: pip install 'narrascope[ray]'")
            stats = run_batch_ray(iter_articles(paths, options), output, config, workers,
                                  shard_size, batch_size, fmt, ray_address,
                                  progress=lambda n: progress.advance(task, n))
        else:
            stats = run_batch(iter_articles(paths, options), output, config, workers,
                              shard_size, batch_size, fmt,
                              progress=lambda n: progress.advance(task, n))
    if not quiet:
        rate = (stats.done + stats.failed) / max(stats.seconds, 1e-9)
        click.echo(f"{stats.done} done, {stats.failed} failed, {stats.skipped} skipped "
                   f"(already in {stats.shards_skipped} shards); {stats.shards_written} shards "
                   f"written in {stats.seconds:.1f} s ({rate:.1f} articles/s) to {output}",
                   err=True)
    if stats.failed:
        sys.exit(1)
