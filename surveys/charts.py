"""The results' map chart (points and grid cells on a plain box); bar charts come from
``themes.charts``, shared with the state console."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from themes.charts import BAR_COLOUR


def density_map(*, chart_id: str, title: str, cells: list[dict], points: list[tuple[float, float]]) -> SafeString:
    """Points and grid cells (``{"lat", "lng", "count"}``) projected onto a plain box, no tiles."""
    coords = [(c["lat"], c["lng"]) for c in cells] + list(points)
    if not coords:
        return mark_safe("")
    lats, lngs = [c[0] for c in coords], [c[1] for c in coords]
    lat0, lat1 = min(lats) - 0.003, max(lats) + 0.003
    lng0, lng1 = min(lngs) - 0.003, max(lngs) + 0.003
    w, h = 480, 320
    biggest = max([c["count"] for c in cells] or [1])

    def xy(lat, lng):
        return (lng - lng0) / (lng1 - lng0) * w, h - (lat - lat0) / (lat1 - lat0) * h

    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {w} {h}" width="{w}" '
        f'height="{h}" xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-title">{escape(title)}</title>',
        f'<rect width="{w}" height="{h}" fill="#eef2f5" stroke="#6b6b6b"></rect>',
    ]
    for c in cells:
        x, y = xy(c["lat"], c["lng"])
        r = 6 + 24 * (c["count"] / biggest) ** 0.5
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{BAR_COLOUR}" fill-opacity="0.35"></circle>')
    for lat, lng in points[:2000]:
        x, y = xy(lat, lng)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#b00020"></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
