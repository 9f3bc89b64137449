"""Writes on surveys, split by concern; each raises ``SurveyError`` (imports: ``ImportError_``).

- ``base``: the error type, the audit entry, unique slugs
- ``building``: surveys, pages, questions, imports, copies, access codes
- ``responses``: storing a completed questionnaire
- ``exports``: queueing and building export files, with the task that builds them

The names below stay importable from ``surveys.services`` for callers written before the split.
"""

from .base import SurveyError, audit, unique_slug
from .building import (
    CODE_ALPHABET,
    access_code_find,
    access_code_save_draft,
    access_codes_generate,
    normalise_code,
    question_delete,
    question_move,
    question_save,
    question_save_from_form,
    section_add,
    survey_close,
    survey_copy,
    survey_create,
    survey_delete,
    survey_import,
    survey_import_json,
    survey_import_lss,
    survey_publish,
    survey_update,
)
from .exports import (
    export_lock_key,
    survey_export_build,
    survey_export_request,
    survey_export_run,
    survey_exports_recover_abandoned,
)
from .responses import EmptyResponseError, has_any_answer, response_submit

__all__ = [
    "CODE_ALPHABET",
    "EmptyResponseError",
    "SurveyError",
    "access_code_find",
    "access_code_save_draft",
    "access_codes_generate",
    "audit",
    "export_lock_key",
    "has_any_answer",
    "normalise_code",
    "question_delete",
    "question_move",
    "question_save",
    "question_save_from_form",
    "response_submit",
    "section_add",
    "survey_close",
    "survey_copy",
    "survey_create",
    "survey_delete",
    "survey_export_build",
    "survey_export_request",
    "survey_export_run",
    "survey_exports_recover_abandoned",
    "survey_import",
    "survey_import_json",
    "survey_import_lss",
    "survey_publish",
    "survey_update",
    "unique_slug",
]
