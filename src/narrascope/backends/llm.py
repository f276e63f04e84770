"""A client for any OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp, hosted APIs).

What the analyzers need from a model server, and nothing more: JSON answers
checked by a validator, bounded retries with backoff (429, 5xx, timeouts,
unparseable answers), a concurrency limit, a response cache keyed by (model,
prompt hash) so that re-runs cost nothing, and token/cost accounting. The API
key comes only from ``NARRASCOPE_LLM_API_KEY``, ``OPENAI_API_KEY`` or a key
file; it is sent in the Authorization header and never printed, logged or
written anywhere else.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from narrascope.errors import ModelError

RETRY_STATUS = (408, 409, 425, 429, 500, 502, 503, 504)


class LLMError(ModelError):
    """The server could not give a valid answer after the allowed retries."""


@dataclass
class LLMConfig:
    url: str
    model: str
    api_key_file: str = ""
    timeout: float = 60.0
    max_retries: int = 3
    backoff: float = 1.0
    concurrency: int = 4
    temperature: float = 0.0
    max_tokens: int = 800
    cache_dir: str = ""  # "" = the user cache; "off" = no cache
    cost_per_1k_prompt: float = 0.0
    cost_per_1k_completion: float = 0.0

    def api_key(self) -> str:
        for name in ("NARRASCOPE_LLM_API_KEY", "OPENAI_API_KEY"):
            if os.environ.get(name):
                return os.environ[name].strip()
        if self.api_key_file:
            return Path(self.api_key_file).read_text("utf-8").strip()
        return ""


@dataclass
class Usage:
    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for key, value in counts.items():
                setattr(self, key, getattr(self, key) + value)

    def cost(self, config: LLMConfig) -> float:
        return (self.prompt_tokens * config.cost_per_1k_prompt
                + self.completion_tokens * config.cost_per_1k_completion) / 1000

    def summary(self, config: LLMConfig) -> str:
        cost = self.cost(config)
        return (f"LLM {config.model}: {self.requests} requests, {self.cache_hits} from cache, "
                f"{self.retries} retries, {self.failures} failed; {self.prompt_tokens} prompt + "
                f"{self.completion_tokens} completion tokens"
                + (f", cost {cost:.4f}" if cost else ""))


def _cache_root(config: LLMConfig) -> Path | None:
    if config.cache_dir == "off":
        return None
    if config.cache_dir:
        return Path(config.cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "narrascope" / "llm"


class LLMClient:
    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.usage = Usage()
        self._slots = threading.BoundedSemaphore(max(1, config.concurrency))
        self._cache = _cache_root(config)

    def _key(self, messages: list[dict[str, str]]) -> str:
        blob = json.dumps({"model": self.config.model, "messages": messages,
                           "temperature": self.config.temperature}, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _cached(self, key: str) -> Any | None:
        if self._cache is None:
            return None
        path = self._cache / key[:2] / f"{key}.json"
        if path.is_file():
            try:
                return json.loads(path.read_text("utf-8"))
            except ValueError:
                return None
        return None

    def _store(self, key: str, value: Any) -> None:
        if self._cache is None:
            return
        path = self._cache / key[:2] / f"{key}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
        tmp.replace(path)

    def _post(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        body = json.dumps({"model": self.config.model, "messages": messages, "stream": False,
                           "temperature": self.config.temperature,
                           "max_tokens": self.config.max_tokens,
                           "response_format": {"type": "json_object"}}).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        key = self.config.api_key()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        request = urllib.request.Request(self.config.url.rstrip("/") + "/chat/completions",
                                         data=body, headers=headers, method="POST")
        with self._slots, urllib.request.urlopen(request, timeout=self.config.timeout) as response:
            return json.loads(response.read().decode("utf-8"))

    def complete_json(self, messages: list[dict[str, str]],
                      validate: Callable[[Any], Any]) -> Any:
        """The validated JSON answer to ``messages`` (from cache when seen before).

        ``validate`` returns the cleaned value or raises ValueError/TypeError; a reply that
        is not JSON or does not validate is retried like a server error.
        """
        key = self._key(messages)
        cached = self._cached(key)
        if cached is not None:
            try:
                value = validate(cached)
                self.usage.add(cache_hits=1)
                return value
            except (ValueError, TypeError):
                pass
        problem = ""
        for attempt in range(self.config.max_retries + 1):
            if attempt:
                self.usage.add(retries=1)
                time.sleep(self.config.backoff * 2 ** (attempt - 1))
            try:
                self.usage.add(requests=1)
                reply = self._post(messages)
                usage = reply.get("usage") or {}
                self.usage.add(prompt_tokens=int(usage.get("prompt_tokens", 0)),
                               completion_tokens=int(usage.get("completion_tokens", 0)))
                content = reply["choices"][0]["message"]["content"]
                parsed = json.loads(_strip_fences(content))
                value = validate(parsed)
                self._store(key, parsed)
                return value
            except urllib.error.HTTPError as exc:
                problem = f"HTTP {exc.code}"
                if exc.code not in RETRY_STATUS:
                    break
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                problem = f"no answer ({type(exc).__name__}: {exc})"
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                problem = f"unusable answer ({type(exc).__name__}: {str(exc)[:200]})"
        self.usage.add(failures=1)
        raise LLMError(f"the model server gave no valid answer after "
                       f"{self.config.max_retries + 1} attempts: {problem}")


def _strip_fences(content: str) -> str:
    """Some servers wrap JSON in ```json fences despite response_format; take the object."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text
