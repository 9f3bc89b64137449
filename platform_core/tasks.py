"""Task wiring: tasks that run inside one municipality's schema.

The queue lives in the public schema and one worker serves every municipality, so a task
carries the schema name and re-enters it before it calls a service. A task that ran in
the public schema by accident would read or write the wrong data.
"""

from __future__ import annotations

import functools

from django.db import connection
from django_tasks import task
from django_tenants.utils import schema_context

TENANT_QUEUE_BACKEND = "db"


def tenant_task(func=None, **task_options):
    """Declare a task whose first argument is the schema name it runs in.

    Enqueue with ``my_task.enqueue(connection.schema_name, *ids)``; pass ids, never models.
    """

    def decorate(f):
        @functools.wraps(f)
        def run_in_schema(schema_name: str, *args, **kwargs):
            with schema_context(schema_name):
                return f(*args, **kwargs)

        return task(backend=TENANT_QUEUE_BACKEND, **task_options)(run_in_schema)

    return decorate(func) if func is not None else decorate


def enqueue_for_current_schema(tenant_task_obj, *args, **kwargs):
    return tenant_task_obj.enqueue(connection.schema_name, *args, **kwargs)


@tenant_task
def send_email(subject: str, body: str, to: list[str], html_body: str = "", from_email: str = "") -> None:
    """Deliver an email rendered in a request, outside the request (allauth and invitations)."""
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email or None)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
