"""Scheduled work: reminders the day before, and removing attendees' personal data afterwards.

Both mark the date in the same UPDATE that claims it (``reminded_at`` / ``purged_at`` still
empty), so a repeated or concurrent run never sends or purges twice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import EventDate, Registration, new_token
from .base import audit, notify


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind confirmed people of dates that start tomorrow (Europe/Berlin). Returns emails queued."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = start + timedelta(days=1)
    queued = 0
    due = EventDate.objects.filter(
        start__gte=start, start__lt=end, status=EventDate.Status.SCHEDULED, reminded_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            if not EventDate.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run claimed it
            for registration in Registration.objects.filter(date_id=pk, status=Registration.Status.CONFIRMED):
                notify(registration, "reminder")
                queued += 1
    return queued


def purge_after() -> timedelta:
    return timedelta(days=int(settings.EVENTS_PERSONAL_DATA_DAYS))


def personal_data_purge(*, now: datetime | None = None) -> int:
    """Anonymise registrations of dates that ended longer ago than ``EVENTS_PERSONAL_DATA_DAYS``
    (default 30): names, addresses, answers and links to accounts go; status, companions and check-in
    stay for the statistics. Returns how many registrations were anonymised."""
    now = now or timezone.now()
    count = 0
    due = EventDate.objects.filter(end__lt=now - purge_after(), purged_at__isnull=True).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            if not EventDate.objects.filter(pk=pk, purged_at__isnull=True).update(purged_at=now):
                continue
            n = 0
            for registration in Registration.objects.filter(date_id=pk, anonymised_at__isnull=True):
                registration.name = ""
                registration.email = ""
                registration.user = None
                registration.answers = {}
                registration.token = new_token()
                registration.anonymised_at = now
                registration.save(update_fields=["name", "email", "user", "answers", "token", "anonymised_at"])
                n += 1
            date = EventDate.objects.get(pk=pk)
            audit("event.personal_data_purged", actor=None, target=date, registrations=n)
            count += n
    return count
