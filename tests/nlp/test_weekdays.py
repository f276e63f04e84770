"""Weekdays as event keys: found in all six languages, not in look-alike words."""
from __future__ import annotations

import pytest

from narrascope.nlp.weekdays import weekdays


@pytest.mark.parametrize(("text", "day"), [
    ("The strike came early on Tuesday.", 1),
    ("Удар был нанесён в ночь на среду.", 2),
    ("Обстріл почався у п’ятницю ввечері.", 4),
    ("Протестът започна в неделя сутринта.", 6),
    ("O incêndio começou na quinta-feira.", 3),
    ("हमला शनिवार को हुआ।", 5),
])
def test_weekdays_are_found_in_each_language(text: str, day: int) -> None:
    assert weekdays(text) == {day}


@pytest.mark.parametrize("text", [
    "Загрязнение окружающую среду беспокоит жителей.",  # Russian "environment"
    "Протестите продължиха цяла неделя.",  # Bulgarian "a whole week"
    "The Tuesdayville council met.",
])
def test_look_alike_words_are_not_weekdays(text: str) -> None:
    assert weekdays(text) == frozenset()
