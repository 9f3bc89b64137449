"""Point -> municipality: which municipality's boundary holds a place, and whether it takes part.

Boundaries are held in memory per process (421 polygons) and reloaded when the table changes:
an aggregate query, at most every REPORTS_BOUNDARY_RECHECK_SECONDS (and at once after a save in
this process), tells whether the copy is current; which municipality takes part is remembered
for as long. The bounding box prefilters; the polygon test runs only on the boxes that hold the point.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django_tenants.utils import get_tenant_domain_model, get_tenant_model

from . import geo
from .models import Boundary

# A coarse outline of Hessen (lon, lat), only to tell "outside Hessen" from "a place in Hessen
# whose boundary is not imported" while the official boundaries are not loaded (the demo).
HESSEN_OUTLINE = [[[
    [9.15, 51.66], [9.7, 51.6], [10.0, 51.35], [10.2, 51.0], [10.25, 50.6], [9.95, 50.4], [9.7, 50.2],
    [9.5, 50.0], [9.15, 49.75], [9.1, 49.5], [8.9, 49.38], [8.45, 49.45], [8.35, 49.8], [8.0, 49.95],
    [7.76, 50.1], [7.95, 50.4], [7.95, 50.7], [8.15, 50.9], [8.5, 51.1], [8.55, 51.35], [8.95, 51.5], [9.15, 51.66],
]]]  # fmt: skip


@dataclass(frozen=True)
class Area:
    ags: str
    name: str
    district: str
    bbox: tuple[float, float, float, float]
    polygons: Any


@dataclass(frozen=True)
class Route:
    """Where a point belongs. ``kind``: ``municipality`` (takes part), ``not_participating``,
    ``unknown`` (in Hessen, no boundary loaded for it) or ``outside`` (not in Hessen)."""

    kind: str
    ags: str = ""
    name: str = ""
    district: str = ""
    municipality: Any = None  # the tenant model row when it takes part

    @property
    def accepted(self) -> bool:
        return self.kind == "municipality"


_lock = threading.Lock()
_cache: dict[str, Any] = {"stamp": None, "areas": [], "checked": 0.0, "participating": {}}


def _recheck_seconds() -> float:
    from django.conf import settings

    return getattr(settings, "REPORTS_BOUNDARY_RECHECK_SECONDS", 5)


def forget() -> None:
    """Drop the in-memory copy (a boundary was saved or deleted in this process)."""
    _cache.update(stamp=None, checked=0.0, participating={})


def _stamp():
    row = Boundary.objects.aggregate(n=Count("ags"), last=Max("updated_at"))
    return row["n"], row["last"]


def areas() -> list[Area]:
    """The boundaries as in-memory areas, reloaded when the table changed."""
    now = time.monotonic()
    if _cache["stamp"] is not None and now - _cache["checked"] < _recheck_seconds():
        return _cache["areas"]
    stamp = _stamp()
    _cache["checked"] = now
    if _cache["stamp"] != stamp:
        with _lock:
            loaded = [
                Area(b.ags, b.name, b.district, (b.min_lon, b.min_lat, b.max_lon, b.max_lat),
                     geo.polygons_of(b.geometry))
                for b in Boundary.objects.all()
            ]  # fmt: skip
            _cache.update(stamp=stamp, areas=loaded, participating={})
    return _cache["areas"]


def area_at(lat: float, lon: float) -> Area | None:
    for area in areas():
        x0, y0, x1, y1 = area.bbox
        if x0 <= lon <= x1 and y0 <= lat <= y1 and geo.contains(area.polygons, lon, lat):
            return area
    return None


def participating(ags: str):
    """The active municipality with this AGS (tenant model), or None."""
    remembered = _cache["participating"].get(ags)
    if remembered is not None and time.monotonic() - remembered[0] < _recheck_seconds():
        return remembered[1]
    model = get_tenant_model()
    found = model.objects.filter(ags=ags, status="active").exclude(schema_name="public").first()
    _cache["participating"][ags] = (time.monotonic(), found)
    return found


def route_point(lat: float, lon: float) -> Route:
    area = area_at(lat, lon)
    if area is None:
        kind = "unknown" if geo.contains(HESSEN_OUTLINE, lon, lat) else "outside"
        return Route(kind)
    municipality = participating(area.ags)
    if municipality is None:
        return Route("not_participating", area.ags, area.name, area.district)
    return Route("municipality", area.ags, area.name, area.district, municipality)


def site_url(municipality, *, request=None) -> str:
    """``scheme://host[:port]`` of the municipality's primary domain (the platform's one rule for links)."""
    from django.conf import settings

    domain = get_tenant_domain_model().objects.filter(tenant=municipality, is_primary=True).first()
    scheme = settings.PLATFORM_SCHEME
    port = str(request.get_port() if request is not None else settings.PLATFORM_PORT)
    suffix = "" if scheme == "https" or port in ("", "80") else f":{port}"
    return f"{scheme}://{domain.domain if domain else ''}{suffix}"
