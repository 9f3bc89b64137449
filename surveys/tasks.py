"""Background work of the surveys: exports are built here, never in a request (a large XLSX
takes longer than a web worker may)."""

from platform_core.tasks import tenant_task

from . import services


@tenant_task
def survey_export_run(export_id: int) -> None:
    """Build the file of one ``SurveyExport``; enqueue with the schema name first."""
    services.survey_export_build(export_id=export_id)
