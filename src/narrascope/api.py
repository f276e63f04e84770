"""The public Python API: build a pipeline from config, analyse texts or articles."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from narrascope import analyzers as _register  # noqa: F401 - registers the built-in analyzers
from narrascope.config import load_config
from narrascope.doc import Article
from narrascope.pipeline import Pipeline
from narrascope.registry import analyzers


def build_analyzer(name: str, config: dict[str, Any]) -> Any:
    cls = analyzers.get(name)
    embedder = config["embedder"]["name"]
    if name == "narrascope.language.v1":
        return cls(lang=config["language"]["lang"])
    if name == "narrascope.sentences.v1":
        return cls(max_sentences=int(config["sentences"]["max_sentences"]))
    if name == "narrascope.entities.v1":
        return cls(spacy_model=config["entities"]["spacy_model"] or None)
    if name == "narrascope.embeddings.v1":
        return cls(embedder=embedder)
    if name == "narrascope.narratives.v1":
        model = config["narratives"]["model"] or None
        return cls(model=model, taxonomy=config["narratives"]["taxonomy"] or None)
    if name == "narrascope.roles.v1":
        return cls(model=config["roles"]["model"] or None,
                   max_mentions=int(config["roles"]["max_mentions"]))
    if name == "narrascope.persuasion.v1":
        return cls(model=config["persuasion"]["model"] or None)
    if name == "narrascope.narratives.llm.v1":
        return cls(config=llm_config(config), taxonomy=config["narratives"]["taxonomy"] or None)
    if name == LLM_ROLES:
        return cls(config=llm_config(config))
    if name == "narrascope.claims.v1":
        return cls(threshold=float(config.get("claims", {}).get("threshold", 0.5)))
    return cls()


def load_pipeline(config: dict[str, Any] | str | None = None, **overrides: Any) -> Pipeline:
    """A pipeline from a config dict or TOML path; keyword overrides use ``section__key``."""
    cfg = config if isinstance(config, dict) else load_config(config)
    cfg = {k: dict(v) if isinstance(v, dict) else v for k, v in cfg.items()}
    for key, value in overrides.items():
        section, _, name = key.partition("__")
        cfg[section][name] = value
    _sync_embedder_with_model(cfg)
    names = list(cfg["pipeline"]["analyzers"])
    if llm_config(cfg) is not None:
        for offline, llm in (("narrascope.narratives.v1", LLM_NARRATIVES),
                             ("narrascope.roles.v1", LLM_ROLES)):
            if offline in names and llm not in names:
                names.insert(names.index(offline) + 1, llm)
    return Pipeline([build_analyzer(n, cfg) for n in names])


LLM_NARRATIVES = "narrascope.narratives.llm.v1"
LLM_ROLES = "narrascope.roles.llm.v1"
LLM_BACKENDS = ("openai-compatible",)


def llm_config(cfg: dict[str, Any]) -> Any:
    """The LLM back-end's settings, or None when it is off (the default: fully offline).

    URL and model may also come from NARRASCOPE_LLM_URL / NARRASCOPE_LLM_MODEL.
    """
    import os

    from narrascope.backends.llm import LLMConfig
    from narrascope.errors import ConfigError

    section = dict(cfg.get("llm", {}))
    backend = section.pop("backend", "") or ""
    if not backend:
        return None
    if backend not in LLM_BACKENDS:
        raise ConfigError(f"unknown LLM back-end {backend!r}; use {', '.join(LLM_BACKENDS)}")
    section["url"] = section.get("url") or os.environ.get("NARRASCOPE_LLM_URL", "")
    section["model"] = section.get("model") or os.environ.get("NARRASCOPE_LLM_MODEL", "")
    if not section["url"] or not section["model"]:
        raise ConfigError("the LLM back-end needs a server URL and a model name "
                          "(--llm-url, --llm-model, or NARRASCOPE_LLM_URL / NARRASCOPE_LLM_MODEL)")
    known = set(LLMConfig.__dataclass_fields__)
    return LLMConfig(**{k: v for k, v in section.items() if k in known})


def _sync_embedder_with_model(cfg: dict[str, Any]) -> None:
    """A trained model folder names its embedder; use it so vectors match the head.

    When a narrative and a role model are both given they must share one embedder.
    """
    from pathlib import Path

    from narrascope.analyzers.narrative_head import NarrativeHead
    from narrascope.analyzers.role_head import RoleHead
    from narrascope.errors import ConfigError

    wanted = {}
    if cfg["narratives"].get("model"):
        wanted["narratives"] = NarrativeHead.load(Path(cfg["narratives"]["model"])).embedder
    if cfg.get("roles", {}).get("model"):
        wanted["roles"] = RoleHead.load(Path(cfg["roles"]["model"])).embedder
    if cfg.get("persuasion", {}).get("model"):
        from narrascope.analyzers.persuasion import PersuasionModel

        wanted["persuasion"] = PersuasionModel.load(Path(cfg["persuasion"]["model"])).embedder
    if len(set(wanted.values())) > 1:
        found = ", ".join(f"{kind} on {name!r}" for kind, name in wanted.items())
        raise ConfigError(f"the given models were trained on different embedders ({found}); "
                          "train them on one embedder")
    if wanted:
        cfg["embedder"]["name"] = next(iter(wanted.values()))


def _as_article(item: str | Article | dict[str, Any], index: int) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, dict):
        return Article.from_dict({"id": str(index), **item})
    from narrascope.ingest.text import article_from_text

    return article_from_text(item, id=str(index))


def analyze(items: Iterable[str | Article | dict[str, Any]], pipeline: Pipeline | None = None,
            batch_size: int = 16) -> list[Article]:
    """Analyse texts, dicts or Articles; returns one analysed Article per input, in order."""
    pipe = pipeline or load_pipeline()
    articles = [_as_article(item, i) for i, item in enumerate(items)]
    return list(pipe.pipe(articles, batch_size=batch_size))
