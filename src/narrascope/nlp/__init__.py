"""Shared language primitives: language id, sentence spans, named entities."""
