"""Server-rendered SVG charts for results: no JavaScript, a text alternative, and the table with
the numbers sits next to every chart."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#004f80"  # contrast 8.9:1 against white


def bar_chart(*, chart_id: str, title: str, bars: list[tuple[str, float, str]], max_value: float = 100.0) -> SafeString:
    """Horizontal bars: ``bars`` is ``[(label, value, value_text), ...]``; values on 0..max_value."""
    label_width, bar_width, row = 220, 300, 28
    height = row * len(bars) + 10
    width = label_width + bar_width + 90
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
    ]
    for i, (label, value, value_text) in enumerate(bars):
        y = 5 + i * row
        length = 0 if not max_value else max(0.0, min(1.0, value / max_value)) * bar_width
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" fill="{BAR_COLOUR}"></rect>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 18}">{escape(value_text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


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
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" viewBox="0 0 {w} {h}" width="{w}" '
        f'height="{h}" xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(title)}</title>',
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
