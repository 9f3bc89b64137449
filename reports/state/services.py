"""Writing boundaries: the VG250 import and the demo's drawn areas."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from platform_core import audit

from . import geo
from .models import Boundary


class BoundaryImportError(Exception):
    pass


def _is_projected(geometry: dict) -> bool:
    first = geo.polygons_of(geometry)[0][0][0]
    return abs(first[0]) > 180 or abs(first[1]) > 90


def boundaries_from_geojson(data: dict, *, state_prefix: str = "06") -> list[dict]:
    """Rows from a VG250 GeoJSON FeatureCollection (properties AGS, GEN; land areas only, GF=4).

    Several features of one AGS (exclaves) are joined into one MultiPolygon. Coordinates in
    UTM 32N (EPSG:25832) are converted to WGS 84.
    """
    if data.get("type") != "FeatureCollection":
        raise BoundaryImportError("not a GeoJSON FeatureCollection")
    rows: dict[str, dict] = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        ags = str(props.get("AGS") or props.get("ags") or "").strip()
        if not ags.startswith(state_prefix) or len(ags) != 8:
            continue
        if "GF" in props and str(props["GF"]) not in ("4", "9"):  # 2 = water areas of lakes/sea
            continue
        geometry = feature.get("geometry") or {}
        try:
            if _is_projected(geometry):
                geometry = geo.geometry_to_wgs84(geometry)
            polygons = geo.polygons_of(geometry)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise BoundaryImportError(f"AGS {ags}: bad geometry ({exc})") from exc
        row = rows.setdefault(ags, {"ags": ags, "name": str(props.get("GEN") or props.get("name") or ags),
                                    "polygons": []})  # fmt: skip
        row["polygons"].extend(polygons)
    return list(rows.values())


def boundaries_import(*, path: Path, source: str = "BKG VG250 (dl-de/by-2-0)", actor=None) -> int:
    """Replace the boundaries of the municipalities in the file; returns how many were written."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BoundaryImportError(f"cannot read {path}: {exc}") from exc
    rows = boundaries_from_geojson(data)
    if not rows:
        raise BoundaryImportError("no municipality of Hessen (AGS 06…) in the file")
    with transaction.atomic():
        for row in rows:
            boundary_save(ags=row["ags"], name=row["name"], polygons=row["polygons"], source=source)
        audit.log("reports.boundaries_imported", actor=actor or "system", count=len(rows), source=source)
    return len(rows)


def boundary_save(*, ags: str, name: str, polygons: list, source: str, district: str = "") -> Boundary:
    geometry = {"type": "MultiPolygon", "coordinates": polygons}
    x0, y0, x1, y1 = geo.bbox_of(geometry)
    if not district:
        district = _district_of(ags)
    boundary, _ = Boundary.objects.update_or_create(
        ags=ags, defaults={"name": name, "district": district, "geometry": geometry, "min_lon": x0, "min_lat": y0,
                           "max_lon": x1, "max_lat": y1, "source": source},
    )  # fmt: skip
    return boundary


def _district_of(ags: str) -> str:
    """The district's name from the official register (a public-schema table), when it is loaded."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.tenants_registerentry')")
        if cursor.fetchone()[0] is None:
            return ""
        cursor.execute("SELECT district FROM public.tenants_registerentry WHERE ags = %s", [ags])
        row = cursor.fetchone()
    return row[0] if row else ""


# Areas drawn for the demo (not official boundaries): the three demo municipalities and two
# neighbours that do not take part, so `make run` routes points without any download.
DEMO_AREAS = {
    "06611000": ("Kassel", [[9.35, 51.26], [9.57, 51.26], [9.60, 51.31], [9.57, 51.37], [9.45, 51.38],
                            [9.35, 51.35], [9.33, 51.30], [9.35, 51.26]]),
    "06633017": ("Lohfelden", [[9.48, 51.20], [9.62, 51.20], [9.62, 51.26], [9.57, 51.26], [9.48, 51.26],
                               [9.48, 51.20]]),
    "06534014": ("Marburg", [[8.68, 50.75], [8.85, 50.75], [8.87, 50.80], [8.86, 50.86], [8.72, 50.86],
                             [8.66, 50.81], [8.68, 50.75]]),
    "06534006": ("Cölbe", [[8.72, 50.86], [8.86, 50.86], [8.86, 50.92], [8.72, 50.92], [8.72, 50.86]]),
    "06631009": ("Fulda", [[9.60, 50.50], [9.76, 50.50], [9.78, 50.55], [9.76, 50.60], [9.60, 50.60],
                           [9.58, 50.55], [9.60, 50.50]]),
}  # fmt: skip


def demo_boundaries_load() -> int:
    """Draw the demo areas unless official boundaries are already there for them."""
    written = 0
    for ags, (name, ring) in DEMO_AREAS.items():
        existing = Boundary.objects.filter(ags=ags).first()
        if existing and existing.source != "demo":
            continue
        boundary_save(ags=ags, name=name, polygons=[[ring]], source="demo")
        written += 1
    return written
