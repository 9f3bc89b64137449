"""No report, photo or reporter crosses municipalities: one test per way it could."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django_tenants.utils import schema_context

from reports.models import Photo
from reports.services import photo_blur, photo_review

from .factories import jpeg, make_report


def test_a_report_of_kassel_is_not_on_marburgs_map_list_or_detail(kassel, marburg, client_for):
    with schema_context(kassel.schema_name):
        report = make_report(description="Nur in Kassel")
    other = client_for(marburg)
    assert report.reference not in other.get("/maengel/").content.decode()
    assert other.get(f"/maengel/{report.reference}/").status_code == 404
    assert other.get("/maengel/karte.json").json()["points"] == []
    assert other.get(f"/maengel/status/{report.token}/").status_code == 404
    assert "Nur in Kassel" not in str(other.get("/open311/v2/requests.json").json())


def test_a_photo_of_kassel_cannot_be_fetched_from_marburg(kassel, marburg, client_for, settings, tmp_path):
    settings.REPORTS_PRIVATE_ROOT = str(tmp_path)
    with schema_context(kassel.schema_name):
        report = make_report()
        photo = Photo.objects.create(report=report)
        photo.original.save("k.jpg", ContentFile(jpeg()), save=True)
        photo_review(photo=photo_blur(photo_id=photo.pk), publish=True, actor="test")
        assert photo.original.path.startswith(str(tmp_path / kassel.schema_name))
    assert client_for(kassel).get(f"/maengel/foto/{photo.pk}/").status_code == 200
    other = client_for(marburg)
    assert other.get(f"/maengel/foto/{photo.pk}/").status_code == 404
    assert other.get(f"/maengel/foto/{photo.pk}/{report.token}/").status_code == 404
    with schema_context(marburg.schema_name):
        admin = get_user_model().objects.get(email="admin@marburg.example")
        other.force_login(admin)
    assert other.get(f"/cms/maengel/foto/{photo.pk}/original.jpg").status_code == 404


def test_marburgs_clerks_never_see_kassels_reporters(kassel, marburg, client_for):
    with schema_context(kassel.schema_name):
        report = make_report(email="geheim@example.org")
    other = client_for(marburg)
    with schema_context(marburg.schema_name):
        other.force_login(get_user_model().objects.get(email="admin@marburg.example"))
    assert "geheim@example.org" not in other.get("/cms/maengel/", {"status": ""}).content.decode()
    assert other.get(f"/cms/maengel/{report.pk}/").status_code == 404
    assert "geheim@example.org" not in other.get("/cms/maengel/auswertung.csv").content.decode()
