"""Load the police headquarters with their districts, questionnaire version 1 (full and short)
and the first seal criteria."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[2] / "data" / "hessen-police-headquarters.csv"

SEAL_CRITERIA_V1 = [
    "Kooperationsvereinbarung zwischen Kommune und Land unterzeichnet",
    "Auftaktveranstaltung durchgeführt",
    "KOMPASS-Bürgerbefragung durchgeführt und ausgewertet",
    "Ergebnisse der Befragung veröffentlicht",
    "Mindestens eine Sicherheitskonferenz mit Polizei und Partnern durchgeführt, Protokoll liegt vor",
    "Maßnahmen zu den in der Befragung genannten Bedarfen beschlossen, mit Verantwortlichen und Terminen",
    "Umsetzung der Maßnahmen nachgewiesen",
]


def load(apps, schema_editor):
    from kompass import questionnaire

    Headquarters = apps.get_model("kompass_state", "PoliceHeadquarters")
    District = apps.get_model("kompass_state", "HeadquartersDistrict")
    Template = apps.get_model("kompass_state", "QuestionnaireTemplate")
    Criteria = apps.get_model("kompass_state", "SealCriteria")
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            hq, _ = Headquarters.objects.get_or_create(name=row["police_headquarters"], defaults={"seat": row["seat"]})
            District.objects.update_or_create(
                district_ags=row["district_ags"], defaults={"district": row["district"], "headquarters": hq}
            )
    for variant in ("full", "short"):
        data = questionnaire.structure(variant)
        Template.objects.get_or_create(
            version=questionnaire.VERSION,
            variant=variant,
            defaults={
                "title": data["title"],
                "structure": data,
                "core": questionnaire.core_codes(data),
                "slots": questionnaire.SLOTS,
            },
        )
    Criteria.objects.get_or_create(version=1, defaults={"items": SEAL_CRITERIA_V1, "created_by": "migration"})


def unload(apps, schema_editor):
    for name in ("QuestionnaireTemplate", "SealCriteria", "HeadquartersDistrict", "PoliceHeadquarters"):
        apps.get_model("kompass_state", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("kompass_state", "0001_programme_templates_aggregates_seals")]

    operations = [migrations.RunPython(load, unload)]
