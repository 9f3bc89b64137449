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


def date_move(*, date: EventDate, actor, start, end) -> int:
    """Staff move a date to a new time: everyone registered or waiting is told, with a new calendar
    entry. The page's stored revisions get the new time too, so a later publish does not move it
    back. Returns how many people were told."""
    from django.utils import timezone

    if start is None or end is None:
        raise EventError(_("Please enter the new start and end."))
    if end <= start:
        raise EventError(_("The end must be after the start."))
    if start <= timezone.now():
        raise EventError(_("The new start must be in the future."))
    with transaction.atomic():
        date = EventDate.objects.select_for_update().select_related("page").get(pk=date.pk)
        if date.is_cancelled:
            raise EventError(_("A cancelled date cannot be moved."))
        if date.start == start and date.end == end:
            raise EventError(_("The date already has this time."))
        previous_start = date.start
        EventDate.objects.filter(pk=date.pk).update(start=start, end=end)
        date.start, date.end = start, end
        _store_in_revisions(date)
        return date_moved(date=date, previous_start=previous_start, actor=actor)


def _store_in_revisions(date: EventDate) -> None:
    """Write the date's new time into the page's latest and live revisions (the editor's form and
    the next publish read them)."""
    from django.core.serializers.json import DjangoJSONEncoder
    from wagtail.models import Revision

    page = date.page
    ids = {page.latest_revision_id, page.live_revision_id} - {None}
    encoder = DjangoJSONEncoder()
    for revision in Revision.objects.filter(pk__in=ids):
        changed = False
        for item in revision.content.get("dates", []):
            if item.get("pk") == date.pk:
                item["start"], item["end"] = encoder.default(date.start), encoder.default(date.end)
                changed = True
        if changed:
            revision.save(update_fields=["content"])


def date_moved(*, date: EventDate, previous_start, actor=None) -> int:
    """The date moved (by staff in the attendee admin, or by publishing an edit of the page):
    everyone registered or waiting is told (with the new calendar entry) and tomorrow's reminder
    is sent again for the new day. ``actor`` is the staff member, logged in the audit trail.
    Returns how many were told."""
    with transaction.atomic():
        EventDate.objects.filter(pk=date.pk).update(reminded_at=None)
        people = list(
            Registration.objects.filter(date=date, status__in=Registration.ACTIVE, anonymised_at__isnull=True)
        )
        for registration in people:
            notify(registration, "date_moved")
        audit("event.date_moved", actor=actor, target=date, previous_start=previous_start.isoformat(),
              start=date.start.isoformat(), end=date.end.isoformat(), notified=len(people))  # fmt: skip
        event_listing_sync(date.page.specific)
    return len(people)
