"""Horizontal bar charts, drawn on the server: no JavaScript, a text alternative, and the page
puts the table with the same numbers next to every chart (survey results, the state console's
participation by district; the survey PDF report draws the same geometry with ReportLab).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#004f80"  # contrast 8.9:1 against white
TRACK_COLOUR = "#e6ecf0"
LABEL_CHARS = 32


@dataclass(frozen=True)
class BarRow:
    """One bar laid out: the (shortened) label, the bar's length and the text after it."""

    label: str
    length: float
    value_text: str


def bar_rows(bars, *, bar_width: float, max_value: float = 100.0, label_chars: int = LABEL_CHARS) -> list[BarRow]:
    """Lay out ``bars`` (``[(label, value, value_text), ...]``, values on 0..max_value)."""
    rows = []
    for label, value, value_text in bars:
        share = 0.0 if not max_value else max(0.0, min(1.0, value / max_value))
        short = label if len(label) <= label_chars else label[: label_chars - 1] + "…"
        rows.append(BarRow(short, share * bar_width, value_text))
    return rows


def bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    bars,
    description: str = "",
    max_value: float = 100.0,
    label_width: int = 220,
    bar_width: int = 300,
    row_height: int = 28,
    gridlines: tuple[int, ...] = (),
    track: bool = False,
    css_class: str = "chart",
    fluid: bool = False,
) -> SafeString:
    """An accessible SVG of horizontal bars.

    ``bars``: ``[(label, value, value_text), ...]``; ``gridlines``: values (on 0..max_value) to
    mark with a dashed line and a percent label; ``track``: draw the full length behind each bar;
    ``fluid``: scale to the container's width instead of a fixed size.
    """
    top = 28 if gridlines else 5
    height = top + row_height * len(bars) + 10
    width = label_width + bar_width + 90
    labelled_by = f"{chart_id}-title" + (f" {chart_id}-desc" if description else "")
    size = 'width="100%"' if fluid else f'width="{width}" height="{height}"'
    parts = [
        f'<svg role="img" class="{escape(css_class)}" aria-labelledby="{labelled_by}" viewBox="0 0 {width} {height}" '
        f'{size} xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    if description:
        parts.append(f'<desc id="{chart_id}-desc">{escape(description)}</desc>')
    for mark in gridlines:
        x = label_width + bar_width * mark / max_value
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="22" y2="{height}" class="grid" stroke="#99a" stroke-dasharray="2 3"></line>'
            f'<text x="{x:.1f}" y="16" text-anchor="middle" class="axis">{mark} %</text>'
        )
    for i, bar in enumerate(bar_rows(bars, bar_width=bar_width, max_value=max_value)):
        y = top + i * row_height
        if track:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="{row_height - 8}" '
                f'class="track" fill="{TRACK_COLOUR}"></rect>'
            )
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" class="label">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{bar.length:.1f}" height="{row_height - 8}" class="bar" '
            f'fill="{BAR_COLOUR}"></rect>'
            f'<text x="{label_width + bar.length + 6:.1f}" y="{y + 18}" class="value">{escape(bar.value_text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
