"""The per-site stylesheet: a municipality's theme as CSS custom properties.

Served from ``/theme.css?v=<hash>`` (``themes.views.theme_css``), not as an inline ``<style>``:
the pages' Content-Security-Policy allows styles from our own origin only. The hash changes with
every theme change, so browsers may keep each version for a year.
"""

from __future__ import annotations

import hashlib

from django.templatetags.static import static

from .contrast import contrast_ratio
from .fonts import DEFAULT_FONT, FONTS

DEFAULTS = {"primary_colour": "#004f80", "accent_colour": "#a3123a", "font": DEFAULT_FONT}


def _mix(colour: str, other: str, share: float) -> str:
    """``colour`` moved ``share`` (0..1) of the way towards ``other``."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def theme_css(*, primary_colour: str, accent_colour: str, font: str) -> str:
    font_def = FONTS.get(font) or FONTS[DEFAULT_FONT]
    lines = ["/* Theme of this site, generated from its settings (Wagtail: Settings → Theme). */"]
    for weight, path in font_def.files():
        lines.append(
            f'@font-face {{ font-family: "{font_def.family}"; font-style: normal; font-weight: {weight}; '
            f'font-display: swap; src: url("{static(path)}") format("woff2"); }}'
        )
    # A darker shade for hover and pressed states; a pale tint for backgrounds behind dark text.
    primary_dark = _mix(primary_colour, "#000000", 0.25)
    primary_tint = _mix(primary_colour, "#ffffff", 0.9)
    accent_tint = _mix(accent_colour, "#ffffff", 0.9)
    # Text on the pale tint: the primary itself where it keeps 4.5:1, else its dark shade.
    on_tint = primary_colour if contrast_ratio(primary_colour, primary_tint) >= 4.5 else primary_dark
    lines.append(
        ":root { "
        f"--primary: {primary_colour}; --primary-dark: {primary_dark}; --primary-tint: {primary_tint}; "
        f"--on-tint: {on_tint}; --accent: {accent_colour}; --accent-tint: {accent_tint}; "
        f"--font: {font_def.stack}; "
        "}"
    )
    return "\n".join(lines) + "\n"


def css_version(css: str) -> str:
    return hashlib.sha256(css.encode()).hexdigest()[:12]
