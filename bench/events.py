"""Events benchmark (issue 8): `flock /tmp/bench.lock .venv/bin/python bench/events.py` (make bench runs it).

In a database of its own ("bench_events"), municipality Kassel gets one event with two dates:
one with room for everybody (throughput) and one with 50 seats (the race). gunicorn runs with 2
workers on 127.0.0.1; the load generator is threads + http.client on loopback, bounded in count
and time. Every client is a person with a verified account (logged in through a session made
beforehand), so one POST to the real registration view is one registration: the seat is decided
at once and the confirmation email task is enqueued in the database, as in production
(bench/settings_events.py); the worker's part, building and sending that email with its .ics and
QR code, is timed separately in this process (event_email_task_ms).

  * event_registrations_per_minute - registrations completed per minute at CLIENTS concurrent clients
  * event_register_ratio           - registration req/s divided by the plain one-query view's req/s,
                                     measured by the same client in the same run
  * event_email_task_ms            - median time of the confirmation email task (the worker's side)
  * event_overbooked               - confirmed seats beyond capacity after 200 clients race for 50
                                     seats at once (must be 0); the rest must be on the waiting list
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_EMBEDDED_DB_NAME"] = os.environ.get("BENCH_EVENTS_DB", "bench_events")

from bench.run import ensure_bench_database, figure, start_server  # noqa: E402  (sets the bench env)
from bench.surveys import Session, run_load, timed_get  # noqa: E402

HOST = "kassel.beteiligung.localhost"
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
CLIENTS = int(os.environ.get("BENCH_EVENT_CLIENTS", "16"))
PEOPLE = int(os.environ.get("BENCH_EVENT_PEOPLE", "2500"))  # upper bound of throughput registrations
RACE_CLIENTS, RACE_SEATS = 200, 50
CSRF = "b" * 32  # an unmasked CSRF secret: cookie and form field carry the same value
EVENT_SLUG = "bench-buergerversammlung"


def build_event():
    """A fresh event (the last run's is deleted with its registrations) with a large and a small date."""
    from django.utils import timezone

    from cms.models import HomePage
    from events.models import EventDate, EventIndexPage, EventPage

    EventPage.objects.filter(slug=EVENT_SLUG).delete()
    index = EventIndexPage.objects.filter(slug="bench-veranstaltungen").first()
    if index is None:
        index = HomePage.objects.first().add_child(
            instance=EventIndexPage(title="Veranstaltungen", slug="bench-veranstaltungen")
        )
    event = EventPage(title="Bürgerversammlung", slug=EVENT_SLUG, address="Rathaus, Obere Königsstraße 8, Kassel")
    start = timezone.now().replace(microsecond=0) + timedelta(days=30)
    event.dates.add(EventDate(start=start, end=start + timedelta(hours=2), capacity=1_000_000, sort_order=0))
    event.dates.add(
        EventDate(start=start + timedelta(days=7), end=start + timedelta(days=7, hours=2), capacity=RACE_SEATS,
                  sort_order=1)
    )  # fmt: skip
    index.add_child(instance=event)
    big, small = EventDate.objects.filter(page=event).order_by("start")
    return event, big, small


def people(prefix: str, count: int) -> list[tuple[str, str]]:
    """``count`` users with a verified address, each with a fresh logged-in session: (email, session key)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    User = get_user_model()
    emails = [f"{prefix}{n}@example.org" for n in range(count)]
    have = set(User.objects.filter(username__in=emails).values_list("username", flat=True))
    new = [User(username=e, email=e, first_name="Bench", last_name=e.split("@")[0]) for e in emails if e not in have]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new, batch_size=1000)
    users = {u.email: u for u in User.objects.filter(username__in=emails)}
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users.values()],
        ignore_conflicts=True,
        batch_size=1000,
    )
    result = []
    for email in emails:
        user = users[email]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        result.append((email, session.session_key))
    return result


class Registrant(Session):
    def register(self, page_id: int, date_id: int, email: str, session_key: str) -> int:
        self.cookies = {"beteiligung_session": session_key, "csrftoken": CSRF}
        body = urlencode(
            {"csrfmiddlewaretoken": CSRF, "date": date_id, "name": email.split("@")[0], "email": email, "privacy": "on"}
        )
        status, location, text = self.request("POST", f"/termine/veranstaltung/{page_id}/anmelden/", body)
        if status != 302 or "/anmeldung/" not in location:
            raise AssertionError(f"registration answered {status} {location}: {text[:300]}")
        return status


def throughput(page_id: int, date_id: int, persons) -> tuple[int, float]:
    """CLIENTS threads register the given people (each once) until they run out or SECONDS pass."""
    lock = threading.Lock()
    queue = iter(persons)
    done = [0]
    errors: list[BaseException] = []
    stop = threading.Event()

    def worker():
        client = Registrant(8622, HOST)
        try:
            while not stop.is_set():
                with lock:
                    person = next(queue, None)
                if person is None:
                    return
                client.register(page_id, date_id, *person)
                with lock:
                    done[0] += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    deadline = started + SECONDS
    while time.perf_counter() < deadline and any(t.is_alive() for t in threads):
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join(60)
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return done[0], elapsed


def race(page_id: int, date_id: int, persons) -> list[str]:
    """Every person in their own thread and connection, released at once; returns failures."""
    barrier = threading.Barrier(len(persons))
    failures: list[str] = []
    clients = [Registrant(8622, HOST) for _ in persons]

    def one(client, person):
        try:
            barrier.wait(30)
            client.register(page_id, date_id, *person)
        except BaseException as exc:  # noqa: BLE001 - counted below
            failures.append(repr(exc))

    threads = [threading.Thread(target=one, args=(c, p), daemon=True) for c, p in zip(clients, persons, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return failures


def email_task_ms(schema: str, registration_ids: list[int]) -> float:
    """Median time of the confirmation email task (email, .ics and QR code), run as the worker runs it."""
    from events.tasks import send_registration_email

    times = []
    for pk in registration_ids:
        t0 = time.perf_counter()
        send_registration_email.call(schema, pk, "confirmed")
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main():
    ensure_bench_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from tenants.demo import demo_load
    from tenants.models import Municipality

    call_command("deploy", verbosity=0)
    demo_load()
    schema = Municipality.objects.get(slug="kassel").schema_name
    with schema_context(schema):
        event, big, small = build_event()
        crowd = people("bench-crowd-", PEOPLE)
        racers = people("bench-race-", RACE_CLIENTS)
    connection.close()

    plain = start_server("platform_core.settings.bench_plain", 8621)
    tenant = start_server("bench.settings_events", 8622)
    try:
        run_load(2, 2, lambda: Session(8621, "bench.localhost"), timed_get("/bench/one-query/"))  # warm-up
        warm, _ = throughput(event.pk, big.pk, crowd[:50])
        n, _, el = run_load(CLIENTS, SECONDS, lambda: Session(8621, "bench.localhost"), timed_get("/bench/one-query/"))
        plain_rps = n / el
        registered, elapsed = throughput(event.pk, big.pk, crowd[50:])
        register_rps = registered / elapsed
        failures = race(event.pk, small.pk, racers)
    finally:
        for proc in (plain, tenant):
            proc.terminate()
            proc.wait(10)

    from events.models import EventDate, Registration

    with schema_context(schema):
        small = EventDate.objects.get(pk=small.pk)
        regs = Registration.objects.filter(date=small)
        confirmed = regs.filter(status=Registration.Status.CONFIRMED).count()
        waitlisted = regs.filter(status=Registration.Status.WAITLISTED).count()
        big_confirmed = Registration.objects.filter(date=big, status=Registration.Status.CONFIRMED).count()
        email_ms = email_task_ms(schema, list(Registration.objects.filter(date=big).values_list("pk", flat=True)[:20]))
    overbooked = max(0, confirmed - small.capacity) + max(0, small.seats_taken - small.capacity)
    figure("plain_view_rps_events_client", f"{plain_rps:.0f}", "req/s")
    figure("event_register_rps", f"{register_rps:.1f}", "req/s")
    figure("event_registrations_per_minute", f"{register_rps * 60:.0f}", "per_min")
    figure("event_register_ratio", f"{register_rps / plain_rps:.3f}", "ratio")
    figure("event_email_task_ms", f"{email_ms:.1f}", "ms")
    figure("event_overbooked", overbooked, "count")
    figure("event_race_confirmed", confirmed, "count")
    figure("event_race_waitlisted", waitlisted, "count")
    figure("event_race_errors", len(failures), "count")
    problems = []
    if big_confirmed != registered + warm:
        problems.append(f"throughput date: {big_confirmed} confirmed in the database, {registered + warm} answered")
    if overbooked or confirmed != RACE_SEATS or small.seats_taken != RACE_SEATS:
        problems.append(f"race: {confirmed} confirmed, seats_taken {small.seats_taken}, capacity {RACE_SEATS}")
    if waitlisted != RACE_CLIENTS - RACE_SEATS or failures:
        problems.append(f"race: {waitlisted} waitlisted, {len(failures)} failed requests {failures[:3]}")
    if problems:
        sys.exit("events bench: " + "; ".join(problems))


if __name__ == "__main__":
    main()
