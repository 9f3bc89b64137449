"""60 people take 10 seats at once through the real server: gunicorn with 2 workers on the test
database, each person a logged-in account with a verified address posting the registration form."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django_tenants.utils import schema_context

from events.models import EventDate, EventPage, Registration
from tenants.models import Municipality

from .factories import first_date, make_event

ROOT = Path(__file__).resolve().parents[2]
HOST = "kassel.beteiligung.localhost"
PEOPLE, SEATS = 60, 10
CSRF = "c" * 32  # an unmasked CSRF secret: the cookie and the form field carry the same value
Status = Registration.Status


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "platform_core.settings.test",
        "DJANGO_EMBEDDED_DB_NAME": connection.settings_dict["NAME"],
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "platform_core.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/termine/", headers={"Host": HOST})
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        assert server.poll() is None, server.stderr.read().decode()[-3000:]
        assert time.monotonic() < deadline, "gunicorn did not answer"
        time.sleep(0.3)


def logged_in_people(prefix: str, count: int) -> list[tuple[str, str]]:
    """Accounts with a verified address and a session each: (email, session key)."""
    User = get_user_model()
    result = []
    for n in range(count):
        email = f"{prefix}{n}@example.org"
        user = User.objects.create(username=email, email=email, first_name="Person", last_name=str(n))
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        result.append((email, session.session_key))
    return result


def register(port: int, event_id: int, date_id: int, email: str, session_key: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = urlencode(
        {"csrfmiddlewaretoken": CSRF, "date": date_id, "name": email.split("@")[0], "email": email, "privacy": "on"}
    )
    conn.request(
        "POST",
        f"/termine/veranstaltung/{event_id}/anmelden/",
        body=body,
        headers={
            "Host": HOST,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={CSRF}",
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, response.getheader("Location") or ""


def test_sixty_people_race_for_ten_seats_through_gunicorn_with_two_workers(committed_db):
    kassel = Municipality.objects.get(slug="kassel")
    prefix = f"gunrace-{time.time_ns()}-"
    with schema_context(kassel.schema_name):
        event = make_event(capacity=SEATS)
        date = first_date(event)
        people = logged_in_people(prefix, PEOPLE)
    port = free_port()
    server = start_gunicorn(port)
    answers: dict[str, tuple[int, str]] = {}
    try:
        barrier = threading.Barrier(PEOPLE)

        def one(person):
            barrier.wait(30)
            try:
                answers[person[0]] = register(port, event.pk, date.pk, *person)
            except OSError as error:
                answers[person[0]] = (0, repr(error))

        threads = [threading.Thread(target=one, args=(p,)) for p in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
    try:
        # Every person got an answer, none of them an error: the private link of their registration.
        assert len(answers) == PEOPLE
        assert all(status == 302 and "/termine/anmeldung/" in location for status, location in answers.values()), [
            a for a in answers.values() if a[0] != 302
        ]
        with schema_context(kassel.schema_name):
            registrations = {r.email: r for r in Registration.objects.filter(date=date)}
            # Nothing lost: each answered link belongs to that person's registration in the database.
            assert set(registrations) == set(answers)
            for email, (_, location) in answers.items():
                assert location.rstrip("/").rsplit("/", 1)[-1] == registrations[email].token
            confirmed = [r for r in registrations.values() if r.status == Status.CONFIRMED]
            waiting = sorted(
                (r for r in registrations.values() if r.status == Status.WAITLISTED), key=lambda r: (r.decided_at, r.pk)
            )
            assert len(confirmed) == SEATS and len(waiting) == PEOPLE - SEATS
            assert EventDate.objects.get(pk=date.pk).seats_taken == SEATS
            # The waiting list is in order of arrival: everyone on it came after the last seat was taken,
            # and the first of them gets the seat someone gives back.
            assert max(r.decided_at for r in confirmed) < min(r.decided_at for r in waiting)
            from events.services import registration_cancel

            registration_cancel(registration=confirmed[0])
            assert Registration.objects.get(pk=waiting[0].pk).status == Status.CONFIRMED
            assert all(Registration.objects.get(pk=r.pk).status == Status.WAITLISTED for r in waiting[1:])
            assert EventDate.objects.get(pk=date.pk).seats_taken == SEATS
    finally:
        with schema_context(kassel.schema_name):
            EventPage.objects.get(pk=event.pk).delete()
            get_user_model().objects.filter(username__startswith=prefix).delete()
