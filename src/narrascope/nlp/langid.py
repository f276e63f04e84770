"""Language identification with lingua, reporting only what we support.

The detector knows many languages so that an article in, say, German is
recorded as German (and refused as unsupported) instead of being forced
into the nearest supported language.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

SUPPORTED = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian",
             "pt": "Portuguese", "hi": "Hindi"}
# Languages we do not analyse but must recognise so they are not mistaken for ours.
_RECOGNISED_EXTRA = ["GERMAN", "FRENCH", "SPANISH", "ITALIAN", "POLISH", "DUTCH", "CHINESE",
                     "ARABIC", "JAPANESE", "TURKISH", "SERBIAN", "MACEDONIAN", "BELARUSIAN",
                     "KAZAKH", "ROMANIAN", "CZECH", "SLOVAK", "GREEK", "HUNGARIAN", "FINNISH",
                     "SWEDISH", "KOREAN", "PERSIAN", "URDU", "BENGALI", "MARATHI", "INDONESIAN"]
_SAMPLE_CHARS = 3000
# Trigram-only ("low accuracy") mode is reliable on article-length text and loads
# in milliseconds; short snippets get the slower full-accuracy models.
_SHORT_TEXT = 200
_RELATIVE_MIN = 0.3


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    ours = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in SUPPORTED]
    extra = [getattr(Language, name) for name in _RECOGNISED_EXTRA]
    builder = LanguageDetectorBuilder.from_languages(*ours, *extra)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and confidence (0-1) of the text's language; ("", 0.0) if unknown."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return "", 0.0
    values = _detector(len(sample) >= _SHORT_TEXT).compute_language_confidence_values(sample)
    if not values:
        return "", 0.0
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    if not is_supported(code):
        # Close relatives (Hindi/Marathi, Bulgarian/Macedonian, ...) split the confidence on
        # short texts; prefer a supported language that is still a serious candidate.
        ours = next((v for v in values if is_supported(v.language.iso_code_639_1.name.lower())), None)
        if ours is not None and ours.value >= _RELATIVE_MIN:
            return ours.language.iso_code_639_1.name.lower(), round(float(ours.value), 6)
    # six decimals: the last digits of lingua's sums differ between processes, and outputs
    # must be identical whichever engine or worker computed them
    return code, round(float(best.value), 6)


def is_supported(code: str) -> bool:
    return code in SUPPORTED
