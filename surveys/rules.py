"""Who may do what with surveys. Clerks are Wagtail admin users with the surveys permissions
(a municipal admin, being a superuser, has them all); citizens and visitors only answer."""

from __future__ import annotations

from .models import Survey


def _clerk(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin") and user.has_perm(perm))


def can_build(user) -> bool:
    """Create, edit, publish, close, copy, import surveys and generate access codes."""
    return _clerk(user, "surveys.change_survey")


def can_view_results(user) -> bool:
    """Read results and download exports (they contain free-text answers)."""
    return _clerk(user, "surveys.view_results")


def can_enter_paper(user) -> bool:
    return _clerk(user, "surveys.enter_paper")


def can_preview(user, survey: Survey) -> bool:
    return can_build(user)


def answer_refusal(user, survey: Survey) -> str | None:
    """Why this visitor may not start answering (None: they may). Access codes are checked later."""
    from django.utils.translation import gettext as _

    if survey.audience == Survey.Audience.LOGGED_IN and not user.is_authenticated:
        return _("Please log in to answer this survey.")
    if (
        user.is_authenticated
        and survey.one_response_per_person
        and survey.audience != Survey.Audience.ACCESS_CODE
        and survey.participations.filter(user=user).exists()
    ):
        return _("You have already answered this survey. Thank you!")
    return None
