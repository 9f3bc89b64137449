"""WCAG 2.1 contrast ratios, and the nearest colour that passes.

A theme's colours are checked against the backgrounds they stand on (white text on the primary
colour in the header and on buttons, the primary colour as link text on white and on the light
footer grey). When a colour fails, ``suggest_passing`` walks its lightness in steps of one percent,
darker and lighter, and returns the first colour that passes every check: the smallest change.
"""

from __future__ import annotations

import colorsys
from decimal import Decimal

from django.utils import formats

AA_TEXT = 4.5
WHITE = "#ffffff"
LIGHT = "#f2f5f7"  # the footer and card background in site.css (--light)


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def relative_luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours, from 1.0 to 21.0."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ratio_text(ratio: float) -> str:
    """A ratio as people read it (German: "4,5:1"), rounded down so that 4.49 never shows as 4.5."""
    text = f"{int(ratio * 100) / 100:.2f}".rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text), use_l10n=True) + ":1"


def passes(colour: str, against: tuple[str, ...], minimum: float = AA_TEXT) -> bool:
    return all(contrast_ratio(colour, other) >= minimum for other in against)


def suggest_passing(colour: str, against: tuple[str, ...], minimum: float = AA_TEXT) -> str | None:
    """The colour nearest to ``colour`` (same hue and saturation) with ``minimum`` against all of
    ``against``; None if no lightness passes (only possible with light and dark backgrounds mixed)."""
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    for step in range(1, 101):
        for candidate_l in (lightness - step / 100, lightness + step / 100):
            if 0.0 <= candidate_l <= 1.0:
                candidate = _hex(colorsys.hls_to_rgb(h, candidate_l, s))
                if passes(candidate, against, minimum):
                    return candidate
    return None
