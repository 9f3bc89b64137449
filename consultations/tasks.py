"""Background work of consultations: emails and statement exports, inside the municipality's schema."""

from __future__ import annotations

from django.core.mail import EmailMessage

from platform_core.tasks import tenant_task


@tenant_task
def send_consultation_email(subject: str, body: str, to: list[str], headers: dict) -> None:
    EmailMessage(subject=subject, body=body, to=to, headers=headers).send()


@tenant_task
def statement_export_run(export_id: int) -> None:
    """Build the file of one ``StatementExport``; enqueue with the schema name first."""
    from .services.exports import statement_export_build

    statement_export_build(export_id=export_id)
