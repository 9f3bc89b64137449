"""The state's view of the reporting service: which municipalities take reports, per district, and
Hessen-wide counts from the figures every municipality already reports (no personal data, no
query across 421 schemas)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django_tenants.utils import get_tenant_model


@dataclass
class District:
    name: str
    municipalities: int = 0
    participating: list[str] = field(default_factory=list)
    reports: int = 0
    solved: int = 0

    @property
    def share(self) -> int:
        return round(100 * len(self.participating) / self.municipalities) if self.municipalities else 0


def participation() -> tuple[list[District], dict]:
    register = apps.get_model("tenants", "RegisterEntry")
    districts: dict[str, District] = {}
    district_of = {}
    for ags, district in register.objects.exclude(kind="gemeindefreies_gebiet").values_list("ags", "district"):
        districts.setdefault(district, District(district)).municipalities += 1
        district_of[ags] = district
    totals = defaultdict(int)
    active = get_tenant_model().objects.filter(status="active").exclude(schema_name="public").select_related("stats")
    for municipality in active:
        district = districts.get(district_of.get(municipality.ags, municipality.district))
        figures = getattr(getattr(municipality, "stats", None), "figures", None) or {}
        totals["participating"] += 1
        totals["reports"] += figures.get("reports", 0)
        totals["solved"] += figures.get("reports_solved", 0)
        if district is not None:
            district.participating.append(municipality.name)
            district.reports += figures.get("reports", 0)
            district.solved += figures.get("reports_solved", 0)
    totals["municipalities"] = sum(d.municipalities for d in districts.values())
    return sorted(districts.values(), key=lambda d: d.name), dict(totals)
