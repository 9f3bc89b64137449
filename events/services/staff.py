"""What staff do with a date beyond single registrations: cancel it, write to everyone."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ..models import EventDate, Registration
from ..portal import event_listing_sync
from .base import EventError, audit, notify

Status = Registration.Status


def date_cancel(*, date: EventDate, actor, reason: str = "") -> int:
    """Cancel a date: no more registrations, everyone registered is told. Returns how many."""
    with transaction.atomic():
        date = EventDate.objects.select_for_update().get(pk=date.pk)
        if date.is_cancelled:
            raise EventError(_("This date is already cancelled."))
        date.status = EventDate.Status.CANCELLED
        date.save(update_fields=["status"])
        people = list(
            Registration.objects.filter(date=date, status__in=Registration.ACTIVE, anonymised_at__isnull=True)
        )
        for registration in people:
            notify(registration, "date_cancelled")
        audit("event.date_cancelled", actor=actor, target=date, reason=reason, notified=len(people))
        event_listing_sync(date.page.specific)
    return len(people)


def date_message_all(*, date: EventDate, actor, subject: str, body: str) -> int:
    """Email everyone with an active registration for the date. Returns how many."""
    from platform_core.tasks import send_email

    subject, body = " ".join(subject.split()), body.strip()  # a subject is one line (no header injection)
    if not subject or not body:
        raise EventError(_("Please enter a subject and a message."))
    emails = sorted(
        set(
            Registration.objects.filter(
                date=date, status__in=Registration.ACTIVE, anonymised_at__isnull=True
            ).values_list("email", flat=True)
        )
    )
    schema = connection.schema_name
    with transaction.atomic():
        audit("event.message_sent", actor=actor, target=date, subject=subject, recipients=len(emails))
        for email in emails:
            transaction.on_commit(lambda email=email: send_email.enqueue(schema, subject, body, [email]))
    return len(emails)


def date_moved(*, date: EventDate, previous_start) -> int:
    """A published edit moved the date: everyone registered is told (with the new calendar entry)
    and, if it moved, tomorrow's reminder is sent again for the new day. Returns how many."""
    with transaction.atomic():
        EventDate.objects.filter(pk=date.pk).update(reminded_at=None)
        people = list(
            Registration.objects.filter(date=date, status__in=Registration.ACTIVE, anonymised_at__isnull=True)
        )
        for registration in people:
            notify(registration, "date_moved")
        audit("event.date_moved", actor=None, target=date, previous_start=previous_start.isoformat(),
              start=date.start.isoformat(), notified=len(people))  # fmt: skip
        event_listing_sync(date.page.specific)
    return len(people)
