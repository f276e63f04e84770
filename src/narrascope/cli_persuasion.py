"""Commands for persuasion: `evaluate techniques|genre|frames` and `train techniques|genre|frames`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from narrascope.cli import _fail, _progress, evaluate, train

KEY_COLUMNS = {"techniques": 2, "frames": 1, "genre": 1}


def _evaluate(kind: str, gold: str, pred: str, per_label: bool, as_json: bool) -> None:
    from narrascope.eval.persuasion import read_labels, score_genre, score_sets
    from narrascope.taxonomies.persuasion import load_persuasion

    g = read_labels(Path(gold), KEY_COLUMNS[kind])
    p = read_labels(Path(pred), KEY_COLUMNS[kind])
    if kind == "genre":
        macro, accuracy, confusion = score_genre(g, p, load_persuasion().genres)
        if as_json:
            click.echo(json.dumps({"macro_f1": macro, "accuracy": accuracy, "articles": len(g),
                                   "confusion": {f"{a}->{b}": n for (a, b), n in confusion.items()}},
                                  indent=1))
            return
        click.echo(f"articles: {len(g)}\nmacro-F1: {macro:.4f}\naccuracy: {accuracy:.4f}")
        if per_label:
            for (a, b), n in sorted(confusion.items()):
                click.echo(f"  gold {a or '-':10s} predicted {b or '-':10s} {n}")
        return
    result = score_sets(g, p)
    if as_json:
        click.echo(json.dumps({"micro_f1": result.micro_f1, "precision": result.precision,
                               "recall": result.recall, "items": result.items,
                               "missing_predictions": result.missing_predictions,
                               "per_label": {name: {"precision": pr, "recall": rc, "support": n}
                                             for name, pr, rc, n in result.counts.table()}},
                              indent=1))
        return
    unit = "paragraphs" if kind == "techniques" else "articles"
    click.echo(f"{unit}: {result.items}  (missing predictions: {result.missing_predictions})")
    click.echo(f"micro-F1: {result.micro_f1:.4f}  (precision {result.precision:.4f}, "
               f"recall {result.recall:.4f})")
    if per_label:
        click.echo("\nprecision  recall  support  label")
        for name, pr, rc, n in result.counts.table():
            click.echo(f"  {pr:7.3f} {rc:7.3f} {n:8d}  {name}")


def _evaluate_command(kind: str, doc: str) -> None:
    @evaluate.command(kind, help=doc)
    @click.argument("gold", type=click.Path(exists=True, dir_okay=False))
    @click.argument("pred", type=click.Path(exists=True, dir_okay=False))
    @click.option("--per-label/--no-per-label", default=True, show_default=True,
                  help="Print per-label precision and recall (for genre: the confusion counts).")
    @click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
    def command(gold: str, pred: str, per_label: bool, as_json: bool) -> None:
        _evaluate(kind, gold, pred, per_label, as_json)


_evaluate_command("techniques", "Official SemEval-2023 subtask-3 micro-F1 of PRED against GOLD "
                  "(article_id<TAB>paragraph_no<TAB>technique,technique).")
_evaluate_command("genre", "Official SemEval-2023 subtask-1 macro-F1 of PRED against GOLD "
                  "(article_id<TAB>genre).")
_evaluate_command("frames", "Official SemEval-2023 subtask-2 micro-F1 of PRED against GOLD "
                  "(article_id<TAB>frame,frame).")


def _train(kind: str, data_dir: str, out: str, embedder: str, c: float, quiet: bool) -> None:
    from narrascope.analyzers.persuasion import PersuasionModel, shipped_persuasion_dir
    from narrascope.backends.embedders import get_embedder
    from narrascope.taxonomies.persuasion import load_persuasion
    from narrascope.train.persuasion import (
        embed_persuasion,
        fit_persuasion,
        read_persuasion_markup,
        read_semeval2023,
    )

    folder = Path(data_dir)
    markup = sorted(folder.glob("*.jsonl"))
    examples = list(read_persuasion_markup(markup) if markup else read_semeval2023(folder))
    has = {"techniques": lambda ex: ex.spans or ex.lines, "genre": lambda ex: ex.genre,
           "frames": lambda ex: ex.frames}[kind]
    examples = [ex for ex in examples if has(ex)]
    if not examples:
        _fail(f"no articles with {kind} labels found under {data_dir}")
    backend = get_embedder(embedder)
    with _progress(not quiet and sys.stderr.isatty()) as progress:
        progress.add_task(f"embedding {len(examples)} articles", total=None, rate="")
        embedded = embed_persuasion(examples, backend)
    trained = fit_persuasion(examples, embedded, load_persuasion(), backend.name, c=c)
    target = Path(out)
    base = None
    for candidate in (target, shipped_persuasion_dir(backend.name)):
        if (candidate / "persuasion.json").is_file():
            base = PersuasionModel.load(candidate)
            if base.embedder == backend.name:
                break
            base = None
    model = base or trained
    setattr(model, kind, getattr(trained, kind))
    model.save(target)
    click.echo(f"trained the {kind} head on {len(examples)} articles with {backend.name}; "
               f"wrote {out}" + ("" if base else " (other heads untrained: no base model for "
                                 "this embedder)"))


def _train_command(kind: str) -> None:
    @train.command(kind, help=f"Train the {kind} head from annotated articles in DATA_DIR.\n\n"
                   "DATA_DIR is a SemEval-2023 Task 3 language folder (an articles folder such as "
                   "train-articles-subtask-3/ and train-labels-subtask-1/2/3.txt) or a folder of "
                   ".jsonl files in narrascope's markup ({\"lang\", \"genre\", \"frames\", \"title\", "
                   "\"paragraphs\" with {{span|Technique}}}). The other two heads in MODEL_DIR are "
                   "kept (or taken from the shipped model), so train all three into one folder.")
    @click.argument("data_dir", type=click.Path(exists=True, file_okay=False))
    @click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
                  help="Model folder to write (use it with analyze --persuasion-model).")
    @click.option("--embedder", default="e5-small", show_default=True,
                  help="Embedder the head is trained on; analysis uses the same.")
    @click.option("--C", "c", type=float, default=1.0, show_default=True,
                  help="Inverse regularisation strength of the logistic regressions.")
    @click.option("-q", "--quiet", is_flag=True, help="No progress display.")
    def command(data_dir: str, out: str, embedder: str, c: float, quiet: bool) -> None:
        _train(kind, data_dir, out, embedder, c, quiet)


for _kind in ("techniques", "genre", "frames"):
    _train_command(_kind)
