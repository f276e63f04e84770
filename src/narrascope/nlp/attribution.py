"""Who a sentence's claim rests on, how it is reported, and how sure it sounds.

Lexicon-and-position rules that work the same way in every supported
language (no parser is needed, so Russian or Hindi get the same treatment as
English): find a reporting cue outside quotation marks, take the source from
the side of the cue the language puts it on, classify the source, and read
hedges and denials. A pronoun source ("he said") borrows the previous
sentence's source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from narrascope.nlp import cues
from narrascope.nlp.entities import load_actors

SOURCE_TYPES = ("named_person", "named_organisation", "anonymous", "media", "author")
MODES = ("direct_quote", "indirect", "unattributed")
CERTAINTY = ("asserted", "hedged", "denied")

_WORD = r"\w\u0900-\u097F"
_QUOTE = re.compile(r"[\"“«„]([^\"”»“]{3,})[\"”»“]")
_BOUNDARY = re.compile(r"[,;:()\[\]\"“”«»„—–।]")
_LEADING = re.compile(r"^(?:and|but|yet|while|as|so|also|и|а|но|і|та|але|e|mas|और|लेकिन)\s+",
                      re.IGNORECASE)
_TRAILING_TIME = re.compile(r"\s+(?:on|in|at|late|early|last|this|earlier|later)\b.*$")
_MAX_SOURCE_WORDS = 8
_TIME_LEADS = {"в", "во", "у", "на", "вчера", "сегодня", "вчора", "сьогодні", "днем", "утром",
               "вечером", "ночью", "вдень", "вранці", "ввечері", "вночі", "on", "late", "early",
               "em", "no", "na", "ontem", "hoje", "през", "днес", "по"}


@dataclass
class Attribution:
    source: str = ""
    source_type: str = "author"
    cue: str = ""
    mode: str = "unattributed"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        return cls(**data)


@lru_cache(maxsize=64)
def _cue_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word alternation, longest first; a trailing * makes a cue a stem ("опроверг*")."""
    alternation = "|".join(re.escape(w[:-1]) + rf"[{_WORD}]*" if w.endswith("*") else re.escape(w)
                           for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![{_WORD}])(?:{alternation})(?![{_WORD}])", re.IGNORECASE)


def find_cues(text: str, words: tuple[str, ...]) -> list[re.Match[str]]:
    return list(_cue_pattern(words).finditer(text)) if words else []


def _table(name: str, language: str) -> Any:
    table = getattr(cues, name)
    return table.get(language, table["en"])


def _aliases(language: str, wanted: Any) -> list[str]:
    """Lowercase gazetteer aliases (this language and English) of the actors ``wanted`` accepts."""
    return [alias.lower() for actor in load_actors() if wanted(actor)
            for lang, aliases in actor.get("aliases", {}).items() if lang in (language, "en")
            for alias in aliases]


@lru_cache(maxsize=8)
def _media_names(language: str) -> frozenset[str]:
    return frozenset(_aliases(language, lambda a: a.get("group") == "media"))


@lru_cache(maxsize=8)
def _person_names(language: str) -> frozenset[str]:
    return frozenset(_aliases(language, lambda a: a.get("type") == "PER"))


@lru_cache(maxsize=8)
def _non_person_names(language: str) -> frozenset[str]:
    """Gazetteer words for countries, peoples and bodies: capitalised, yet not a person's name."""
    return frozenset(word for alias in _aliases(language, lambda a: a.get("type") != "PER")
                     for word in re.findall(rf"[{_WORD}]+", alias))


def quoted_segments(sentence: str) -> list[tuple[int, int]]:
    """Character ranges of quotations of at least three words."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(sentence) if len(m.group(1).split()) >= 3]


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def _clause_before(sentence: str, end: int) -> str:
    """Words just before ``end``, back to a clause boundary, at most a few."""
    piece = sentence[:end]
    cut = max((m.end() for m in _BOUNDARY.finditer(piece)), default=0)
    words = piece[cut:].split()[-_MAX_SOURCE_WORDS:]
    return _LEADING.sub("", " ".join(words)).strip()


def _clause_after(sentence: str, start: int) -> str:
    piece = sentence[start:]
    match = _BOUNDARY.search(piece)
    if match:
        piece = piece[: match.start()]
    elif len(piece.split()) > 7:  # no comma closes the source: keep its first words only
        piece = " ".join(piece.split()[:3])
    piece = re.split(r"\s(?:that|что|що|че|que|कि)\s", " " + piece + " ", maxsplit=1)[0]
    words = piece.split()[:_MAX_SOURCE_WORDS]
    # "сообщило в субботу Министерство обороны": skip a short lead of lowercase words
    first_upper = next((i for i, w in enumerate(words) if w[:1].isupper()), None)
    if first_upper is not None and 0 < first_upper <= 3 and not any(
            w[:1].isupper() for w in words[:first_upper]) and words[0].lower() in _TIME_LEADS:
        words = words[first_upper:]
    return " ".join(words).strip(" .!?")


_FUNCTION_WORDS = {"the", "a", "an", "its", "his", "her", "their", "our", "yet", "but", "and",
                   "one", "two", "three", "four", "several", "some", "many", "most", "both",
                   "o", "os", "as", "um", "uma", "dois", "duas", "de", "do", "da", "в", "у", "на"}


def _name_tokens(source: str, language: str) -> list[tuple[str, bool]]:
    """Tokens of a source with a flag: could this token be part of a person's name?"""
    non_person = _non_person_names(language)
    blocked = tuple(_table("ORGANISATION", language)) + tuple(_table("PERSON_TITLES", language)) \
        + tuple(_table("ANONYMOUS", language))
    tokens = re.findall(rf"[{_WORD}'’-]+", source)
    while tokens and tokens[0].lower() in _FUNCTION_WORDS:
        tokens = tokens[1:]
    out = []
    for token in tokens:
        bare = re.sub(r"['’]s$", "", token)
        name_like = (bare[:1].isupper() and not bare.isupper() and bare.lower() not in non_person
                     and not find_cues(bare.lower(), blocked))
        out.append((bare, name_like))
    return out


def classify_source(source: str, language: str) -> str:
    """named_person, named_organisation, anonymous or media (never author: a source was given).

    In order: an outlet or press word; a known person; a head word that makes
    it anonymous ("two officials", "источники в правительстве"); a person's
    name (two name-like words, or one without any organisation word) that
    ends the source ("Kremlin spokesman Dmitry Peskov"); an organisation word
    or acronym; a title ("the foreign minister"); otherwise by case.
    """
    low = source.lower()
    if any(f" {name} " in f" {low} " for name in _media_names(language)) or find_cues(
            low, tuple(_table("MEDIA", language))):
        return "media"
    if any(f" {name} " in f" {low} " for name in _person_names(language)):
        return "named_person"
    tokens = _name_tokens(source, language)
    if not tokens:
        return "anonymous"
    anonymous = tuple(_table("ANONYMOUS", language))
    if find_cues(tokens[0][0].lower(), anonymous) or find_cues(tokens[-1][0].lower(), anonymous):
        return "anonymous"
    org = bool(find_cues(low, tuple(_table("ORGANISATION", language)))) or any(
        t.isupper() and len(t) >= 2 for t, _ in tokens)
    names = [flag for _, flag in tokens]
    pair_at_end = len(names) >= 2 and names[-1] and names[-2]
    if pair_at_end or (any(names) and not org):
        return "named_person"
    if org:
        return "named_organisation"
    if find_cues(low, tuple(_table("PERSON_TITLES", language))):
        return "named_person"
    if find_cues(low, anonymous):
        return "anonymous"
    if language == "hi":
        return "named_person"
    return "anonymous" if source[:1].islower() else "named_organisation"


def attribute(sentence: str, language: str, previous: Attribution | None = None) -> Attribution:
    """The attribution of the claim a sentence makes; ``previous`` resolves pronoun sources."""
    quotes = quoted_segments(sentence)
    words = tuple(c for c, _ in _table("REPORTING", language))
    side = dict(_table("REPORTING", language))
    match = next((m for m in find_cues(sentence, words) if not _inside(m.start(), quotes)), None)
    if match is None:
        return Attribution()
    cue = match.group(0)
    where = side.get(cue.lower(), "either")
    before = _clause_before(sentence, match.start())
    if where == "after":
        source = _clause_after(sentence, match.end())
    elif where == "before":
        source = before
    else:
        after = _clause_after(sentence, match.end())
        lead_in = before.lower() in ("", "как", "як", "както", "como", "as")
        inverted = (lead_in or sentence[: match.start()].rstrip().endswith((",", "”", '"', "»"))) \
            and bool(after) and (after[:1].isupper() or language != "en")
        source = after if inverted or (lead_in and after) else before
        source = _TRAILING_TIME.sub("", source) if language == "en" else source
    source = source.strip(" ,.")
    mode = "direct_quote" if quotes else "indirect"
    if not source:
        return Attribution(cue=cue)
    if previous is not None and previous.source and source.lower() in _table("PRONOUNS", language):
        return Attribution(previous.source, previous.source_type, cue, mode)
    if source.lower() in _table("PRONOUNS", language):
        return Attribution(source, "anonymous", cue, mode)
    return Attribution(source, classify_source(source, language), cue, mode)


def certainty(sentence: str, language: str) -> tuple[str, list[str]]:
    """asserted, hedged or denied, with the cue words found (denial wins over hedging)."""
    denials = [m.group(0) for m in find_cues(sentence, tuple(_table("DENIALS", language)))]
    if denials:
        return "denied", denials
    hedges = [m.group(0) for m in find_cues(sentence, tuple(_table("HEDGES", language)))]
    if hedges:
        return "hedged", hedges
    return "asserted", []
