"""Registering, the waiting list, cancelling, approval and check-in, through the services."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError
from icalendar import Calendar

from events.models import EventDate, Registration
from events.services import (
    EventError,
    registration_approve,
    registration_cancel,
    registration_check_in,
    registration_confirm_email,
    registration_create,
    registration_reject,
)
from platform_core.models import AuditEntry

from .factories import first_date, make_event

Status = Registration.Status


def register(date, n, *, companions=0, verified=True, capture=None):
    return registration_create(
        date=date, name=f"Person {n}", email=f"person{n}@example.org", companions=companions, email_verified=verified
    )[0]


def test_a_verified_registration_takes_a_seat_and_gets_ics_and_qr(in_kassel, django_capture_on_commit_callbacks):
    date = first_date(make_event(capacity=2, online_link="https://meet.example/raum"))
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(date, 1)
    date.refresh_from_db()
    assert registration.status == Status.CONFIRMED and date.seats_taken == 1
    (message,) = mail.outbox
    assert message.to == ["person1@example.org"] and "bestätigt" in message.subject
    files = {name: (content, mime) for name, content, mime in message.attachments}
    ics = Calendar.from_ical(files["termin.ics"][0])
    (vevent,) = ics.walk("VEVENT")
    assert vevent.decoded("dtstart") == date.start and "meet.example/raum" in str(vevent["description"])
    assert files["einlass-qr-code.png"][0].startswith(b"\x89PNG")
    assert f"/termine/anmeldung/{registration.token}/" in message.body


def test_double_submit_registers_once(in_kassel):
    date = first_date(make_event(capacity=3))
    first = register(date, 1)
    again, created = registration_create(date=date, name="Person 1", email="PERSON1@example.org", email_verified=True)
    date.refresh_from_db()
    assert not created and again.pk == first.pk
    assert Registration.objects.filter(date=date).count() == 1 and date.seats_taken == 1


def test_the_database_refuses_a_second_active_registration_and_overbooking(in_kassel):
    date = first_date(make_event(capacity=1))
    register(date, 1)
    with pytest.raises(IntegrityError):
        from django.db import transaction

        with transaction.atomic():
            Registration.objects.create(date=date, name="X", email="Person1@example.org")
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            EventDate.objects.filter(pk=date.pk).update(seats_taken=2)


def test_full_date_waitlists_in_order_and_cancel_promotes_the_first_who_fits(
    in_kassel, django_capture_on_commit_callbacks
):
    date = first_date(make_event(capacity=2, max_companions=2))
    seated = [register(date, 1), register(date, 2)]
    big = register(date, 3, companions=2)  # needs 3 seats
    small = register(date, 4)
    later = register(date, 5)
    assert [r.status for r in (big, small, later)] == [Status.WAITLISTED] * 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seated[0])
    statuses = dict(Registration.objects.filter(date=date).values_list("email", "status"))
    assert statuses["person3@example.org"] == Status.WAITLISTED  # does not fit into one seat
    assert statuses["person4@example.org"] == Status.CONFIRMED
    assert statuses["person5@example.org"] == Status.WAITLISTED
    date.refresh_from_db()
    assert date.seats_taken == 2
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "bestätigt" in subjects["person4@example.org"] and "person1@example.org" in subjects


def test_without_waitlist_a_full_date_refuses(in_kassel):
    date = first_date(make_event(capacity=1, waitlist_enabled=False))
    register(date, 1)
    with pytest.raises(EventError, match="ausgebucht"):
        register(date, 2)
    assert Registration.objects.filter(date=date).count() == 1


def test_double_opt_in_takes_the_seat_only_on_confirmation(in_kassel, django_capture_on_commit_callbacks):
    date = first_date(make_event(capacity=1))
    with django_capture_on_commit_callbacks(execute=True):
        pending = register(date, 1, verified=False)
    date.refresh_from_db()
    assert pending.status == Status.PENDING_EMAIL and date.seats_taken == 0
    assert f"/termine/bestaetigen/{pending.token}/" in mail.outbox[0].body
    registration_confirm_email(registration=pending)
    registration_confirm_email(registration=pending)  # a second click changes nothing
    date.refresh_from_db()
    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED and date.seats_taken == 1


def test_invitation_only_refuses_other_addresses(in_kassel):
    date = first_date(
        make_event(registration_mode="invitation", invited_emails="Person1@example.org\npartner@polizei.example")
    )
    assert register(date, 1).status == Status.CONFIRMED
    with pytest.raises(EventError, match="Einladung"):
        register(date, 2)


def test_with_approval_staff_decide_and_are_asked_when_a_seat_frees(in_kassel, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.get(email="admin@kassel.example")
    date = first_date(make_event(capacity=1, approval_required=True, organiser_email="amt@kassel.example"))
    first, second = register(date, 1), register(date, 2)
    assert first.status == second.status == Status.AWAITING_APPROVAL
    registration_approve(registration=first, actor=clerk)
    with pytest.raises(EventError, match="keinen freien Platz"):
        registration_approve(registration=second, actor=clerk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    assert [m.to for m in mail.outbox if "frei" in m.subject] == [["amt@kassel.example"]]
    registration_approve(registration=second, actor=clerk)
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED
    assert AuditEntry.objects.filter(action="event.registration_approved", actor_label=clerk.email).count() == 2
    third = register(date, 3)
    registration_reject(registration=third, actor=clerk)
    third.refresh_from_db()
    assert third.status == Status.CANCELLED


def test_check_in_only_confirmed_and_once(in_kassel):
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.get(email="admin@kassel.example")
    date = first_date(make_event(capacity=1))
    seated, waiting = register(date, 1), register(date, 2)
    registration_check_in(registration=seated, actor=clerk)
    registration_check_in(registration=seated, actor=clerk)
    with pytest.raises(EventError):
        registration_check_in(registration=waiting, actor=clerk)
    seated.refresh_from_db()
    assert seated.checked_in_at is not None
    assert AuditEntry.objects.filter(action="event.checked_in").count() == 1


def test_publishing_a_revision_keeps_the_seat_counter(in_kassel):
    event = make_event(capacity=5)
    revision = event.save_revision()
    date = first_date(event)
    register(date, 1)
    register(date, 2)
    revision.publish()
    date.refresh_from_db()
    assert date.seats_taken == 2 and Registration.objects.filter(date=date, status=Status.CONFIRMED).count() == 2


def test_a_cancelled_date_or_a_past_one_takes_no_registrations(in_kassel):
    date = first_date(make_event(capacity=5))
    EventDate.objects.filter(pk=date.pk).update(status=EventDate.Status.CANCELLED)
    date.refresh_from_db()
    with pytest.raises(EventError, match="abgesagt"):
        register(date, 1)
    past = first_date(make_event(capacity=5, days_ahead=-3))
    with pytest.raises(EventError, match="begonnen"):
        register(past, 2)


def test_a_copied_event_starts_with_empty_dates(in_kassel):
    event = make_event(capacity=2)
    register(first_date(event), 1)
    copy = event.copy(update_attrs={"title": "Kopie", "slug": f"kopie-{event.pk}"})
    (copied,) = EventDate.objects.filter(page=copy)
    assert copied.seats_taken == 0 and copied.capacity == 2 and not copied.registrations.exists()


def test_moving_a_date_in_the_editor_tells_everyone_with_the_new_calendar_entry(
    in_kassel, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from events.models import EventPage

    event = make_event(capacity=1)
    date = first_date(event)
    register(date, 1)
    register(date, 2)
    EventDate.objects.filter(pk=date.pk).update(reminded_at=timezone.now())
    page = EventPage.objects.get(pk=event.pk)
    dates = list(page.dates.all())
    new_start = dates[0].start + timedelta(days=1, hours=1)
    dates[0].start, dates[0].end = new_start, new_start + timedelta(hours=2)
    page.dates = dates
    mail.outbox.clear()
    editor = get_user_model().objects.get(email="admin@kassel.example")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor).publish(user=editor)
    moved = {m.to[0]: m for m in mail.outbox if m.subject.startswith("Termin geändert")}
    assert set(moved) == {"person1@example.org", "person2@example.org"}
    (ics,) = [c for name, c, _m in moved["person1@example.org"].attachments if name.endswith(".ics")]
    assert Calendar.from_ical(ics).walk("VEVENT")[0].decoded("dtstart") == new_start
    # waiting: the new calendar entry, but no QR code for the entrance
    assert [name for name, _c, _m in moved["person2@example.org"].attachments] == ["termin.ics"]
    date.refresh_from_db()
    assert date.start == new_start and date.reminded_at is None and date.seats_taken == 1
    (entry,) = AuditEntry.objects.filter(action="event.date_moved", target_id=str(date.pk))
    assert entry.actor_label == "admin@kassel.example"  # the editor who published, not "system"
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=event.pk).save_revision().publish()  # unchanged: nobody is told again
    assert len([m for m in mail.outbox if m.subject.startswith("Termin geändert")]) == 2
