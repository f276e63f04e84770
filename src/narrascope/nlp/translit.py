"""Rough romanisation and a phonetic key, so that name variants across scripts compare as strings.

``name_key("Гриценко") == name_key("Hrytsenko") == "gricenko"``. The key is
for matching only, never for display: it folds spelling systems together
(y/i, h/g, ts/c, double letters), which is what transliterated names vary in.
"""
from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "a", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia", "ʼ": "", "'": "",
}
_DEVANAGARI_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j",
    "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t",
    "थ": "th", "द": "d", "ध": "dh", "न": "n", "प": "p", "फ": "f", "ब": "b", "भ": "bh",
    "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s",
    "ह": "h", "ज़": "z", "फ़": "f", "ड़": "r", "ढ़": "rh", "क़": "k", "ख़": "kh", "ग़": "g",
}
_DEVANAGARI_VOWELS = {
    "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ए": "e", "ऐ": "ai",
    "ओ": "o", "औ": "au", "ऋ": "ri", "ऑ": "o",
}
_DEVANAGARI_SIGNS = {
    "ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "े": "e", "ै": "ai", "ो": "o",
    "ौ": "au", "ृ": "ri", "ॉ": "o", "ं": "n", "ँ": "n", "ः": "h", "्": "",
}
_NUKTA = "\u093c"
_FOLDS = [("shch", "s"), ("kh", "h"), ("zh", "z"), ("ts", "c"), ("ch", "c"), ("sh", "s"),
          ("ph", "f"), ("th", "t"), ("w", "v"), ("x", "ks"), ("q", "k"), ("y", "i"), ("j", "i"),
          ("h", "g"), ("ck", "k")]


def romanise(text: str) -> str:
    """Latin letters for Cyrillic and Devanagari text; accents stripped; other scripts unchanged."""
    out: list[str] = []
    chars = unicodedata.normalize("NFC", text)
    i = 0
    while i < len(chars):
        ch = chars[i]
        low = ch.lower()
        if low in _CYRILLIC:
            out.append(_CYRILLIC[low])
        elif ch in _DEVANAGARI_CONSONANTS or (i + 1 < len(chars) and chars[i + 1] == _NUKTA):
            base = ch + _NUKTA if i + 1 < len(chars) and chars[i + 1] == _NUKTA else ch
            i += len(base) - 1
            out.append(_DEVANAGARI_CONSONANTS.get(base, _DEVANAGARI_CONSONANTS.get(ch, "")))
            nxt = chars[i + 1] if i + 1 < len(chars) else ""
            if nxt not in _DEVANAGARI_SIGNS and nxt and unicodedata.category(nxt).startswith("L"):
                out.append("a")  # the inherent vowel, dropped before a sign and at word end
        elif ch in _DEVANAGARI_VOWELS:
            out.append(_DEVANAGARI_VOWELS[ch])
        elif ch in _DEVANAGARI_SIGNS:
            out.append(_DEVANAGARI_SIGNS[ch])
        else:
            out.append(ch)
        i += 1
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """A lowercase phonetic key of a name: romanised, folded, letters and spaces only."""
    key = romanise(text).lower()
    key = re.sub(r"[^a-z0-9 ]+", " ", key)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)  # double letters
    return " ".join(key.split())
