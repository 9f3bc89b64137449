"""A person's event registrations for the data export and account deletion (registered in ``apps``)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import Registration


def _theirs(user):
    q = Q(user=user)
    if user.email:
        q |= Q(email__iexact=user.email)
    return Registration.objects.filter(q, anonymised_at__isnull=True).select_related("date", "date__page")


def export(user) -> list[dict] | None:
    """Each registration: event, date, name, email, companions, status, check-in, answers to the
    event's extra questions."""
    rows = [
        {
            "event": r.date.page.title,
            "start": timezone.localtime(r.date.start).isoformat(),
            "name": r.name,
            "email": r.email,
            "companions": r.companions,
            "status": r.status,
            "registered_at": r.created_at.isoformat(),
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            "answers": r.answers,
        }
        for r in _theirs(user).order_by("created_at", "pk")
    ]
    return rows or None


def erase(user) -> None:
    """Cancel the person's registrations (freeing their seats for the waiting list) and remove their
    name, address and answers; runs in the deletion's transaction."""
    from .models import new_token
    from .services import registration_cancel

    for registration in _theirs(user):
        if registration.status != Registration.Status.CANCELLED:
            registration_cancel(registration=registration)
    now = timezone.now()
    for registration in _theirs(user):
        registration.name, registration.email, registration.user, registration.answers = "", "", None, {}
        registration.token, registration.anonymised_at = new_token(), now
        registration.save(update_fields=["name", "email", "user", "answers", "token", "anonymised_at"])
