"""Paragraphs: one per non-empty line, as in the SemEval-2023 layout; giant ones split sensibly.

Each paragraph span carries its 1-based line number in ``label`` (what the
SemEval-2023 subtask-3 format calls the paragraph number). A line with more
than ``max_sentences`` sentences (a whole article pasted as one line) is cut
into chunks of ``chunk_sentences`` sentences that keep the line's number.
"""
from __future__ import annotations

from narrascope.doc import Span


def split_paragraphs(text: str, sentences: list[Span], max_sentences: int = 8,
                     chunk_sentences: int = 5) -> list[Span]:
    paragraphs: list[Span] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start, end = start + lead, start + lead + len(stripped)
        inside = [s for s in sentences if s.start >= start and s.end <= end]
        if len(inside) <= max_sentences:
            paragraphs.append(Span(start, end, text[start:end], label=str(number)))
            continue
        for i in range(0, len(inside), chunk_sentences):
            chunk = inside[i:i + chunk_sentences]
            paragraphs.append(Span(chunk[0].start, chunk[-1].end, text[chunk[0].start:chunk[-1].end],
                                   label=str(number)))
    return paragraphs


# Words that hedge a statement, per language (our list; matched as lowercase substrings
# with a leading word boundary).
HEDGES = {
    "en": ("may ", "might ", "could ", "reportedly", "allegedly", "according to", "seems",
           "appears to", "possibly", "probably", "likely", "perhaps", "suggest", "it is unclear",
           "unconfirmed", "claims that", "is said to"),
    "ru": ("возможно", "якобы", "вероятно", "по данным", "как сообщается", "по словам",
           "по всей видимости", "предположительно", "может ", "могут ", "по-видимому",
           "не исключено", "судя по"),
    "uk": ("можливо", "нібито", "імовірно", "ймовірно", "за даними", "як повідомляється",
           "за словами", "може ", "можуть ", "схоже", "очевидно", "не виключено"),
    "bg": ("вероятно", "може би", "според", "твърди се", "предполага", "евентуално",
           "изглежда", "възможно", "уж "),
    "pt": ("talvez", "possivelmente", "supostamente", "segundo", "provavelmente", "alegadamente",
           "parece", "pode ", "podem ", "de acordo com", "teria ", "estaria "),
    "hi": ("शायद", "संभवतः", "कथित", "के अनुसार", "संभव है", "माना जा रहा", "प्रतीत",
           "हो सकता", "लगता है", "बताया जा रहा"),
}


def is_hedged(sentence: str, language: str) -> bool:
    low = " " + sentence.lower() + " "
    return any(f" {cue}" in low or f"({cue}" in low for cue in HEDGES.get(language, HEDGES["en"]))
