"""Every registered analyzer honours the contract, and every CLI option and config key is documented."""
from __future__ import annotations

import pickle
import re
from pathlib import Path

import click
import pytest

import narrascope
from narrascope.analyzers.base import Analyzer
from narrascope.api import build_analyzer
from narrascope.cli import main
from narrascope.config import DEFAULTS, load_config
from narrascope.doc import Article
from narrascope.registry import analyzers

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", analyzers.names())
def test_registered_analyzer_follows_the_contract(name: str) -> None:
    analyzer = build_analyzer(name, load_config())
    assert isinstance(analyzer, Analyzer) and analyzer.name == name
    assert isinstance(analyzer.requires, tuple) and isinstance(analyzer.assigns, tuple)
    fields = set(Article.__dataclass_fields__)
    assert set(analyzer.assigns) <= fields and set(analyzer.requires) <= fields
    pickle.loads(pickle.dumps(analyzer))  # constructors store, they don't load


def test_failed_articles_are_left_untouched_by_every_analyzer(pipeline) -> None:  # type: ignore[no-untyped-def]
    failed = Article(id="x", text="Some text here.").fail("earlier failure")
    [out] = list(pipeline.pipe([failed]))
    assert out.status == "error" and out.error == "earlier failure" and not out.sentences


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, cmd in group.commands.items():
        full = f"{prefix} {name}".strip()
        found.append((full, cmd))
        if isinstance(cmd, click.Group):
            found.extend(_commands(cmd, full))
    return found


@pytest.mark.parametrize("command,cmd", _commands(main))
def test_every_cli_command_and_option_is_documented(command: str, cmd: click.Command) -> None:
    doc = (ROOT / "docs/cli.md").read_text("utf-8")
    assert f"narrascope {command}" in doc
    assert cmd.help, f"{command} has no help text"
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"{command} {param.opts} has no help text"
            if not isinstance(cmd, click.Group):
                assert any(opt in doc for opt in param.opts), f"{param.opts} missing from docs/cli.md"


def test_every_config_key_is_documented() -> None:
    doc = (ROOT / "docs/cli.md").read_text("utf-8")
    for section, keys in DEFAULTS.items():
        assert f"[{section}]" in doc
        for key in keys:
            assert re.search(rf"^{key} = ", doc, re.MULTILINE), f"{section}.{key} missing from docs/cli.md"


def test_public_api_is_pinned() -> None:
    assert sorted(narrascope.__all__) == ["AnalyzedArticle", "Article", "DominantNarrative", "Label",
                                          "NarrascopeError", "Pipeline", "Span", "__version__",
                                          "analyze", "load_pipeline"]
