"""What every consultation service shares: the error type, the audit entry, emails after commit."""

from __future__ import annotations

from django.db import connection, transaction

from platform_core import audit as platform_audit


class ConsultationError(Exception):
    """A consultation action is not allowed or its input is invalid; the message says why (translated)."""


def audit(action: str, *, actor, target=None, **data):
    return platform_audit.log(action, actor=actor, target=target, **data)


def email_after_commit(*, subject: str, body: str, to: list[str], headers: dict | None = None) -> None:
    """Send one email by the tenant task queue once the transaction commits."""
    from ..tasks import send_consultation_email

    schema = connection.schema_name
    transaction.on_commit(lambda: send_consultation_email.enqueue(schema, subject, body, to, headers or {}))
