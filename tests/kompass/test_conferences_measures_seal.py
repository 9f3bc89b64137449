"""Security conferences (events of category "security"), measures, and the seal on the municipality's site."""

from django_tenants.utils import schema_context

from kompass.state.models import Participation, SealCriteria, StateMirror
from tests.events.factories import make_event


def test_measure_from_the_admin_is_visible_to_office_and_police(
    admitted_kassel, kassel_admin, office_client, police_nord
):
    response = kassel_admin.post(
        "/cms/kompass/massnahmen/neu/",
        {"title": "Beleuchtung Unterführung Bahnhof", "need_item": "K_PROBLEMS:lighting", "owner": "municipality",
         "owner_name": "Tiefbauamt", "status": "in_progress", "due_on": "2026-09-30"},
    )  # fmt: skip
    assert response.status_code == 302
    mirror = StateMirror.objects.get(participation=admitted_kassel, kind="measure")
    assert mirror.status == "In Arbeit" and mirror.owner == "Tiefbauamt"
    for client in (office_client, police_nord):
        page = client.get(f"/konsole/kompass/kommunen/{admitted_kassel.pk}/").content.decode()
        assert "Beleuchtung Unterführung Bahnhof" in page and "K_PROBLEMS:lighting" in page


def test_measure_with_bad_dates_keeps_the_input(admitted_kassel, kassel_admin):
    response = kassel_admin.post("/cms/kompass/massnahmen/neu/", {"title": "Streife", "owner": "police",
                                                                  "status": "planned", "due_on": "31.02.2026"})  # fmt: skip
    assert response.status_code == 200 and 'value="Streife"' in response.content.decode()


def test_security_conference_with_minutes_reaches_the_state(admitted_kassel, kassel, office_client):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from events.models import EventDocument

    with schema_context(kassel.schema_name):
        event = make_event(title="1. Sicherheitskonferenz Nordstadt", category="security",
                           registration_mode="invitation", invited_emails="polizei@example.org")  # fmt: skip
        document = Document.objects.create(title="Protokoll 1. Konferenz", file=ContentFile(b"%PDF-1.4", "p.pdf"))
        EventDocument.objects.create(page=event, document=document)
        event.save_revision().publish()
    mirror = StateMirror.objects.get(participation=admitted_kassel, kind="conference")
    assert mirror.title == "1. Sicherheitskonferenz Nordstadt" and "Protokoll 1. Konferenz" in mirror.detail
    page = office_client.get(f"/konsole/kompass/kommunen/{admitted_kassel.pk}/").content.decode()
    assert "1. Sicherheitskonferenz Nordstadt" in page and "Protokoll liegt vor" in page


def test_seal_checklist_award_withdraw_renew_and_the_site(admitted_kassel, kassel, office_client, client_for):
    p = admitted_kassel
    site = client_for(kassel)
    assert "noch nicht verliehen" not in site.get("/kompass/").content.decode()
    office_client.post(f"/konsole/kompass/kommunen/{p.pk}/seal_check/", {"met": ["0", "1"]})
    response = office_client.post(f"/konsole/kompass/kommunen/{p.pk}/seal_award/", follow=True)
    assert "erst verliehen werden, wenn alle Kriterien" in response.content.decode()
    assert "data-seal>" not in site.get("/kompass/").content.decode()
    every = [str(i) for i in range(len(SealCriteria.objects.get(version=1).items))]
    office_client.post(f"/konsole/kompass/kommunen/{p.pk}/seal_check/", {"met": every})
    office_client.post(f"/konsole/kompass/kommunen/{p.pk}/seal_award/")
    html = site.get("/kompass/").content.decode()
    assert "data-seal" in html and "KOMPASS-Sicherheitssiegel" in html
    assert Participation.objects.get(pk=p.pk).status == "seal"
    office_client.post(f"/konsole/kompass/kommunen/{p.pk}/seal_withdraw/", {"reason": "Maßnahmen nicht umgesetzt"})
    assert "data-seal" not in site.get("/kompass/").content.decode()
    response = office_client.post(f"/konsole/kompass/kommunen/{p.pk}/seal_renew/", follow=True)
    assert "verliehenes Siegel wird erneuert" in response.content.decode()
    office_client.post(f"/konsole/kompass/kommunen/{p.pk}/seal_award/")
    assert "data-seal" in site.get("/kompass/").content.decode()


def test_seal_criteria_are_versioned(admitted_kassel, office_client, police_nord):
    response = office_client.post("/konsole/kompass/siegel/", {"items": "Befragung durchgeführt\nKonferenz"})
    assert response.status_code == 302
    assert SealCriteria.objects.get(version=2).items == ["Befragung durchgeführt", "Konferenz"]
    assert police_nord.post("/konsole/kompass/siegel/", {"items": "x"}).status_code == 403
    assert not SealCriteria.objects.filter(version=3).exists()
