"""Reading reports: the public list and map (clustered by viewport), the clerk's inbox filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, Q
from django.db.models.functions import Floor
from django.utils import timezone

from .models import Category, Report

HIDDEN = (Report.Status.UNCONFIRMED, Report.Status.MERGED)
# More points than this in the viewport: the map gets clusters (grid cells) instead of points.
MAP_POINT_LIMIT = 400


def public_reports():
    """Approved reports; closed ones only for REPORTS_SOLVED_VISIBLE_DAYS after closing."""
    since = timezone.now() - timedelta(days=settings.REPORTS_SOLVED_VISIBLE_DAYS)
    return (
        Report.objects.filter(published=True)
        .exclude(status__in=HIDDEN)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since))
    )


@dataclass
class PublicFilter:
    category: int | None = None
    status: str = ""

    @classmethod
    def from_query(cls, query) -> PublicFilter:
        raw = query.get("kategorie", "")
        status = query.get("status", "")
        return cls(int(raw) if raw.isdigit() else None, status if status in Report.Status.values else "")

    def apply(self, qs):
        if self.category:
            qs = qs.filter(Q(category_id=self.category) | Q(subcategory_id=self.category))
        if self.status:
            qs = qs.filter(status=self.status)
        return qs


def parse_bbox(raw: str) -> tuple[float, float, float, float] | None:
    try:
        west, south, east, north = (float(v) for v in raw.split(","))
    except (ValueError, AttributeError):
        return None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return west, south, east, north


def map_data(bbox, report_filter: PublicFilter) -> dict:
    """Points in the viewport, or grid clusters (count and centre) when there are too many."""
    qs = report_filter.apply(public_reports())
    if bbox:
        west, south, east, north = bbox
        qs = qs.filter(lon__gte=west, lon__lte=east, lat__gte=south, lat__lte=north)
    points = list(qs.values("reference", "lat", "lon", "status", "category__name")[: MAP_POINT_LIMIT + 1])
    if len(points) <= MAP_POINT_LIMIT:
        return {"type": "points", "points": [
            {"ref": p["reference"], "lat": round(p["lat"], 6), "lon": round(p["lon"], 6), "status": p["status"],
             "category": p["category__name"]} for p in points]}  # fmt: skip
    west, south, east, north = bbox or (5.0, 47.0, 16.0, 56.0)
    cell = max(east - west, north - south) / 16 or 0.001
    cells = (
        qs.annotate(gx=Floor(F("lon") / cell), gy=Floor(F("lat") / cell)).values("gx", "gy")
        .annotate(n=Count("pk"), lat=Avg("lat"), lon=Avg("lon")).order_by()
    )  # fmt: skip
    return {"type": "clusters", "clusters": [
        {"lat": round(c["lat"], 6), "lon": round(c["lon"], 6), "count": c["n"]} for c in cells]}  # fmt: skip


@dataclass
class InboxFilter:
    status: str = ""
    category: int | None = None
    district: str = ""
    since: str = ""
    until: str = ""
    text: str = ""
    mine: bool = False
    due: bool = False

    @classmethod
    def from_query(cls, query) -> InboxFilter:
        raw = query.get("category", "")
        return cls(status=query.get("status", ""), category=int(raw) if raw.isdigit() else None,
                   district=query.get("district", "").strip(), since=query.get("since", ""),
                   until=query.get("until", ""), text=query.get("q", "").strip(), mine=query.get("mine") == "1",
                   due=query.get("due") == "1")  # fmt: skip

    def apply(self, qs, user=None):
        from django.utils.dateparse import parse_date

        if self.status == "open":
            qs = qs.filter(status__in=Report.OPEN)
        elif self.status in Report.Status.values:
            qs = qs.filter(status=self.status)
        if self.category:
            qs = qs.filter(Q(category_id=self.category) | Q(subcategory_id=self.category))
        if self.district:
            qs = qs.filter(district__icontains=self.district)
        if since := parse_date(self.since or ""):
            qs = qs.filter(created_at__date__gte=since)
        if until := parse_date(self.until or ""):
            qs = qs.filter(created_at__date__lte=until)
        if self.text:
            qs = qs.filter(Q(reference__icontains=self.text) | Q(description__icontains=self.text)
                           | Q(address__icontains=self.text))  # fmt: skip
        if self.mine and user is not None:
            qs = qs.filter(assignee=user)
        if self.due:
            qs = qs.filter(resubmit_on__lte=timezone.localdate())
        return qs


def inbox(user, inbox_filter: InboxFilter):
    """The reports a clerk sees: all for admins and holders of ``reports.view_all``, otherwise
    those of their departments and those assigned to them. Due resubmissions come first."""
    qs = Report.objects.select_related("category", "subcategory", "assignee", "department")
    if not user.has_perm("reports.view_all_reports"):
        qs = qs.filter(Q(department__in=user.groups.all()) | Q(assignee=user))
    today = timezone.localdate()
    due = ExpressionWrapper(Q(resubmit_on__lte=today), output_field=BooleanField())
    qs = inbox_filter.apply(qs, user).annotate(due=due)
    return qs.order_by("-due", "-created_at")


def category_choices():
    return Category.objects.filter(active=True).select_related("parent")


def current_municipality():
    tenant = getattr(connection, "tenant", None)
    return tenant if tenant is not None and getattr(tenant, "schema_name", "public") != "public" else None


def default_point() -> tuple[float, float] | None:
    """The centre of the municipality's boundary box (a typed address without coordinates)."""
    from reports.state.models import Boundary

    tenant = current_municipality()
    boundary = Boundary.objects.filter(ags=getattr(tenant, "ags", "")).first() if tenant else None
    if boundary is None:
        return None
    return (boundary.min_lat + boundary.max_lat) / 2, (boundary.min_lon + boundary.max_lon) / 2


def open_items():
    """The home page's "take part now": reporting a problem is always open."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from platform_core.registry import OpenItem

    if not Category.objects.filter(parent=None, active=True).exists():
        return []
    return [OpenItem(kind=_("Issue report"), title=str(_("Report a problem")), url=reverse("reports:new"),
                     summary=str(_("A broken street light, illegal dumping, a pothole: tell us where.")),
                     duration_minutes=3)]  # fmt: skip


def search_items(query: str):
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from platform_core.registry import OpenItem

    query = (query or "").strip()
    if len(query) < 2:
        return []
    found = public_reports().filter(
        Q(description__icontains=query) | Q(reference__iexact=query) | Q(category__name__icontains=query)
        | Q(address__icontains=query)
    ).select_related("category", "subcategory")[:10]  # fmt: skip
    return [OpenItem(kind=_("Issue report"), title=f"{r.public_title()} ({r.reference})",
                     url=reverse("reports:detail", args=[r.reference]), summary=r.description[:200])
            for r in found]  # fmt: skip
