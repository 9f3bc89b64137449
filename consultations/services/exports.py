"""Exports of a procedure's statements: queued by a clerk, built by a task, from private storage."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.liveness import job_is_abandoned, job_lock, job_lock_key

from .. import exports
from ..models import ProcedurePage, StatementExport
from .base import ConsultationError, audit


def statement_export_request(*, page: ProcedurePage, format: str, requested_by=None) -> StatementExport:
    if format not in StatementExport.Format.values:
        raise ConsultationError(_("Unknown export format."))
    user = requested_by if getattr(requested_by, "is_authenticated", False) else None
    with transaction.atomic():
        export = StatementExport.objects.create(page=page, format=format, requested_by=user)
        audit(f"procedure.export_{format}", actor=requested_by, target=page, export=export.pk)
        schema_name, export_id = connection.schema_name, export.pk

        def enqueue():
            from ..tasks import statement_export_run

            statement_export_run.enqueue(schema_name, export_id)

        transaction.on_commit(enqueue)
    return export


def export_lock_key(export_id: int) -> int:
    return job_lock_key("statement-export", connection.schema_name, export_id)


def statement_export_build(*, export_id: int) -> StatementExport | None:
    """Build a queued export (claimed by one conditional UPDATE, so a duplicate task does nothing);
    the advisory lock held while writing lets recovery tell a dead worker from a slow one."""
    with job_lock(export_lock_key(export_id)):
        claimed = StatementExport.objects.filter(pk=export_id, status=StatementExport.Status.QUEUED).update(
            status=StatementExport.Status.RUNNING, started_at=timezone.now()
        )
        if not claimed:
            return None
        export = StatementExport.objects.select_related("page").get(pk=export_id)
        try:
            _write(export)
            export.status, export.finished_at = StatementExport.Status.DONE, timezone.now()
            export.save(update_fields=["file", "size", "row_count", "status", "finished_at"])
        except Exception as exc:
            if export.file:
                export.file.storage.delete(export.file.name)
            StatementExport.objects.filter(pk=export_id).update(
                status=StatementExport.Status.FAILED, finished_at=timezone.now(), file="",
                error=f"{type(exc).__name__}: {exc}"[:2000],
            )  # fmt: skip
            raise
        return export


def _write(export: StatementExport) -> None:
    from surveys.services.exports import _municipality_name

    page = export.page
    stamp = timezone.localdate().isoformat()
    with tempfile.NamedTemporaryFile(suffix=f".{export.format}") as out:
        if export.format == StatementExport.Format.XLSX:
            export.row_count = exports.write_statements_xlsx(page, out)
            name = f"{page.slug}-stellungnahmen-{stamp}.xlsx"
        else:
            export.row_count = exports.write_statements_pdf(page, out, municipality_name=_municipality_name())
            name = f"{page.slug}-abwaegung-{stamp}.pdf"
        out.flush()
        export.size = out.tell()
        out.seek(0)
        export.file.save(name, File(out), save=False)


def statement_exports_recover_abandoned() -> int:
    """Mark running exports whose worker died as failed, so the clerk sees it and asks again."""
    recovered = 0
    for export_id in StatementExport.objects.filter(status=StatementExport.Status.RUNNING).values_list("pk", flat=True):
        if job_is_abandoned(export_lock_key(export_id)):
            recovered += StatementExport.objects.filter(pk=export_id, status=StatementExport.Status.RUNNING).update(
                status=StatementExport.Status.FAILED, finished_at=timezone.now(), file="",
                error=_("The background process stopped while writing the file. Please request the export again."),
            )  # fmt: skip
    return recovered
