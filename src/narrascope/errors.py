"""Every error narrascope raises, so callers can catch one base class.

Messages say what was wrong, the value received, and how to fix it.
"""
from __future__ import annotations


class NarrascopeError(Exception):
    """Base class of all narrascope errors."""


class InputError(NarrascopeError, ValueError):
    """An input (file, line, URL, column) could not be read as an article."""


class ConfigError(NarrascopeError, ValueError):
    """A configuration value or command-line option is invalid."""


class ModelError(NarrascopeError, RuntimeError):
    """A model or head could not be loaded or does not fit the data."""


class MissingExtraError(NarrascopeError, ImportError):
    """An optional dependency is not installed; the message gives the pip command."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the optional package '{package}'. "
            f"Install it with: pip install 'narrascope[{extra}]'"
        )


class PipelineError(NarrascopeError, RuntimeError):
    """The pipeline is mis-assembled (an analyzer's requirement is not met)."""
