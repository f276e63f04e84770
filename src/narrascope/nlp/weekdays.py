"""Days of the week named in a text, in the six supported languages.

Two reports of one event usually name the same weekday ("on Tuesday", "во
вторник", "na terça-feira"); two similar events a few days apart usually do
not. Story grouping uses the day as one more event key. Stems cover the
inflected forms (Russian "во вторник", Ukrainian "у п'ятницю"). Bulgarian
"неделя" also means "week", so only "в неделя" counts as Sunday there, and
Russian "среда" also means "environment", so only "в/на среду" counts.
"""
from __future__ import annotations

import re

_DAYS = (  # Monday first
    r"monday|понедельник|понеділ\w*|понеделник|segunda-feira|सोमवार",
    r"tuesday|вторник\w*|вівтор\w*|terça-feira|मंगलवार",
    r"wednesday|(?:в|на) среду|(?:у|в|на) середу|середа|сряда|quarta-feira|बुधवार",
    r"thursday|четверг\w*|четвер\w*|четвъртък|quinta-feira|गुरुवार|बृहस्पतिवार",
    r"friday|пятниц\w*|п['’ʼ]ятниц\w*|петък|sexta-feira|शुक्रवार",
    r"saturday|суббот\w*|субот\w*|събота|sábado|शनिवार",
    r"sunday|воскресень\w*|неділ\w*|в неделя|domingo|रविवार",
)
_PATTERNS = [re.compile(rf"(?<!\w)(?:{days})(?!\w)", re.IGNORECASE) for days in _DAYS]


def weekdays(text: str) -> frozenset[int]:
    """Indices (0 = Monday) of the weekdays the text names."""
    return frozenset(i for i, pattern in enumerate(_PATTERNS) if pattern.search(text))
