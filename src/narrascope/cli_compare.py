"""`narrascope compare`: stories, claim alignment and framing divergence across sources."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from narrascope.cli import _fail, _progress, main, single_embedder_settings

COMPARE_FORMATS = ("json", "md", "html")


def _format_for(out: str | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    suffix = Path(out).suffix.lower().lstrip(".") if out and out != "-" else ""
    return {"json": "json", "md": "md", "markdown": "md", "html": "html", "htm": "html"}.get(
        suffix, "md")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(COMPARE_FORMATS),
              help="json (stories -> articles -> claims -> alignments), md (a summary for the "
                   "terminal) or html (side by side). Default: from -o's extension, else md.")
@click.option("-o", "--output", "out", help="File to write; default: standard output.")
@click.option("--lang", default="auto", show_default=True,
              help="Language of every input (en, ru, uk, bg, pt, hi), or auto-detect.")
@click.option("--embedder", default="e5-small", show_default=True,
              help="Multilingual embedder for stories and claim alignment (and analysis).")
@click.option("--story-threshold", type=float,
              help="Score that puts two articles in one story: cosine centred per language, plus "
                   "shared names, weekday and cross-language terms (default 0.85).")
@click.option("--same-threshold", type=float, help="Claim cosine for 'same' (default 0.45).")
@click.option("--related-threshold", type=float,
              help="Claim cosine from which a conflict is looked for (default 0.3).")
@click.option("--columns", help="Column names for JSONL/CSV inputs, e.g. 'text=body,id=doc_id'.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="TOML config file (see docs/configuration.md).")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override one config value; repeatable.")
@click.option("--max-bytes", type=click.IntRange(1000), help="Read at most this many bytes per input.")
@click.option("--url-timeout", type=float, help="Seconds to wait for a URL (default 15).")
@click.option("--llm", type=click.Choice(("openai-compatible",)),
              help="Let an LLM back-end judge candidate claim pairs (same / conflicting / "
                   "unrelated); the offline decision stands where the server fails.")
@click.option("--llm-url", help="Chat-completions base URL (or NARRASCOPE_LLM_URL).")
@click.option("--llm-model", help="Model name (or NARRASCOPE_LLM_MODEL).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no closing line.")
def compare(paths: tuple[str, ...], fmt: str | None, out: str | None, lang: str, embedder: str,
            story_threshold: float | None, same_threshold: float | None,
            related_threshold: float | None, columns: str | None, config_path: str | None,
            overrides: tuple[str, ...], max_bytes: int | None, url_timeout: float | None,
            llm: str | None, llm_url: str | None, llm_model: str | None, quiet: bool) -> None:
    """Put articles about the same story side by side, claim by claim.

    PATHS are what `narrascope analyze` reads (files, folders, JSONL/CSV,
    URLs, '-') or analysis JSONL files it wrote (read back, not re-analysed).
    Articles are grouped into stories; within each story every claim is
    aligned with the other articles: shared (same claim, any language),
    contradicted (different number, denial vs assertion), or unique. Each
    article gets counts, including its unattributed claims that no other
    source supports; each pair of articles a framing-divergence score
    (narratives, actor roles, persuasion, frames).

    Exit code 1 when any input failed (it is listed in the output).
    """
    from narrascope.api import load_pipeline
    from narrascope.compare.run import compare_digests, default_rule, read_inputs
    from narrascope.ingest import iter_articles
    from narrascope.report.compare import render_html, render_markdown

    fmt = _format_for(out, fmt)
    llm_sets = [f"llm.{k}={json.dumps(v)}" for k, v in
                (("backend", llm), ("url", llm_url), ("model", llm_model)) if v]
    config, options = single_embedder_settings("compare", (*overrides, *llm_sets), embedder, lang,
                                               max_bytes, url_timeout, config_path, columns)
    rule = default_rule(config["embedder"]["name"])
    if story_threshold is not None:
        rule.stories.threshold = story_threshold
    if same_threshold is not None:
        rule.align.same = same_threshold
    if related_threshold is not None:
        rule.align.related = related_threshold
    client = None
    if llm:
        from narrascope.api import llm_config
        from narrascope.backends.llm import LLMClient
        from narrascope.compare.align import LLMJudge

        client = LLMClient(llm_config(config))
        rule.judge = LLMJudge(client)
        config["llm"]["backend"] = ""  # the judge, not the narrative layer, uses the model here
    if rule.align.related > rule.align.same:
        _fail("--related-threshold must not exceed --same-threshold")

    with _progress(not quiet and sys.stderr.isatty()) as progress:
        task = progress.add_task("analysing", total=None, rate="")

        def read(raw: list[str]):  # type: ignore[no-untyped-def]
            for article in iter_articles(raw, options):
                progress.advance(task, 1)
                yield article

        digests, failed, problems = read_inputs(list(paths), lambda: load_pipeline(config),
                                                config["embedder"]["name"], read)
        progress.update(task, description="comparing", total=len(digests), completed=0)
        doc = compare_digests(digests, failed, rule, problems,
                              progress=lambda n: progress.advance(task, n))
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True)
    if client is not None and not quiet:
        click.echo(client.usage.summary(client.config), err=True)
    text = {"json": lambda: json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
            "md": lambda: render_markdown(doc), "html": lambda: render_html(doc)}[fmt]()
    if out and out != "-":
        target = Path(out)
        if target.is_dir():
            _fail(f"-o {out} is a folder; give a file name such as {out}/compare.{fmt}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        if not quiet:
            click.echo(f"{doc['articles']} articles, {len(doc['stories'])} stories, "
                       f"{len(doc['failed'])} failed; wrote {out}", err=True)
    else:
        click.echo(text, nl=False)
    if failed:
        sys.exit(1)
