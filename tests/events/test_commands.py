"""The scheduled commands: reminders the day before, and removing attendees' data afterwards."""

from datetime import datetime, time, timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from events.models import EventDate, Registration
from events.services import registration_create
from platform_core.models import AuditEntry

from .factories import first_date, make_event


def test_reminders_go_once_to_confirmed_people_of_tomorrow(kassel, django_capture_on_commit_callbacks):
    with schema_context(kassel.schema_name):
        date = first_date(make_event(capacity=1, title="Morgen im Rathaus"))
        start = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(18, 0)))
        EventDate.objects.filter(pk=date.pk).update(start=start, end=start + timedelta(hours=2))
        later = first_date(make_event(capacity=5, days_ahead=5))
        date.refresh_from_db()
        registration_create(date=date, name="Sitz", email="sitz@example.org", email_verified=True)
        registration_create(date=date, name="Warte", email="warte@example.org", email_verified=True)
        registration_create(date=later, name="Später", email="spaeter@example.org", email_verified=True)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_event_reminders", verbosity=0)
    reminders = [m for m in mail.outbox if m.subject.startswith("Erinnerung")]
    assert [m.to for m in reminders] == [["sitz@example.org"]]
    assert "Morgen im Rathaus" in reminders[0].subject
    assert any(name.endswith(".ics") for name, _c, _m in reminders[0].attachments)


def test_personal_data_is_removed_after_the_configured_days_once(kassel, settings):
    settings.EVENTS_PERSONAL_DATA_DAYS = 30
    with schema_context(kassel.schema_name):
        old = first_date(make_event(capacity=5, days_ahead=-40))
        recent = first_date(make_event(capacity=5, days_ahead=-5))
        for date in (old, recent):
            Registration.objects.create(
                date=date,
                name="Alt",
                email="alt@example.org",
                status="confirmed",
                checked_in_at=date.start,
                companions=1,
            )
    call_command("events_purge_personal_data", verbosity=0)
    call_command("events_purge_personal_data", verbosity=0)
    with schema_context(kassel.schema_name):
        purged = Registration.objects.get(date=old)
        assert purged.name == "" and purged.email == "" and purged.anonymised_at is not None
        assert purged.status == "confirmed" and purged.companions == 1 and purged.checked_in_at  # counts stay
        assert Registration.objects.get(date=recent).name == "Alt"
        assert AuditEntry.objects.filter(action="event.personal_data_purged", target_id=str(old.pk)).count() == 1
    settings.EVENTS_PERSONAL_DATA_DAYS = 3
    call_command("events_purge_personal_data", schema=kassel.schema_name, verbosity=0)
    with schema_context(kassel.schema_name):
        assert Registration.objects.get(date=recent).email == ""
