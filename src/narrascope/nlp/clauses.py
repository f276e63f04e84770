"""Claim clauses: what a sentence reports, without its attribution frame, one fact per span.

"Governor Lednev said that 14 drones were shot down and that debris set two
tanks on fire" makes two claims, and neither includes "Governor Lednev said":
who said it is the claim's attribution, not its content. Comparing content
alone is what lets a Russian paraphrase that names another source still match.

Two rules, both lexicon-and-position like :mod:`narrascope.nlp.attribution`:

1. Strip the frame. A long enough quotation is the content; otherwise the
   reporting cue splits the sentence and the content is the side that is not
   the source ("X said that CONTENT", "CONTENT, X said", "According to X, CONTENT").
2. Split the content where a comma or a complementiser joins two clauses
   ("..., and police searched 17 addresses", "... and that nobody was hurt",
   "..., з яких 61 вдалося збити"), keeping pieces of at least ``MIN_WORDS`` words.

When no rule applies cleanly the whole sentence is the claim, as before.
"""
from __future__ import annotations

import re
from functools import lru_cache

from narrascope.nlp import cues
from narrascope.nlp.attribution import Attribution, find_cues, quoted_segments

MIN_WORDS = 3
_WORD = r"\w\u0900-\u097F"
_FRAME_BOUNDARY = re.compile(r"[,:;](?=\s)\s*|\s[—–]\s*|[\"”»“]\s*,?\s*")
_STRIP = " \t\n,;:.।—–-\"“”«»„'’"

# "that" after a reporting cue, per language: the content starts after it.
COMPLEMENTISERS = {
    "en": ("that",), "ru": ("что", "будто"), "uk": ("що", "нібито"), "bg": ("че",),
    "pt": ("que",), "hi": ("कि",),
}
# Words that start a second clause after a comma (or, for the "that" forms, anywhere).
JOINERS = {
    "en": (", and that", " and that", ", but that", " but that", ", adding that", ", and",
           ", but", ", yet", ", while", ", although", ", though", ", whereas", "; "),
    "ru": (", и что", " и что", ", а также", ", добавив, что", ", из которых", ", из них",
           ", а", ", но", ", однако", ", и", ", хотя", ", при этом", "; "),
    "uk": (", і що", " і що", ", та що", " та що", ", додавши, що", ", з яких", ", з них",
           ", а", ", але", ", проте", ", і", ", та", ", хоча", "; "),
    "bg": (", и че", " и че", ", като добави, че", ", от които", ", а", ", но", ", и",
           ", въпреки че", "; "),
    "pt": (", e que", " e que", ", acrescentando que", ", mas", ", e", ", embora",
           ", enquanto", ", porém", "; "),
    "hi": (" और कि", ", और", ", लेकिन", ", जबकि", ", जिससे", ", पर", ", मगर", "; "),
}


def _words(text: str) -> int:
    return len(re.findall(rf"[{_WORD}]+", text))


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a range past surrounding spaces, punctuation and quotation marks."""
    while start < end and sentence[start] in _STRIP:
        start += 1
    while end > start and sentence[end - 1] in _STRIP:
        end -= 1
    return start, end


@lru_cache(maxsize=16)
def _joiner_pattern(language: str) -> re.Pattern[str]:
    words = JOINERS.get(language, JOINERS["en"])
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternation})(?![{_WORD}])", re.IGNORECASE)


@lru_cache(maxsize=16)
def _complementiser_pattern(language: str) -> re.Pattern[str]:
    words = COMPLEMENTISERS.get(language, COMPLEMENTISERS["en"])
    return re.compile(rf"(?<![{_WORD}])(?:{'|'.join(words)})(?![{_WORD}])", re.IGNORECASE)


def _cue_span(sentence: str, language: str, cue: str, quotes: list[tuple[int, int]]
              ) -> tuple[int, int] | None:
    """Where the attribution's cue is, outside quotations."""
    pattern = re.compile(rf"(?<![{_WORD}]){re.escape(cue)}(?![{_WORD}])", re.IGNORECASE)
    for match in pattern.finditer(sentence):
        if not any(a <= match.start() < b for a, b in quotes):
            return match.start(), match.end()
    return None


# English reports often drop "that" ("X said the depot burned"); elsewhere it is required.
BARE_CUES = {"en": ("said", "says", "told", "added", "wrote", "writes", "reported", "stated",
                    "announced", "confirmed", "warned", "claimed", "claims", "insisted")}


def _object_cue(cue: str, language: str) -> bool:
    """A cue that takes an object rather than a clause ("denied any involvement")."""
    table = cues.DENIALS.get(language, cues.DENIALS["en"])
    return bool(find_cues(cue, tuple(table))) or cue.lower().startswith(("accus", "обвин"))


def _source_at(sentence: str, source: str, quotes: list[tuple[int, int]]) -> int:
    """Where the attribution's source is named (outside quotations), or -1."""
    if not source:
        return -1
    start = sentence.find(source)
    while start >= 0 and any(a <= start < b for a, b in quotes):
        start = sentence.find(source, start + 1)
    return start


def _content(sentence: str, language: str, attribution: Attribution) -> list[tuple[int, int]]:
    """The ranges of the sentence that carry what is reported (the whole of it without a frame)."""
    whole = [_trim(sentence, 0, len(sentence))]
    if not attribution.cue:
        return whole
    quotes = quoted_segments(sentence)
    if quotes and sum(b - a for a, b in quotes) >= 0.4 * len(sentence.strip()):
        return [_trim(sentence, a, b) for a, b in quotes]
    where = _cue_span(sentence, language, attribution.cue, quotes)
    if where is None:
        return whole
    cue_start, cue_end = where
    before, after = sentence[:cue_start], sentence[cue_end:]
    that = _complementiser_pattern(language).search(after)
    that_follows = that is not None and _words(after[: that.start()]) <= 4 \
        and not re.search(r"[,;:]", after[: that.start()].rstrip().rstrip(","))
    if _object_cue(attribution.cue, language) and not that_follows:
        return whole
    source = _source_at(sentence, attribution.source, quotes)
    if _words(before) <= 2:
        if source >= cue_end or source < 0:  # "According to X, CONTENT" / "По словам X, ..."
            comma = re.search(r"[,:]\s", after)
            return [_trim(sentence, cue_end + comma.end(), len(sentence))] if comma else whole
        if source < cue_start and not that_follows:  # too short to hold a source and content
            return whole
    boundary = max(_FRAME_BOUNDARY.finditer(before), key=lambda m: m.start(), default=None)
    tail = re.split(r"[,;:]\s", after, maxsplit=1)[0]
    source_last = source >= cue_end or (boundary is not None and source >= boundary.end())
    if source_last and not that_follows and _words(tail) <= 6:
        # the source comes last: "CONTENT, X said" / "CONTENT, сообщило ведомство"
        cut = boundary.start() if boundary is not None else cue_start
        ranges = [_trim(sentence, 0, cut)]
        if that is not None and re.match(r"[^,;:]*,", after) and that.start() < 40:
            ranges.append(_trim(sentence, cue_end + that.end(), len(sentence)))  # ", adding that"
        return ranges if _words(sentence[ranges[0][0]:ranges[0][1]]) >= MIN_WORDS else whole
    # "X said (on Sunday) that CONTENT": the content follows the cue
    if that is not None and _words(after[: that.start()]) <= 6:
        return [_trim(sentence, cue_end + that.end(), len(sentence))]
    lead = re.match(r"\s*:", after)
    if lead or attribution.cue.lower() in BARE_CUES.get(language, ()):
        return [_trim(sentence, cue_end + (lead.end() if lead else 0), len(sentence))]
    return whole


def _split(sentence: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """Cut one content range at clause joiners, keeping pieces long enough to be a claim."""
    pieces, cursor = [], start
    for match in _joiner_pattern(language).finditer(sentence, start, end):
        left = _trim(sentence, cursor, match.start())
        right_words = _words(sentence[match.end():end])
        if _words(sentence[left[0]:left[1]]) >= MIN_WORDS and right_words >= MIN_WORDS:
            pieces.append(left)
            cursor = match.end()
    pieces.append(_trim(sentence, cursor, end))
    return [(a, b) for a, b in pieces if b > a]


def claim_clauses(sentence: str, language: str, attribution: Attribution) -> list[tuple[int, int]]:
    """Character ranges, within ``sentence``, of the claims it makes (at least one)."""
    ranges = [r for a, b in _content(sentence, language, attribution)
              for r in _split(sentence, a, b, language)]
    ranges = [(a, b) for a, b in ranges if _words(sentence[a:b]) >= MIN_WORDS]
    return ranges or [_trim(sentence, 0, len(sentence))]
