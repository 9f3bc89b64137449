from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Issue reports on a map (Mängelmelder) in each municipality's schema."""

    name = "reports"
    verbose_name = _("Issue reports")
    default_auto_field = "django.db.models.BigAutoField"
