"""Demo content of KOMPASS (run inside each demo municipality): Kassel is an admitted KOMPASS
municipality with its survey from the template (open) and its seal in progress."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from .state.models import Participation

DEMO_AGS = "06611000"  # Kassel
DEMO_DISTRICTS = ["Mitte", "Nord-Holland", "Wesertor", "Bettenhausen", "Wilhelmshöhe", "Brasselsberg", "Harleshausen"]


def coordinator_group() -> Group:
    """The municipality's "KOMPASS-Koordination" group: admin access and the KOMPASS permission."""
    from .rules import COORDINATOR_GROUP

    group, _created = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="coordinate_kompass", content_type__app_label="kompass"),
    )
    return group


def demo_kompass(municipality) -> None:
    from surveys.services import survey_publish

    from . import services
    from .models import KompassSurvey

    coordinator_group()
    if municipality.ags != DEMO_AGS or Participation.objects.filter(municipality=municipality).exists():
        return
    actor = "demo"
    p = services.participation_declare_interest(
        municipality=municipality, actor=actor, contact="Ordnungsamt Kassel", email="kompass@kassel.example",
        motivation="Sicherheitsgefühl in den Stadtteilen messen und gemeinsam mit der Polizei verbessern.",
    )  # fmt: skip
    services.participation_apply(participation=p, actor=actor)
    with_schema_public_admit(p)
    if not KompassSurvey.objects.exists():
        kompass = services.kompass_survey_create(variant="full", districts=DEMO_DISTRICTS, actor=actor)
        survey_publish(survey=kompass.survey, actor=actor)
    p.refresh_from_db()
    services.seal_check(participation=p, met=[0, 1], actor=actor)


def with_schema_public_admit(participation) -> None:
    from django_tenants.utils import schema_context

    from . import services

    with schema_context("public"):
        services.participation_admit(participation=participation, actor="Programmbüro (Demo)",
                                     office_contact="KOMPASS-Programmbüro, HLKA")  # fmt: skip
