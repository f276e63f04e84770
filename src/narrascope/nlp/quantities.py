"""Numbers in claims, normalised so that "more than 200", "200+" and "более 200" compare.

A :class:`Quantity` keeps the expression as written, its value (a float, with
scale words such as "million" / "млн" / "लाख" applied), a qualifier from a
small closed set (``more_than``, ``at_least``, ``about``, ``fewer_than``,
``at_most``) and the word that follows it (the unit: "companies",
"people"). Years (1900-2099 without a unit) are left out: they date a claim,
they do not count anything in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

WORD_NUMBERS = {
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
           "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
           "dozens": 24, "hundreds": 200, "thousands": 2000},
    "ru": {"один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
           "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "двадцать": 20,
           "сто": 100, "десятки": 24, "сотни": 200, "тысячи": 2000},
    "uk": {"один": 1, "одна": 1, "два": 2, "дві": 2, "три": 3, "чотири": 4, "п'ять": 5,
           "шість": 6, "сім": 7, "вісім": 8, "дев'ять": 9, "десять": 10, "двадцять": 20,
           "сто": 100, "десятки": 24, "сотні": 200, "тисячі": 2000},
    "bg": {"един": 1, "една": 1, "две": 2, "двама": 2, "три": 3, "трима": 3, "четири": 4,
           "пет": 5, "шест": 6, "седем": 7, "осем": 8, "девет": 9, "десет": 10, "двадесет": 20,
           "сто": 100, "десетки": 24, "стотици": 200, "хиляди": 2000},
    "pt": {"um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5,
           "seis": 6, "sete": 7, "oito": 8, "nove": 9, "dez": 10, "vinte": 20, "cem": 100,
           "dezenas": 24, "centenas": 200, "milhares": 2000},
    "hi": {"एक": 1, "दो": 2, "तीन": 3, "चार": 4, "पांच": 5, "पाँच": 5, "छह": 6, "सात": 7,
           "आठ": 8, "नौ": 9, "दस": 10, "बीस": 20, "सौ": 100, "दर्जनों": 24, "सैकड़ों": 200,
           "हजारों": 2000, "हज़ारों": 2000},
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6,
          "bn": 1e9, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6,
          "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9,
          "миллиарда": 1e9, "миллиардов": 1e9, "тис": 1e3, "тисяч": 1e3, "тисячі": 1e3,
          "мільйон": 1e6, "мільйони": 1e6, "мільйонів": 1e6, "мільярд": 1e9, "мільярдів": 1e9,
          "хиляди": 1e3, "хил": 1e3, "милиона": 1e6, "милион": 1e6, "милиарда": 1e9,
          "mil": 1e3, "milhão": 1e6, "milhões": 1e6, "bilhão": 1e9, "bilhões": 1e9,
          "हजार": 1e3, "हज़ार": 1e3, "लाख": 1e5, "करोड़": 1e7, "अरब": 1e9}
QUALIFIERS = {
    "more_than": ("more than", "over", "above", "in excess of", "upwards of", "более", "свыше",
                  "больше", "понад", "більше", "над", "повече от", "mais de", "acima de",
                  "से अधिक", "से ज्यादा", "से ज़्यादा"),
    "at_least": ("at least", "no fewer than", "no less than", "не менее", "как минимум",
                 "по меньшей мере", "щонайменше", "принаймні", "най-малко", "поне", "pelo menos",
                 "no mínimo", "कम से कम"),
    "about": ("about", "around", "roughly", "nearly", "almost", "approximately", "some",
              "около", "почти", "примерно", "порядка", "близько", "майже", "приблизно", "около",
              "близо", "почти", "cerca de", "quase", "aproximadamente", "por volta de", "लगभग",
              "करीब", "तकरीबन"),
    "fewer_than": ("fewer than", "less than", "under", "below", "менее", "меньше", "менше",
                   "по-малко от", "menos de", "से कम"),
    "at_most": ("up to", "at most", "до", "не более", "не більше", "не повече от", "até",
                "no máximo", "तक"),
}
# Counted things across languages, as word beginnings, so "12 people" meets "40 человек".
UNIT_GROUPS = {
    "people": ("people", "person", "civilian", "resident", "crew", "челов", "люд", "жител", "мирн",
               "осіб", "особ", "мешкан", "хора", "души", "жители", "pesso", "civis", "morador",
               "लोग", "व्यक्ति", "नागरिक"),
    "soldiers": ("soldier", "troop", "servicem", "военн", "военнослуж", "солдат", "бойц",
                 "військов", "бійц", "войни", "войници", "soldad", "militar", "सैनिक", "जवान"),
    "drones": ("drone", "uav", "беспилот", "дрон", "безпілот", "ड्रोन"),
    "missiles": ("missile", "rocket", "ракет", "míssil", "misse", "मिसाइल"),
    "prisoners": ("prisoner", "captive", "пленн", "полонен", "военноплен", "военнопленн",
                  "затворни", "prisioneir", "कैदी", "बंदी"),
    "homes": ("home", "house", "building", "дом", "здани", "будин", "будівл", "къщ", "сград",
              "casa", "edifíc", "prédio", "घर", "मकान", "इमारत"),
    "usd": ("dollar", "$", "доллар", "долар", "dólar", "डॉलर"),
    "eur": ("euro", "евро", "євро", "€", "यूरो"),
    "tonnes": ("tonne", "ton", "тонн", "тон", "tonelad", "टन"),
    "ships": ("ship", "vessel", "tanker", "судн", "судов", "корабл", "танкер", "кораб", "navio",
              "embarca", "जहाज"),
    "hours": ("hour", "час", "годин", "hora", "घंट"),
    "days": ("day", "дней", "дня", "дні", "днів", "дена", "дни", "dia", "दिन"),
}
_NUMBER = r"\d+(?:[.,\s\u00a0]\d{3})*(?:[.,]\d+)?"
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass
class Quantity:
    text: str
    value: float
    qualifier: str = ""
    unit: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quantity:
        return cls(**data)


_UNIT_SKIP = {"de", "of", "do", "da", "dos", "das", "из", "з", "от", "на", "के", "की"}


def _unit_after(text: str, end: int) -> str:
    """The counted noun after a number, skipping a linking word ("milhões de pessoas")."""
    words = re.findall(r"[\w\u0900-\u097F'-]+", text[end:end + 40])
    while words and words[0].lower() in _UNIT_SKIP:
        words = words[1:]
    return words[0] if words and not words[0][0].isdigit() else ""


def _to_float(digits: str) -> float:
    clean = digits.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", clean):  # 1,200 / 1.200 thousands separators
        return float(re.sub(r"[.,]", "", clean))
    return float(clean.replace(",", "."))


def _qualifier(before: str) -> tuple[str, str]:
    """The qualifier that ends ``before`` (lowercase), and the words it used."""
    best = ("", "")
    for name, phrases in QUALIFIERS.items():
        for phrase in phrases:
            if (before.endswith(" " + phrase) or before == phrase) and len(phrase) > len(best[1]):
                best = (name, phrase)
    return best


def find_quantities(text: str, language: str) -> list[Quantity]:
    """Numbers written as digits or number words, with qualifier, scale and unit."""
    words = WORD_NUMBERS.get(language, {}) | WORD_NUMBERS["en"]
    word_alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.,])({_NUMBER}|(?:{word_alt})(?!\w))(?:\s*(%|per ?cent|процент\w*|"
                         rf"відсот\w*|процента|por cento|प्रतिशत|на сто))?(?:\s+([\w\u0900-\u097F]+))?",
                         re.IGNORECASE)
    found: list[Quantity] = []
    for match in pattern.finditer(text):
        number, percent, after = match.group(1), match.group(2), match.group(3) or ""
        low = number.lower()
        value = float(words[low]) if low in words else _to_float(number)
        if _YEAR.match(number) and not percent:
            continue
        end = match.end(1) if not percent else match.end(2)
        unit = "%" if percent else ""
        scale = SCALES.get(after.lower().rstrip("."))
        if scale and not percent:
            value *= scale
            end = match.end(3)
            unit = _unit_after(text, end)
        elif not percent:
            unit = _unit_after(text, match.end(1))
        qualifier, phrase = _qualifier(" " + text[max(0, match.start() - 30):match.start()]
                                       .lower().rstrip())
        start = match.start() - (len(phrase) + 1 if phrase else 0)
        start = max(start, 0)
        if phrase:
            start = text.lower().rfind(phrase, 0, match.start())
        found.append(Quantity(text=text[start:end], value=value, qualifier=qualifier,
                              unit=unit.lower()))
    return found


def conflicting_quantities(a: list[Quantity], b: list[Quantity], tolerance: float = 0.15) -> bool:
    """True when two aligned claims count the same thing differently.

    Quantities are paired by unit ("12 people" with "30 people"; days count
    as 24 hours); across languages units differ, so two claims with one
    quantity each are paired as they are. Exact figures conflict when they
    differ by more than ``tolerance`` (a share of the value); qualifiers widen
    a value into a range ("at least 30" is 30..inf), so "more than 200" and
    "250" do not conflict, "12" and "at least 30" do.
    """
    a, b = [_in_hours(x) for x in a], [_in_hours(y) for y in b]
    pairs = [(x, y) for x in a for y in b if x.unit and unit_group(x.unit) == unit_group(y.unit)]
    if not pairs and len(a) == 1 and len(b) == 1:
        pairs = [(a[0], b[0])]
    return any(not _ranges_overlap(_range(x, tolerance), _range(y, tolerance)) for x, y in pairs)


def _in_hours(q: Quantity) -> Quantity:
    """Days as hours, so "48 hours" meets "five days"."""
    if unit_group(q.unit) == "days":
        return Quantity(q.text, q.value * 24, q.qualifier, "hours")
    return q


def unit_group(unit: str) -> str:
    """The canonical name of a counted thing ("человек" -> "people"), else its first letters."""
    low = unit.lower()
    if low == "%":
        return "%"
    for name, starts in UNIT_GROUPS.items():
        if any(low.startswith(start) for start in starts):
            return name
    return low[:4]


def _range(q: Quantity, tolerance: float) -> tuple[float, float]:
    low, high = q.value * (1 - tolerance), q.value * (1 + tolerance)
    if q.qualifier in ("more_than", "at_least"):
        high = float("inf")
    elif q.qualifier in ("fewer_than", "at_most"):
        low = 0.0
    elif q.qualifier == "about":
        low, high = q.value * 0.75, q.value * 1.25
    return low, high


def _ranges_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
