"""The `narrascope` command line: analyze, evaluate, train.

User mistakes give a one-line error and exit code 2; inputs that fail are
recorded in the output and make the exit code 1; everything else exits 0.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

import click

from narrascope.errors import NarrascopeError

FORMATS = ("jsonl", "html", "semeval-narratives", "semeval-roles", "semeval-techniques",
           "semeval-genre", "semeval-frames")
OUTPUT_NAMES = {"jsonl": "analysis.jsonl", "html": "report.html",
                "semeval-narratives": "narratives.tsv", "semeval-roles": "roles.tsv",
                "semeval-techniques": "techniques.tsv", "semeval-genre": "genre.tsv",
                "semeval-frames": "frames.tsv"}


class UsageMistake(click.ClickException):
    """A user mistake: one-line message, exit code 2 (1 means 'some inputs failed')."""

    exit_code = 2


def _fail(message: str) -> None:
    raise UsageMistake(message)


class _Errors(click.Group):
    """Turn NarrascopeError into a one-line message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NarrascopeError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Errors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="narrascope")
def main() -> None:
    """narrascope: what story does each news article push, and how.

    Start with `narrascope analyze examples/` to see narratives, evidence, a
    dominant-narrative explanation and the roles each article casts its actors
    in, for the bundled example articles; then `narrascope actors
    out/analysis.jsonl` to compare how sources cast each actor.
    """


def _progress(enabled: bool) -> Any:
    """A progress bar on stderr: done (of total, when known), articles/s, elapsed and ETA."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            given = task.fields.get("rate")
            return Text(given or (f"{task.speed:.1f} articles/s" if task.speed else ""))

    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), disable=not enabled, transient=True,
                    console=_stderr_console())


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _short(label: str) -> str:
    return label.split(": ", 1)[-1] if label.startswith(("URW: ", "CC: ")) else label


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default="out", show_default=True,
              help="Output folder (analysis.jsonl, report.html, and narratives.tsv, roles.tsv, "
                   "techniques.tsv, genre.tsv, frames.tsv for the SemEval formats), "
                   "or '-' to write the one --format to standard output.")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Output format; repeat for several. Default: jsonl and html.")
@click.option("--lang", default="auto", show_default=True,
              help="Language of all inputs (en, ru, uk, bg, pt, hi) or 'auto' to detect per article.")
@click.option("--model", type=click.Path(exists=True, file_okay=False),
              help="Narrative model folder made by `narrascope train narratives` "
                   "(default: the shipped head).")
@click.option("--role-model", type=click.Path(exists=True, file_okay=False),
              help="Role model folder made by `narrascope train roles` (default: the shipped head).")
@click.option("--persuasion-model", type=click.Path(exists=True, file_okay=False),
              help="Persuasion model folder made by `narrascope train techniques|genre|frames` "
                   "(default: the shipped model).")
@click.option("--mentions", type=click.Path(exists=True, dir_okay=False),
              help="Gold entity mentions (SemEval-2025 subtask-1 layout: article_id, mention, "
                   "start, end; end inclusive): give roles to exactly these mentions instead of "
                   "the ones the entity layer finds. Use with --format semeval-roles.")
@click.option("--embedder", help="Sentence embedder: e5-small (default; all six languages, "
              "strongest), fast (use-multilingual for en/ru/pt and e5-small for hi/bg/uk: ~3x faster "
              "on English, less accurate), use-multilingual, or a sentence-transformers name/path.")
@click.option("--columns", help="Column names for JSONL/CSV inputs, e.g. 'text=body,id=doc_id'. "
              "Fields: id, title, text, source, url, published, language.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="TOML config file (see docs/cli.md).")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override one config value, e.g. --set narratives.model=my_model.")
@click.option("--batch-size", type=click.IntRange(1, 4096), help="Articles per batch (default 16).")
@click.option("--max-bytes", type=click.IntRange(1000), help="Read at most this many bytes per input "
              "(default 2,000,000); longer inputs are truncated with a warning.")
@click.option("--url-timeout", type=float, help="Seconds to wait for a URL (default 15).")
@click.option("--llm", type=click.Choice(("openai-compatible",)),
              help="Use an LLM back-end for narratives (hierarchical labels, explanation) and "
                   "actor roles; the offline result stays for any article the server fails on.")
@click.option("--llm-url", help="Chat-completions base URL, e.g. http://localhost:8000/v1 "
                                "(or NARRASCOPE_LLM_URL). The API key is read only from "
                                "NARRASCOPE_LLM_API_KEY or OPENAI_API_KEY.")
@click.option("--llm-model", help="Model name the server knows (or NARRASCOPE_LLM_MODEL).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary table.")
def analyze(paths: tuple[str, ...], out: str, formats: tuple[str, ...], lang: str,
            model: str | None, role_model: str | None, persuasion_model: str | None,
            mentions: str | None,
            embedder: str | None, columns: str | None,
            config_path: str | None, overrides: tuple[str, ...], batch_size: int | None,
            max_bytes: int | None, url_timeout: float | None, llm: str | None,
            llm_url: str | None, llm_model: str | None, quiet: bool) -> None:
    """Analyse articles: the narratives they push and how they cast the actors they name.

    PATHS are .txt/.html files, folders (searched recursively), .jsonl/.csv
    files with one article per line/row, http(s):// URLs, SemEval-2025 Task 10
    language folders (with raw-documents/), or '-' for standard input.

    Every input yields one record with status ok or error; a bad input never
    stops the run. The exit code is 1 when any input failed.
    """
    from narrascope.api import load_pipeline
    from narrascope.config import load_config
    from narrascope.ingest import ReadOptions, iter_articles
    from narrascope.ingest.columns import ColumnMap

    formats = formats or ("jsonl", "html")
    if out == "-" and len(formats) != 1:
        _fail("with -o - give exactly one --format to write to standard output")
    sets = list(overrides) + input_settings(lang, max_bytes, url_timeout)
    if model:
        sets.append(f"narratives.model={json.dumps(str(model))}")
    if role_model:
        sets.append(f"roles.model={json.dumps(str(role_model))}")
    if persuasion_model:
        sets.append(f"persuasion.model={json.dumps(str(persuasion_model))}")
    if embedder:
        sets.append(f"embedder.name={json.dumps(embedder)}")
    if batch_size:
        sets.append(f"pipeline.batch_size={batch_size}")
    for key, value in (("backend", llm), ("url", llm_url), ("model", llm_model)):
        if value:
            sets.append(f"llm.{key}={json.dumps(value)}")
    config = load_config(config_path, sets)
    options = ReadOptions(columns=ColumnMap.parse(columns), max_bytes=int(config["input"]["max_bytes"]),
                          url_timeout=float(config["input"]["url_timeout"]))
    given = None
    if mentions:
        from narrascope.ingest.mentions import GivenMentions

        given = GivenMentions.read(Path(mentions))
    pipeline = load_pipeline(config)
    started = time.perf_counter()
    pipeline.initialize()
    articles = iter_articles(paths, options)
    if given is not None:
        articles = given.attach(articles)
    stats = _run_analysis(pipeline, articles, out, formats,
                          int(config["pipeline"]["batch_size"]), quiet)
    elapsed = time.perf_counter() - started
    if not quiet:
        _print_summary(stats, elapsed, out, formats)
    _print_llm_usage(pipeline, quiet)
    if given is not None and given.unknown:
        shown = ", ".join(given.unknown[:10]) + (" ..." if len(given.unknown) > 10 else "")
        click.echo(f"Warning: {len(given.unknown)} article id(s) in {mentions} matched no input: "
                   f"{shown}", err=True)
    if stats["failed"]:
        sys.exit(1)


def input_settings(lang: str, max_bytes: int | None, url_timeout: float | None) -> list[str]:
    """Config overrides for the reading options analyze and compare share."""
    sets = []
    if lang != "auto":
        from narrascope.nlp.langid import SUPPORTED

        if lang not in SUPPORTED:
            _fail(f"--lang {lang!r} is not supported; use auto or one of {', '.join(SUPPORTED)}")
        sets.append(f"language.lang={json.dumps(lang)}")
    if max_bytes:
        sets.append(f"input.max_bytes={max_bytes}")
    if url_timeout:
        sets.append(f"input.url_timeout={url_timeout}")
    return sets


def single_embedder_settings(what: str, overrides: tuple[str, ...], embedder: str, lang: str,
                             max_bytes: int | None, url_timeout: float | None,
                             config_path: str | None, columns: str | None) -> tuple[Any, Any]:
    """(config, read options) for commands that compare articles across languages.

    Those need one embedder for every language, so the mixed ``fast`` routing is refused.
    """
    from narrascope.config import load_config
    from narrascope.ingest import ReadOptions
    from narrascope.ingest.columns import ColumnMap

    if embedder == "fast":
        _fail(f"{what} needs one embedder for every language (articles are compared across "
              "languages); use --embedder e5-small (default) or use-multilingual")
    sets = [*overrides, f"embedder.name={json.dumps(embedder)}",
            *input_settings(lang, max_bytes, url_timeout)]
    config = load_config(config_path, sets)
    options = ReadOptions(columns=ColumnMap.parse(columns), max_bytes=int(config["input"]["max_bytes"]),
                          url_timeout=float(config["input"]["url_timeout"]))
    return config, options


def _print_llm_usage(pipeline: Any, quiet: bool) -> None:
    """Requests, cache hits, retries, failures, tokens and cost of the LLM back-end, if used."""
    from narrascope.api import LLM_NARRATIVES, LLM_ROLES

    for name in (LLM_NARRATIVES, LLM_ROLES):
        if quiet or name not in pipeline.names:
            continue
        analyzer = pipeline.get(name)
        if analyzer.client is not None:
            what = "narratives" if name == LLM_NARRATIVES else "roles"
            click.echo(f"{what}: {analyzer.client.usage.summary(analyzer.config)}", err=True)


def _open_outputs(stack: ExitStack, out: str, formats: tuple[str, ...]) -> dict[str, TextIO]:
    if out == "-":
        return {formats[0]: sys.stdout}
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        _fail(f"output {out!r} exists and is not a folder; give a folder with -o")
    folder.mkdir(parents=True, exist_ok=True)
    handles = {}
    for fmt in formats:
        if fmt != "html":
            handles[fmt] = stack.enter_context((folder / OUTPUT_NAMES[fmt]).open("w", encoding="utf-8"))
    return handles


def _run_analysis(pipeline: Any, articles: Iterator[Any], out: str, formats: tuple[str, ...],
                  batch_size: int, quiet: bool) -> dict[str, Any]:
    from narrascope.report.html import ReportBuilder
    from narrascope.report.semeval import (
        frames_row,
        genre_row,
        subtask1_rows,
        subtask2_row,
        techniques_rows,
    )

    writers = {"semeval-narratives": subtask2_row, "semeval-roles": subtask1_rows,
               "semeval-techniques": techniques_rows, "semeval-genre": genre_row,
               "semeval-frames": frames_row}

    report = ReportBuilder() if "html" in formats else None
    stats: dict[str, Any] = {"total": 0, "failed": 0, "rows": [], "errors": []}
    show_progress = not quiet and sys.stderr.isatty()
    with ExitStack() as stack:
        handles = _open_outputs(stack, out, formats)
        progress = stack.enter_context(_progress(show_progress))
        task = progress.add_task("analysing", total=None, rate="")
        start = time.perf_counter()
        for article in pipeline.pipe(articles, batch_size=batch_size):
            stats["total"] += 1
            if not article.ok:
                stats["failed"] += 1
                stats["errors"].append((article.id, article.error))
            if "jsonl" in handles:
                handles["jsonl"].write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            for fmt, write_rows in writers.items():
                if fmt in handles:
                    handles[fmt].write(write_rows(article))
            if report is not None:
                report.add(article)
            if len(stats["rows"]) < 40:
                stats["rows"].append(article)
            rate = stats["total"] / max(time.perf_counter() - start, 1e-9)
            progress.update(task, advance=1, rate=f"{rate:.1f} articles/s")
    if report is not None:
        if out == "-":
            sys.stdout.write(report.render())
        else:
            report.write(Path(out) / OUTPUT_NAMES["html"])
    return stats


def _print_summary(stats: dict[str, Any], elapsed: float, out: str, formats: tuple[str, ...]) -> None:
    from rich.table import Table

    console = _stderr_console()
    if stats["rows"]:
        table = Table(title="narrascope analysis", show_lines=False)
        for col in ("id", "lang", "status", "dominant narrative", "narratives", "actors"):
            table.add_column(col, overflow="fold")
        for a in stats["rows"]:
            dom = a.dominant_narrative
            dominant = "" if dom is None else _short(dom.narrative) + (
                f" — {_short(dom.subnarrative).split(': ')[-1]}" if dom.subnarrative and not dom.subnarrative.endswith("Other") else "")
            labels = "; ".join(f"{_short(n.name)} ({n.score:.2f})" for n in a.narratives)
            actors = "; ".join(f"{x.name} ({x.main_role}/{x.fine_role})" for x in a.actors
                               if x.main_role)[:120]
            table.add_row(a.id[:40], a.language, a.status if a.ok else f"error: {a.error[:60]}",
                          dominant, labels, actors)
        console.print(table)
        if stats["total"] > len(stats["rows"]):
            console.print(f"(first {len(stats['rows'])} of {stats['total']} shown)")
    ok = stats["total"] - stats["failed"]
    console.print(f"{stats['total']} articles in {elapsed:.1f} s: {ok} ok, {stats['failed']} failed.")
    if out != "-":
        written = ", ".join(str(Path(out) / OUTPUT_NAMES[f]) for f in formats)
        console.print(f"Wrote {written}")


@main.group()
def evaluate() -> None:
    """Score predictions against gold annotations with each task's official metric."""


@evaluate.command("narratives")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred", type=click.Path(exists=True, dir_okay=False))
@click.option("--narrative-classes", type=click.Path(exists=True, dir_okay=False),
              help="Official narrative class list (one label a line); default: the shipped taxonomy.")
@click.option("--subnarrative-classes", type=click.Path(exists=True, dir_okay=False),
              help="Official subnarrative class list; default: the shipped taxonomy.")
@click.option("--per-label/--no-per-label", default=True, show_default=True,
              help="Print per-label precision and recall.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_narratives(gold: str, pred: str, narrative_classes: str | None,
                        subnarrative_classes: str | None, per_label: bool, as_json: bool) -> None:
    """Official subtask-2 F1-samples of PRED against GOLD (both article_id<TAB>narratives<TAB>subnarratives)."""
    from narrascope.eval.narratives import default_classes, read_class_file, read_subtask2, score

    classes = default_classes()
    if narrative_classes:
        classes = (read_class_file(Path(narrative_classes)), classes[1])
    if subnarrative_classes:
        classes = (classes[0], read_class_file(Path(subnarrative_classes)))
    result = score(read_subtask2(Path(gold)), read_subtask2(Path(pred)), classes)
    if as_json:
        click.echo(json.dumps({
            "f1_samples_narratives": result.narratives_f1,
            "f1_samples_subnarratives": result.subnarratives_f1,
            "articles": result.articles, "missing_predictions": result.missing_predictions,
            "per_label": {name: {"precision": p, "recall": r, "support": n}
                          for c in (result.narrative_counts, result.subnarrative_counts)
                          for name, p, r, n in c.table()},
        }, indent=1))
        return
    click.echo(f"articles: {result.articles}  (missing predictions: {result.missing_predictions})")
    click.echo(f"F1-samples narratives:    {result.narratives_f1:.4f}")
    click.echo(f"F1-samples subnarratives: {result.subnarratives_f1:.4f}")
    if per_label:
        for title, counts in (("narratives", result.narrative_counts),
                              ("subnarratives", result.subnarrative_counts)):
            click.echo(f"\n{title}: precision  recall  support  label")
            for name, p, r, n in counts.table():
                click.echo(f"  {p:9.3f} {r:7.3f} {n:8d}  {name}")


@main.group()
def train() -> None:
    """Fit heads from your own annotated data."""


@train.command("narratives")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the model to (use it with analyze --model).")
@click.option("--embedder", default="e5-small", show_default=True,
              help="Embedder the head is trained on; analysis with --model uses the same. "
                   "e5-small covers all six languages; use-multilingual is ~7x faster.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def train_narratives(data_dir: str, out: str, embedder: str, quiet: bool) -> None:
    """Train the narrative head from SemEval-2025 Task 10 data in DATA_DIR.

    DATA_DIR is a language folder (raw-documents/ and subtask-2-annotations.txt)
    or a folder of such language folders (EN/, BG/, ...). Thresholds are tuned
    by 4-fold cross-validation on the same data.
    """
    from narrascope.backends.embedders import get_embedder
    from narrascope.taxonomies.narratives import load_taxonomy
    from narrascope.train.data import read_semeval
    from narrascope.train.narratives import embed_examples, train_from_articles

    examples = list(read_semeval(Path(data_dir)))
    if not examples:
        _fail(f"no annotated articles found under {data_dir}")
    backend = get_embedder(embedder)
    with _progress(not quiet and sys.stderr.isatty()) as progress:
        task = progress.add_task("embedding", total=len(examples), rate="")
        vectors = embed_examples(examples, backend, progress=lambda n: progress.advance(task, n))
    head = train_from_articles(examples, vectors, load_taxonomy(), backend.name)
    head.save(Path(out))
    langs = ", ".join(head.info.get("languages", []))
    click.echo(f"trained on {len(examples)} articles ({langs}); thresholds "
               f"{head.rule.gate_threshold:.2f}/{head.rule.narrative_threshold:.2f}/{head.rule.subnarrative_threshold:.2f} (gate/narrative/subnarrative); wrote {out}")


# Sub-command modules register themselves on the groups above.
from narrascope import cli_compare, cli_persuasion, cli_roles, cli_store  # noqa: F401

if __name__ == "__main__":  # pragma: no cover
    main()
