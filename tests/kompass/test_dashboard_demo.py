"""The state dashboard, the registry entries (open now, demo data) and the coordinator group."""

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from kompass import services
from kompass.demo import coordinator_group, demo_kompass
from kompass.state.models import Participation, Seal
from platform_core.registry import registry


def test_dashboard_counts_by_status_headquarters_and_district(admitted_kassel, marburg, office_client, police_nord):
    with schema_context(marburg.schema_name):
        services.participation_declare_interest(municipality=marburg, actor="t", contact="A", email="a@m.de")
    office_client.post(f"/konsole/kompass/kommunen/{admitted_kassel.pk}/status/", {"status": "kickoff"})
    html = office_client.get("/konsole/kompass/").content.decode()
    assert "1 Kommunen nehmen teil, 0 sind aufgenommen" in html and "1 haben Interesse bekundet" in html
    assert '<svg role="img"' in html and "KOMPASS-Kommunen je Polizeipräsidium" in html
    by_hq = html[html.index("data-by-hq") :]
    assert '<th scope="row">Polizeipräsidium Nordhessen</th><td class="num">1</td>' in by_hq
    assert (
        '<th scope="row">Polizeipräsidium Mittelhessen</th><td class="num">0</td><td class="num">0</td><td class="num">1</td>'
        in by_hq
    )
    assert "Marburg-Biedenkopf" in html
    police = police_nord.get("/konsole/kompass/").content.decode()
    assert "Marburg" not in police and "Kassel" in police


def test_demo_makes_kassel_an_admitted_kompass_municipality_with_an_open_survey(kassel, marburg):
    with schema_context(kassel.schema_name):
        demo_kompass(kassel)
        demo_kompass(kassel)  # twice: nothing doubles
        items = registry.open_now()
    p = Participation.objects.get(municipality=kassel)
    assert p.admission_number and p.status == "survey"
    assert Seal.objects.get(participation=p).status == "in_progress"
    assert any(str(item.kind) == "KOMPASS-Sicherheitsbefragung" for item in items)
    with schema_context(marburg.schema_name):
        demo_kompass(marburg)
    assert not Participation.objects.filter(municipality=marburg).exists()


def test_coordinator_group_opens_the_kompass_admin(kassel, client_for):
    with schema_context(kassel.schema_name):
        user = get_user_model().objects.create_user(username="koord", email="koord@kassel.example", password="x")
        user.groups.add(coordinator_group())
        client = client_for(kassel)
        client.force_login(user)
    assert client.get("/cms/kompass/").status_code == 200
    assert client.get("/cms/umfragen/").status_code in (302, 403)  # KOMPASS only, not every survey
