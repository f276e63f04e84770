"""Cross-source comparison: stories, claim alignment, framing divergence."""
