"""The typefaces a municipality may choose: shipped with the project, never loaded from elsewhere.

Each is an open-licence font (SIL Open Font License 1.1) from the @fontsource npm packages,
Latin subset (which covers German), regular and bold, as woff2 in ``themes/static/themes/fonts/``
with its licence file beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SYSTEM_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif'


@dataclass(frozen=True)
class Font:
    key: str
    label: object
    family: str = ""  # the @font-face family; empty for the system font
    folder: str = ""  # below themes/fonts/

    @property
    def stack(self) -> str:
        return f'"{self.family}", {SYSTEM_STACK}' if self.family else SYSTEM_STACK

    def files(self) -> list[tuple[int, str]]:
        """(weight, static path) of each shipped file."""
        if not self.family:
            return []
        return [
            (weight, f"themes/fonts/{self.folder}/{self.folder}-latin-{weight}-normal.woff2") for weight in (400, 700)
        ]


FONTS = {
    font.key: font
    for font in (
        Font(
            "source-sans-3", _("Source Sans 3 (clear, common on public-sector sites)"), "Source Sans 3", "source-sans-3"
        ),
        Font(
            "atkinson-hyperlegible",
            _("Atkinson Hyperlegible (designed for people with low vision)"),
            "Atkinson Hyperlegible",
            "atkinson-hyperlegible",
        ),
        Font("fira-sans", _("Fira Sans (friendly, compact)"), "Fira Sans", "fira-sans"),
        Font("system", _("The device's own font (loads nothing)")),
    )
}
FONT_CHOICES = [(font.key, font.label) for font in FONTS.values()]
DEFAULT_FONT = "source-sans-3"
