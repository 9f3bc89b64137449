"""Who may do what with surveys, declared once (django-rules).

Clerks are Wagtail admin users holding the surveys' Django permissions (a municipal admin, being
a superuser, holds them all); a results-only clerk holds ``surveys.view_results`` alone. Views,
templates (``{% load rules %}{% has_perm "surveys.build_survey" user as can_build %}``) and the
Wagtail hooks read these names; nothing else decides. Citizens and visitors only answer, which
``answer_refusal`` governs.

Rule names differ from the Django permission codenames they build on: a rule named like a
database permission would ask itself through ``user.has_perm`` and never end.
"""

from __future__ import annotations

import rules

from .models import Survey


@rules.predicate
def is_admin_user(user) -> bool:
    """Logged in, active and allowed into the Wagtail admin of this municipality."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"))


def has_django_perm(perm: str) -> rules.Predicate:
    """A Django model permission (given to groups in the Wagtail admin) as a predicate."""
    return rules.Predicate(lambda user: bool(user.has_perm(perm)), name=f"has_django_perm:{perm}")


is_builder = is_admin_user & has_django_perm("surveys.change_survey")
is_results_reader = is_admin_user & has_django_perm("surveys.view_results")
is_paper_clerk = is_admin_user & has_django_perm("surveys.enter_paper")

# The survey list, a survey's overview and the surveys audit log (and the admin menu item).
rules.add_perm("surveys.open_surveys_admin", is_builder | is_results_reader)
# Create, edit, publish, close, copy, delete, import; access codes and their letters.
rules.add_perm("surveys.build_survey", is_builder)
rules.add_perm("surveys.preview_survey", is_builder)
# Results and exports contain free-text answers.
rules.add_perm("surveys.read_results", is_results_reader)
rules.add_perm("surveys.enter_paper_responses", is_paper_clerk)


def can_preview(user, survey: Survey | None = None) -> bool:
    """Kept for the public views: reads the declared ``surveys.preview_survey``."""
    return rules.has_perm("surveys.preview_survey", user, survey)


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
