"""What every survey service shares: the error type, the audit entry, unique slugs."""

from __future__ import annotations

from django.utils.text import slugify

from platform_core import audit as platform_audit
from platform_core.models import AuditEntry

from ..models import Survey


class SurveyError(Exception):
    """A survey action is not allowed or its input is invalid; the message says why (translated)."""


def audit(*, survey: Survey | None, action: str, actor=None, **data) -> AuditEntry:
    """Append a staff action to the municipality's audit log (platform_core.audit)."""
    return platform_audit.log(action, actor=actor, target=survey, **data)


GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def german_slug(title: str) -> str:
    """'Wilhelmshöhe' -> 'wilhelmshoehe' (slugify alone would drop the umlaut's e);
    surveys/static/surveys/question_form.js shows the same in the form before saving."""
    return slugify(title.translate(GERMAN_LETTERS))


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = german_slug(title)[:70] or "umfrage"
    slug, n = base, 1
    qs = Survey.objects.all() if exclude_pk is None else Survey.objects.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
