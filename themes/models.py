"""Per-municipality branding, edited in the Wagtail admin under Settings."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #005A9C."))


@register_setting(icon="palette")
class ThemeSettings(BaseSiteSetting):
    """Colour, logo and contact line of a municipality's site.

    The default colour has a contrast of at least 4.5:1 against white (WCAG 2.1 AA).
    """

    primary_colour = models.CharField(_("primary colour"), max_length=7, default="#004f80", validators=[hex_colour])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    contact_line = models.CharField(
        _("contact line in the footer"), max_length=200, blank=True, help_text=_("e.g. address and phone number")
    )

    panels = [FieldPanel("primary_colour"), FieldPanel("logo"), FieldPanel("contact_line")]

    class Meta:
        verbose_name = _("theme")
