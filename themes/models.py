"""Per-municipality branding, edited in the Wagtail admin under Settings → Theme."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .contrast import LIGHT, WHITE, contrast_ratio, ratio_text, suggest_passing
from .fonts import DEFAULT_FONT, FONT_CHOICES

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
hex_colour = RegexValidator(HEX.pattern, _("Enter a colour as #RRGGBB, for example #005A9C."))


class LinkBlock(blocks.StructBlock):
    """A link in the header or footer: to a page of the site or to an external address."""

    label = blocks.CharBlock(label=_("Link text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External link"), required=False)

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or enter an external link (one of the two)."))}
            )
        return value


# Where each colour stands, and against what it must keep 4.5:1 (WCAG 2.1 AA, 1.4.3).
COLOUR_CHECKS = {
    "primary_colour": (
        (WHITE, LIGHT),
        _("white text on the colour (header, buttons) and links in the colour on white or light grey"),
    ),
    "accent_colour": ((WHITE,), _("white text on the colour (labels, highlights)")),
}


@register_setting(icon="palette")
class ThemeSettings(BaseSiteSetting):
    """Colours, typeface, coat of arms, hero image and extra links of a municipality's site.

    Saving refuses a colour below the WCAG AA contrast of 4.5:1 where it is used, naming the
    ratio and a nearby colour that passes. The defaults pass (#004f80: 8.2:1 on white).
    """

    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#004f80",
        validators=[hex_colour],
        help_text=_("Header, buttons and links, e.g. #004F80. Must keep a contrast of 4.5:1 with white."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#a3123a",
        validators=[hex_colour],
        help_text=_("Labels and highlights, e.g. #A3123A. Must keep a contrast of 4.5:1 with white."),
    )
    font = models.CharField(_("font"), max_length=40, choices=FONT_CHOICES, default=DEFAULT_FONT)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo or coat of arms"),
    )
    logo_alt = models.CharField(
        _("alternative text of the logo"),
        max_length=120,
        blank=True,
        help_text=_("What the logo shows, e.g. “Coat of arms of the city”."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image on the home page"),
    )
    hero_alt = models.CharField(
        _("alternative text of the hero image"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty if the image is only decoration."),
    )
    header_links = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("extra links in the header"), max_num=4
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("links in the footer"), max_num=12)
    participation_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("participation page"),
        help_text=_(
            "This page lists everything open for participation. Empty: the page with the address “beteiligung”."
        ),
    )
    contact_line = models.CharField(
        _("contact line in the footer"), max_length=200, blank=True, help_text=_("e.g. address and phone number")
    )
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    panels = [
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour"), FieldPanel("font")],
            heading=_("Colours and font"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("logo_alt"), FieldPanel("hero_image"), FieldPanel("hero_alt")],
            heading=_("Images"),
        ),
        FieldPanel("header_links"),
        FieldPanel("footer_links"),
        FieldPanel("contact_line"),
        FieldPanel("participation_page"),
    ]

    class Meta:
        verbose_name = _("theme")

    def clean(self):
        super().clean()
        errors = {}
        for field, (backgrounds, where) in COLOUR_CHECKS.items():
            colour = getattr(self, field) or ""
            if not HEX.match(colour):
                continue  # the field's own validator reports the format
            worst = min(contrast_ratio(colour, background) for background in backgrounds)
            if worst < 4.5:
                suggestion = suggest_passing(colour, backgrounds)
                errors[field] = ValidationError(
                    _(
                        "Too little contrast: %(ratio)s for %(where)s; at least 4.5:1 is needed (WCAG AA). "
                        "A similar colour that passes: %(suggestion)s (%(suggested_ratio)s)."
                    ),
                    code="contrast",
                    params={
                        "ratio": ratio_text(worst),
                        "where": where,
                        "suggestion": suggestion,
                        "suggested_ratio": ratio_text(min(contrast_ratio(suggestion, b) for b in backgrounds)),
                    },
                )
        if self.logo_id and not self.logo_alt.strip():
            errors["logo_alt"] = ValidationError(_("Describe the logo for people who cannot see it."))
        if errors:
            raise ValidationError(errors)
