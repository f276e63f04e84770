"""Named, versioned registries, so config files can refer to components by string.

Third-party packages add analyzers through the ``narrascope.analyzers``
entry-point group; they are looked up only when a name is not found.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any, TypeVar

from narrascope.errors import ConfigError

T = TypeVar("T")


class Registry:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, Any] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def deco(obj: T) -> T:
            self._items[name] = obj
            return obj

        return deco

    def get(self, name: str) -> Any:
        if name not in self._items:
            for ep in entry_points(group=f"narrascope.{self.kind}"):
                if ep.name == name:
                    self._items[name] = ep.load()
        if name not in self._items:
            raise ConfigError(
                f"unknown {self.kind[:-1]} {name!r}; registered: {', '.join(sorted(self._items))}"
            )
        return self._items[name]

    def names(self) -> list[str]:
        return sorted(self._items)


analyzers = Registry("analyzers")
