"""What every event service shares: the error type, the audit entry, and emails after commit."""

from __future__ import annotations

from django.db import connection, transaction

from platform_core import audit as platform_audit


class EventError(Exception):
    """An event action is not allowed or its input is invalid; the message says why (translated)."""


def audit(action: str, *, actor, target=None, **data):
    """Append a staff action to the municipality's audit log (platform_core.audit)."""
    return platform_audit.log(action, actor=actor, target=target, **data)


def queue_in_database() -> bool:
    """Whether the tenant task queue is a table in this database (django_tasks_db, production)."""
    from django_tasks import task_backends

    from platform_core.tasks import TENANT_QUEUE_BACKEND

    return type(task_backends[TENANT_QUEUE_BACKEND]).__name__ == "DatabaseBackend"


def notify(registration, kind: str) -> None:
    """Email the registered person; a rolled-back seat sends nothing.

    With the queue in the database (production) the task row is written in the caller's
    transaction: committed together with the registration or not at all, and no second commit
    per registration. Any other queue (tests run tasks at once) is handed the task after commit.
    """
    from ..tasks import send_registration_email

    schema, pk = connection.schema_name, registration.pk
    if queue_in_database():
        send_registration_email.enqueue(schema, pk, kind)
    else:
        transaction.on_commit(lambda: send_registration_email.enqueue(schema, pk, kind))


def notify_staff(date, kind: str) -> None:
    """Email the event's organiser (staff) about a date, after commit."""
    from ..tasks import send_staff_email

    schema, pk = connection.schema_name, date.pk
    transaction.on_commit(lambda: send_staff_email.enqueue(schema, pk, kind))
