"""Commands for entity framing: `evaluate roles`, `train roles` and the corpus view `actors`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from narrascope.cli import _fail, _progress, evaluate, main, train


@evaluate.command("roles")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred", type=click.Path(exists=True, dir_okay=False))
@click.option("--per-role/--no-per-role", default=True, show_default=True,
              help="Print per-role precision and recall.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_roles(gold: str, pred: str, per_role: bool, as_json: bool) -> None:
    """Official subtask-1 scores of PRED against GOLD (article_id, mention, start, end, main_role, fine_role...).

    Prints the exact-match ratio of fine-role sets (the official metric),
    main-role accuracy, and per-role precision/recall. Rows are matched by
    article id and offsets; a gold mention without a prediction counts as wrong.
    """
    from narrascope.eval.roles import read_role_rows, score_roles

    result = score_roles(read_role_rows(Path(gold)), read_role_rows(Path(pred)))
    tables = {"main": result.main_counts.table(), "fine": result.fine_counts.table()}
    if as_json:
        click.echo(json.dumps({
            "exact_match_ratio": result.exact_match, "main_role_accuracy": result.main_accuracy,
            "mentions": result.mentions, "missing_predictions": result.missing_predictions,
            "per_role": {kind: {name: {"precision": p, "recall": r, "support": n}
                                for name, p, r, n in rows} for kind, rows in tables.items()},
        }, indent=1))
        return
    click.echo(f"mentions: {result.mentions}  (missing predictions: {result.missing_predictions})")
    click.echo(f"exact match ratio (fine roles): {result.exact_match:.4f}")
    click.echo(f"main-role accuracy:             {result.main_accuracy:.4f}")
    if per_role:
        for kind, rows in tables.items():
            click.echo(f"\n{kind} roles: precision  recall  support  role")
            for name, p, r, n in rows:
                click.echo(f"  {p:9.3f} {r:7.3f} {n:8d}  {name}")


@train.command("roles")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the model to (use it with analyze --role-model).")
@click.option("--embedder", default="e5-small", show_default=True,
              help="Embedder the head is trained on; analysis with --role-model uses the same.")
@click.option("--C", "c", type=float, default=1.0, show_default=True,
              help="Inverse regularisation strength of the logistic regressions.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def train_roles(data_dir: str, out: str, embedder: str, c: float, quiet: bool) -> None:
    """Train the role heads from annotated mentions in DATA_DIR.

    DATA_DIR is a SemEval-2025 Task 10 language folder (raw-documents/ and
    subtask-1-annotations.txt), a folder of such language folders, or a
    folder of .jsonl files in narrascope's markup
    ({"lang": "en", "text": "... [[Kyiv|Antagonist|Instigator]] ..."}).
    """
    from narrascope.backends.embedders import get_embedder
    from narrascope.taxonomies.roles import load_roles
    from narrascope.train.roles import (
        featurise,
        fit_role_head,
        read_role_markup,
        read_semeval_roles,
    )

    folder = Path(data_dir)
    markup = sorted(folder.glob("*.jsonl"))
    examples = list(read_role_markup(markup) if markup else read_semeval_roles(folder))
    taxonomy = load_roles()
    problems = [f"{ex.id}: {m.text!r}: {p}" for ex in examples for m in ex.mentions if m.main != "none"
                for p in taxonomy.check(m.main, m.fines)]
    if problems:
        _fail(f"{len(problems)} annotation problem(s), e.g. {problems[0]}")
    if not any(ex.mentions for ex in examples):
        _fail(f"no annotated mentions found under {data_dir}")
    backend = get_embedder(embedder)
    with _progress(not quiet and sys.stderr.isatty()) as progress:
        task = progress.add_task("embedding", total=len(examples), rate="")
        feats = featurise(examples, backend, 12, progress=lambda n: progress.advance(task, n))
    head = fit_role_head(feats, taxonomy, backend.name, c=c,
                         info={"trained_on": f"user data ({'markup' if markup else 'SemEval-2025 layout'})",
                               "articles": len(examples), "mentions": len(feats.mains),
                               "languages": sorted(set(feats.languages)), "C": c})
    head.save(Path(out))
    click.echo(f"trained on {len(feats.mains)} mentions in {len(examples)} texts "
               f"({', '.join(sorted(set(feats.languages)))}); wrote {out}")


@main.command()
@click.argument("analysis", type=click.Path(exists=True, dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv"]), default="table",
              show_default=True, help="A table on the terminal, or CSV for spreadsheets.")
@click.option("--by", type=click.Choice(["source", "language"]), default="source", show_default=True,
              help="What to compare actors across.")
@click.option("--min-mentions", type=click.IntRange(1), default=1, show_default=True,
              help="Hide actor/source rows with fewer mentions.")
@click.option("--top", type=click.IntRange(1), help="Show only the N most-mentioned actors.")
@click.option("--link-embeddings/--no-link-embeddings", default=True, show_default=True,
              help="Also merge actors outside the gazetteer whose names embed alike "
                   "(loads the e5 embedder).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="Write to this file instead of standard output.")
def actors(analysis: str, fmt: str, by: str, min_mentions: int, top: int | None,
           link_embeddings: bool, out: str | None) -> None:
    """How each source casts each actor, from an analysis.jsonl written by `narrascope analyze`.

    One row per actor and source: mentions, the share of mentions cast as
    Protagonist, Antagonist, Innocent or merely mentioned, the dominant role
    and the most frequent fine roles. Actors outside the gazetteer are merged
    across articles by name (and, by default, by name embeddings).
    """
    from narrascope.report.actors import actor_table, read_analysis, render_csv, render_table

    articles, problems = read_analysis(Path(analysis))
    for problem in problems[:10]:
        click.echo(f"Warning: {problem}", err=True)
    if not articles:
        _fail(f"{analysis} holds no analysed articles with actors")
    embed = None
    if link_embeddings:
        from narrascope.backends.embedders import get_embedder

        embed = get_embedder("e5-small").encode
    rows = actor_table(articles, by=by, embed=embed, min_mentions=min_mentions, top=top)
    text = render_csv(rows, by) if fmt == "csv" else render_table(rows, by)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(rows)} rows to {out}", err=True)
    else:
        click.echo(text, nl=False)
