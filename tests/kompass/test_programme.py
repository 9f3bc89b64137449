"""The programme's steps: interest and application from the municipality's admin, admission by the
programme office in the console, and who of the state and the police sees what."""

import threading

from django.db import connections
from django.test import Client
from django_tenants.utils import schema_context

from kompass import services
from kompass.state.models import Participation
from platform_core.models import AuditEntry
from tenants.demo import DEMO_PASSWORD
from tests.kompass.factories import office_user
from tests.tenants.conftest import PORTAL, staff_login


def test_municipality_declares_interest_and_applies_from_its_admin(kassel, kassel_admin):
    page = kassel_admin.get("/cms/kompass/")
    assert page.status_code == 200 and "Interesse bekunden" in page.content.decode()
    assert "/cms/kompass/" in kassel_admin.get("/cms/").content.decode()  # the menu item
    response = kassel_admin.post("/cms/kompass/interesse/", {"contact": "Frau Weber", "email": "weber@kassel.example"})
    assert response.status_code == 302
    p = Participation.objects.get(municipality=kassel)
    assert p.status == "interested" and p.headquarters.name == "Polizeipräsidium Nordhessen"
    assert p.district_ags == "06611"
    kassel_admin.post("/cms/kompass/bewerbung/")
    p.refresh_from_db()
    assert p.status == "applied" and p.admission_number is None
    assert "beim Programmbüro" in kassel_admin.get("/cms/kompass/").content.decode()
    with schema_context(kassel.schema_name):
        assert AuditEntry.objects.filter(action="kompass.apply").exists()
    assert AuditEntry.objects.filter(action="kompass.apply", municipality_slug="kassel").exists()


def test_bad_interest_input_is_refused_with_a_message(kassel, kassel_admin):
    response = kassel_admin.post("/cms/kompass/interesse/", {"contact": "", "email": "kein-mail"}, follow=True)
    assert response.status_code == 200 and "gültige E-Mail-Adresse" in response.content.decode()
    assert not Participation.objects.filter(municipality=kassel).exists()


def test_programme_office_admits_with_the_next_number(kassel, marburg, office_client):
    with schema_context(marburg.schema_name):
        first = services.participation_declare_interest(municipality=marburg, actor="t", contact="A", email="a@m.de")
        services.participation_apply(participation=first, actor="t")
    with schema_context(kassel.schema_name):
        second = services.participation_declare_interest(municipality=kassel, actor="t", contact="B", email="b@k.de")
        services.participation_apply(participation=second, actor="t")
    assert office_client.post(f"/konsole/kompass/kommunen/{first.pk}/admit/").status_code == 302
    assert office_client.post(f"/konsole/kompass/kommunen/{second.pk}/admit/").status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.admission_number, second.admission_number) == (1, 2)
    assert second.status == "admitted" and second.dates["admitted"]
    page = office_client.get(f"/konsole/kompass/kommunen/{second.pk}/").content.decode()
    assert "Aufgenommen" in page
    assert AuditEntry.objects.filter(action="kompass.admit", target_id=str(second.pk)).exists()
    # Admitting twice is refused with a message, the number stays.
    response = office_client.post(f"/konsole/kompass/kommunen/{second.pk}/admit/", follow=True)
    assert "Nur eine Bewerbung" in response.content.decode()
    second.refresh_from_db()
    assert second.admission_number == 2


def test_office_sets_status_and_contacts(admitted_kassel, office_client):
    p = admitted_kassel
    office_client.post(f"/konsole/kompass/kommunen/{p.pk}/status/", {"status": "kickoff", "on": "2026-03-02"})
    office_client.post(
        f"/konsole/kompass/kommunen/{p.pk}/contacts/",
        {"police_contact": "KOK Schmidt", "police_email": "schmidt@polizei.hessen.de"},
    )
    p.refresh_from_db()
    assert p.status == "kickoff" and p.dates["kickoff"] == "2026-03-02"
    assert p.police_contact == "KOK Schmidt"
    response = office_client.post(f"/konsole/kompass/kommunen/{p.pk}/status/", {"status": "kickoff"}, follow=True)
    assert "bereits erreicht" in response.content.decode()


def test_plain_console_staff_and_police_cannot_admit(admitted_kassel, kassel, marburg, police_nord, staff_client):
    with schema_context(marburg.schema_name):
        p = services.participation_declare_interest(municipality=marburg, actor="t", contact="A", email="a@m.de")
        services.participation_apply(participation=p, actor="t")
    assert staff_client.get("/konsole/kompass/").status_code == 403
    assert staff_client.post(f"/konsole/kompass/kommunen/{p.pk}/admit/").status_code == 403
    assert police_nord.post(f"/konsole/kompass/kommunen/{p.pk}/admit/").status_code == 403
    p.refresh_from_db()
    assert p.status == "applied"


def test_police_see_only_their_districts_and_nothing_else_of_the_console(admitted_kassel, police_nord, police_ost):
    p = admitted_kassel
    assert police_nord.get(f"/konsole/kompass/kommunen/{p.pk}/").status_code == 200
    assert "Kassel" in police_nord.get("/konsole/kompass/").content.decode()
    assert police_ost.get(f"/konsole/kompass/kommunen/{p.pk}/").status_code == 403
    assert "Kassel" not in police_ost.get("/konsole/kompass/").content.decode().split("<h2>")[-1]
    for path in ("/konsole/", "/konsole/registrierungen/", "/konsole/kommunen/", "/konsole/protokoll/"):
        assert police_nord.get(path).status_code == 403, path
    nav = police_nord.get("/konsole/kompass/").content.decode()
    assert 'href="/konsole/registrierungen/"' not in nav and 'href="/konsole/kompass/"' in nav


def test_police_need_the_second_factor(db):
    from tests.kompass.factories import police_user

    user, device = police_user("Polizeipräsidium Nordhessen")
    client = Client(HTTP_HOST=PORTAL)
    client.post("/konsole/anmelden/", {"username": user.username, "password": DEMO_PASSWORD})
    response = client.get("/konsole/kompass/")
    assert response.status_code == 302 and response["Location"].startswith("/konsole/2fa/")


def test_two_staff_admitting_at_once_get_different_numbers(committed_db):
    from tenants.models import Municipality

    made = []
    try:
        for m in Municipality.objects.filter(slug__in=["kassel", "marburg"]):
            with schema_context(m.schema_name):
                p = services.participation_declare_interest(municipality=m, actor="t", contact="A", email="a@x.de")
                services.participation_apply(participation=p, actor="t")
                made.append(p)
        barrier = threading.Barrier(2)
        errors = []

        def admit(p):
            try:
                barrier.wait()
                services.participation_admit(participation=p, actor="office")
            except Exception as exc:  # pragma: no cover - shown by the assert below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=admit, args=(p,)) for p in made]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        numbers = sorted(
            Participation.objects.filter(pk__in=[p.pk for p in made]).values_list("admission_number", flat=True)
        )
        assert numbers == [1, 2]
    finally:
        Participation.objects.filter(pk__in=[p.pk for p in made]).delete()


def test_office_login_flow_reaches_kompass(db):
    user, device = office_user()
    client = Client(HTTP_HOST=PORTAL)
    staff_login(client, user, device)
    assert client.get("/konsole/kompass/").status_code == 200
    assert 'href="/konsole/kompass/"' in client.get("/konsole/").content.decode()
