"""Reads for the state console. The municipality list is one query (figures are precomputed)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q

from platform_core.models import AuditEntry
from tenants.models import Municipality, MunicipalityRegistration, MunicipalityStats, RegisterEntry
from tenants.registration import registrations_abandoned


def districts() -> list[str]:
    return list(RegisterEntry.objects.order_by("district").values_list("district", flat=True).distinct())


def municipality_list(*, district: str = "", status: str = "", query: str = ""):
    """Municipalities with their figures and primary domain, filtered; no per-row queries."""
    from django.db.models import F, FilteredRelation

    items = (
        Municipality.objects.exclude(schema_name="public")
        .select_related("stats")
        .annotate(primary_d=FilteredRelation("domains", condition=Q(domains__is_primary=True)))
        .annotate(primary_domain=F("primary_d__domain"))
        .order_by("name")
    )
    if district:
        items = items.filter(district=district)
    if status:
        items = items.filter(status=status)
    if query:
        items = items.filter(Q(name__icontains=query) | Q(ags__startswith=query) | Q(slug__icontains=query))
    return items


def stats_as_of():
    return MunicipalityStats.objects.aggregate(oldest=Max("computed_at"))["oldest"]


def registration_queue():
    base = MunicipalityRegistration.objects.select_related("entry", "municipality")
    S = MunicipalityRegistration.Status
    return {
        "open": list(base.filter(status__in=[S.PENDING, S.FAILED]).order_by("created_at")),
        "provisioning": list(base.filter(status=S.PROVISIONING).order_by("decided_at")),
        "unverified": list(base.filter(status=S.UNVERIFIED).order_by("-created_at")[:50]),
        "decided": list(base.filter(status__in=[S.LIVE, S.REJECTED]).order_by("-decided_at")[:50]),
    }


def figure_values(stats: MunicipalityStats | None, figures) -> list[int]:
    """The registered figures of one municipality, in the registry's order (0 where not counted)."""
    counted = stats.figures if stats is not None else {}
    return [counted.get(figure.key, 0) for figure in figures]


def abandoned_registration_ids() -> set[int]:
    """Registrations whose provisioning worker died; shown as such, marked failed only by a POST."""
    return set(registrations_abandoned().values_list("pk", flat=True))


def audit_entries(*, action: str = "", municipality: str = "", actor: str = "", date_from=None, date_to=None):
    """The state's audit log (public schema), filtered."""
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action__startswith=action)
    if municipality:
        entries = entries.filter(
            Q(municipality_name__icontains=municipality)
            | Q(municipality_slug=municipality)
            | Q(municipality_ags=municipality)
        )
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries


def audit_entries_of(municipality: Municipality):
    """The state's entries about one municipality (kept by subdomain, so they outlive it)."""
    return AuditEntry.objects.filter(municipality_slug=municipality.slug)


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


@dataclass
class DistrictRow:
    district: str
    district_ags: str
    eligible: int
    participating: int

    @property
    def share(self) -> float:
        return 100.0 * self.participating / self.eligible if self.eligible else 0.0


def participation_by_district() -> list[DistrictRow]:
    """Per district (Landkreis or independent city): municipalities that may join and that take part."""
    taking_part = Municipality.objects.exclude(schema_name="public").exclude(status=Municipality.Status.ARCHIVED)
    ags_taking_part = list(taking_part.values_list("ags", flat=True))
    rows = (
        RegisterEntry.objects.exclude(kind=RegisterEntry.Kind.UNINCORPORATED)
        .values("district", "district_ags")
        .annotate(eligible=Count("ags"), participating=Count("ags", filter=Q(ags__in=ags_taking_part)))
        .order_by("district")
    )
    return [DistrictRow(**r) for r in rows]
