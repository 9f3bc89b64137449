"""Exports run as tasks and land in the municipality's private folder: only staff with access to
results download them, never through /media/, never from another municipality's host."""

import os
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from surveys import exports
from surveys.models import SurveyExport
from surveys.services import survey_export_request, survey_export_run
from tests.surveys.factories import make_survey
from tests.surveys.test_results import seed
from tests.tenants.test_isolation import make_citizen


def kassel_admin():
    return get_user_model().objects.get(email="admin@kassel.example")


def finished_export(capture, fmt="csv") -> SurveyExport:
    survey = make_survey()
    seed(survey)
    with capture(execute=True):
        export = survey_export_request(survey=survey, format=fmt, requested_by=kassel_admin())
    export.refresh_from_db()
    assert export.status == SurveyExport.Status.DONE, export.error
    return export


def download_url(export: SurveyExport) -> str:
    return f"/cms/umfragen/{export.survey_id}/exporte/{export.pk}/datei/"


@pytest.mark.parametrize("role", ["anonymous", "citizen"])
def test_only_staff_download_exports(in_kassel, client_for, django_capture_on_commit_callbacks, role):
    export = finished_export(django_capture_on_commit_callbacks)
    client = client_for(in_kassel)
    if role == "citizen":
        client.force_login(make_citizen(in_kassel, f"bea-{uuid.uuid4().hex[:6]}@example.org"))
    response = client.get(download_url(export))
    assert response.status_code in (302, 403)
    assert role != "anonymous" or "/cms/login/" in response["Location"]
    assert not getattr(response, "streaming", False)


def test_export_files_are_not_media(in_kassel, client_for, django_capture_on_commit_callbacks):
    export = finished_export(django_capture_on_commit_callbacks)
    path = os.path.realpath(export.file.path)
    assert os.path.isfile(path) and in_kassel.schema_name in path
    assert not path.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    client = client_for(in_kassel)
    client.force_login(kassel_admin())  # even staff: /media/ does not reach the private folder
    assert client.get(f"/media/{export.file.name}").status_code == 404
    assert client.get(download_url(export)).status_code == 200


def test_kassel_export_is_not_downloadable_in_marburg(kassel, marburg, client_for, django_capture_on_commit_callbacks):
    with schema_context(kassel.schema_name):
        export = finished_export(django_capture_on_commit_callbacks)
    with schema_context(marburg.schema_name):
        assert not SurveyExport.objects.filter(pk=export.pk).exists()
        client = client_for(marburg)
        client.force_login(get_user_model().objects.get(email="admin@marburg.example"))
    assert client.get(download_url(export)).status_code == 404
    assert client.get(f"/cms/umfragen/{export.survey_id}/exporte/").status_code == 404


def test_failing_export_ends_failed_with_the_message(
    in_kassel, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(survey, out):
        out.write(b"PK half a workbook")
        raise OSError("No space left on device")

    monkeypatch.setattr(exports, "write_responses_xlsx", broken)
    survey = make_survey()
    with django_capture_on_commit_callbacks(execute=True):
        export = survey_export_request(survey=survey, format="xlsx", requested_by=kassel_admin())
    export.refresh_from_db()
    assert export.status == SurveyExport.Status.FAILED and export.finished_at is not None
    assert export.error == "OSError: No space left on device" and not export.file
    client = client_for(in_kassel)
    client.force_login(kassel_admin())
    listing = client.get(f"/cms/umfragen/{survey.pk}/exporte/").content.decode()
    assert "Fehlgeschlagen" in listing and "No space left on device" in listing
    assert client.get(download_url(export)).status_code == 404


def test_running_a_done_export_again_changes_nothing(in_kassel, django_capture_on_commit_callbacks):
    export = finished_export(django_capture_on_commit_callbacks, fmt="xlsx")
    folder = os.path.dirname(os.path.dirname(export.file.path))
    files_before = sorted(os.listdir(folder))
    survey_export_run.enqueue(in_kassel.schema_name, export.pk)
    again = SurveyExport.objects.get(pk=export.pk)
    assert (again.status, again.file.name, again.finished_at, again.size) == (
        export.status,
        export.file.name,
        export.finished_at,
        export.size,
    )
    assert sorted(os.listdir(folder)) == files_before


def test_unknown_format_is_refused(in_kassel, client_for):
    survey = make_survey(pages=1)
    client = client_for(in_kassel)
    client.force_login(kassel_admin())
    response = client.post(f"/cms/umfragen/{survey.pk}/exporte/", {"format": "exe"}, follow=True)
    assert "Unbekanntes Exportformat" in response.content.decode()
    assert not SurveyExport.objects.filter(survey=survey).exists()
