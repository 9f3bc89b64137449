"""Questions another app keeps fixed, and the signal sent when a survey closes.

An app on top of surveys (KOMPASS) registers a checker that names why a question is locked;
``services.building`` asks it before changing, moving or deleting a question, so the rule holds
for every caller (admin views, imports into an existing survey, scripts), not only in the UI.
Surveys itself never imports that app.
"""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal

# checker(question) -> a translated reason, or None when the question may change
_checkers: list[Callable] = []

# Sent inside survey_close's transaction with ``survey`` and ``actor``.
survey_closed = Signal()


def register_lock_checker(checker: Callable) -> None:
    if checker not in _checkers:
        _checkers.append(checker)


def question_lock_reason(question) -> str | None:
    """Why this saved question may not change (None: it may)."""
    if question.pk is None:
        return None
    for checker in _checkers:
        reason = checker(question)
        if reason:
            return reason
    return None
