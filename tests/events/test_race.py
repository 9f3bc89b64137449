"""Many people taking the last seats at once, on separate database connections (real commits)."""

import threading

from django.db import connections
from django_tenants.utils import schema_context

from events.models import EventDate, EventPage, Registration
from events.services import registration_cancel, registration_create
from tenants.models import Municipality

from .factories import first_date, make_event

Status = Registration.Status


def _kassel():
    return Municipality.objects.get(slug="kassel")


def _race(schema, date, emails):
    barrier = threading.Barrier(len(emails))
    errors = []

    def one(email):
        try:
            with schema_context(schema):
                barrier.wait()
                registration_create(date=date, name=email.split("@")[0], email=email, email_verified=True)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(email,)) for email in emails]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_twenty_people_for_five_seats_five_confirmed_the_rest_waitlisted_in_arrival_order(committed_db):
    kassel = _kassel()
    with schema_context(kassel.schema_name):
        event = make_event(capacity=5)
        date = first_date(event)
    try:
        errors = _race(kassel.schema_name, date, [f"race{n}@example.org" for n in range(20)])
        with schema_context(kassel.schema_name):
            assert errors == []
            date.refresh_from_db()
            confirmed = list(Registration.objects.filter(date=date, status=Status.CONFIRMED))
            waiting = list(
                Registration.objects.filter(date=date, status=Status.WAITLISTED).order_by("decided_at", "pk")
            )
            assert len(confirmed) == 5 and len(waiting) == 15 and date.seats_taken == 5
            # Everyone who was put on the list came after the last seat was taken.
            assert max(r.decided_at for r in confirmed) < min(r.decided_at for r in waiting)
            registration_cancel(registration=confirmed[0])
            promoted = Registration.objects.get(pk=waiting[0].pk)
            assert promoted.status == Status.CONFIRMED
            assert Registration.objects.filter(date=date, status=Status.CONFIRMED).count() == 5
    finally:
        with schema_context(kassel.schema_name):
            EventPage.objects.get(pk=event.pk).delete()


def test_the_same_person_submitting_five_times_at_once_registers_once(committed_db):
    kassel = _kassel()
    with schema_context(kassel.schema_name):
        event = make_event(capacity=5)
        date = first_date(event)
    try:
        errors = _race(kassel.schema_name, date, ["doppelt@example.org"] * 5)
        with schema_context(kassel.schema_name):
            assert errors == []
            assert Registration.objects.filter(date=date).count() == 1
            assert EventDate.objects.get(pk=date.pk).seats_taken == 1
    finally:
        with schema_context(kassel.schema_name):
            EventPage.objects.get(pk=event.pk).delete()
