"""Official metrics for each task, and readers for gold files."""
