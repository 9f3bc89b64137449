"""Exports of responses and results: queued by a clerk, built by the task below (a large XLSX
takes longer than a web worker may), handed out from private storage."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.liveness import job_is_abandoned, job_lock, job_lock_key
from platform_core.tasks import tenant_task

from .. import exports
from ..models import Response, Survey, SurveyExport
from .base import SurveyError, audit


def survey_export_request(*, survey: Survey, format: str, requested_by=None) -> SurveyExport:
    """Queue an export of ``survey`` in ``format`` (csv, xlsx, pdf); a task builds the file.

    The task is enqueued only when the transaction commits, so the worker never looks for a
    row that is not there yet.
    """
    if format not in SurveyExport.Format.values:
        raise SurveyError(_("Unknown export format."))
    user = requested_by if getattr(requested_by, "is_authenticated", False) else None
    with transaction.atomic():
        export = SurveyExport.objects.create(survey=survey, format=format, requested_by=user)
        audit(survey=survey, action=f"survey.export_{format}", actor=requested_by, export=export.pk)
        schema_name, export_id = connection.schema_name, export.pk
        transaction.on_commit(lambda: survey_export_run.enqueue(schema_name, export_id))
    return export


def survey_export_build(*, export_id: int) -> SurveyExport | None:
    """Build the file of a queued export (called by the task, inside the municipality's schema).

    Only a queued export is taken, with one conditional UPDATE, so a repeated or duplicate task
    does nothing. The file is written to a temporary file with the streaming writers (flat
    memory) and then moved to private storage. Any error marks the export failed, with the
    message, and is raised again for the task runner's record.
    """
    # Held from the claim until the file is written: if this worker dies, the lock goes with its
    # session and survey_exports_recover_abandoned() marks the export failed (platform_core.liveness).
    with job_lock(export_lock_key(export_id)):
        claimed = SurveyExport.objects.filter(pk=export_id, status=SurveyExport.Status.QUEUED).update(
            status=SurveyExport.Status.RUNNING, started_at=timezone.now()
        )
        if not claimed:
            return None
        export = SurveyExport.objects.select_related("survey").get(pk=export_id)
        return _export_build_claimed(export, export_id)


def export_lock_key(export_id: int) -> int:
    return job_lock_key("survey-export", connection.schema_name, export_id)


def survey_exports_recover_abandoned() -> int:
    """Mark running exports whose worker died as failed, so the clerk sees it and asks again."""
    recovered = 0
    for export_id in SurveyExport.objects.filter(status=SurveyExport.Status.RUNNING).values_list("pk", flat=True):
        if job_is_abandoned(export_lock_key(export_id)):
            recovered += SurveyExport.objects.filter(pk=export_id, status=SurveyExport.Status.RUNNING).update(
                status=SurveyExport.Status.FAILED,
                finished_at=timezone.now(),
                file="",
                error=_("The background process stopped while writing the file. Please request the export again."),
            )
    return recovered


def _export_build_claimed(export: SurveyExport, export_id: int) -> SurveyExport:
    try:
        _export_write(export)
        export.status = SurveyExport.Status.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "size", "row_count", "status", "finished_at"])
    except Exception as exc:
        if export.file:
            export.file.storage.delete(export.file.name)
        SurveyExport.objects.filter(pk=export_id).update(
            status=SurveyExport.Status.FAILED,
            finished_at=timezone.now(),
            file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    return export


def _export_write(export: SurveyExport) -> None:
    survey, Format = export.survey, SurveyExport.Format
    stamp = timezone.localdate().isoformat()
    with tempfile.NamedTemporaryFile(suffix=f".{export.format}") as out:
        if export.format == Format.CSV:
            export.row_count = exports.write_responses_csv(survey, out)
            name = f"{survey.slug}-{stamp}.csv"
        elif export.format == Format.XLSX:
            export.row_count = exports.write_responses_xlsx(survey, out)
            name = f"{survey.slug}-{stamp}.xlsx"
        else:
            out.write(exports.results_pdf(survey, municipality_name=_municipality_name()))
            export.row_count = Response.objects.filter(survey=survey).count()
            name = f"{survey.slug}-{stamp}-report.pdf"
        out.flush()
        export.size = out.tell()
        out.seek(0)
        export.file.save(name, File(out), save=False)


def _municipality_name() -> str:
    # Inside a task the connection knows only the schema name, not the municipality.
    from django_tenants.utils import get_tenant_model

    tenant = getattr(connection, "tenant", None)
    name = getattr(tenant, "name", "")
    if not name:
        name = (
            get_tenant_model().objects.filter(schema_name=connection.schema_name).values_list("name", flat=True).first()
            or ""
        )
    return name


@tenant_task
def survey_export_run(export_id: int) -> None:
    """Build the file of one ``SurveyExport``; enqueue with the schema name first."""
    survey_export_build(export_id=export_id)
