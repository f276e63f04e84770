"""Render analysed articles: HTML report, SemEval TSV, console summary."""
