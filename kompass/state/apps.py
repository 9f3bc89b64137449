from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KompassStateConfig(AppConfig):
    """KOMPASS in the public schema: participations, headquarters, templates, aggregates, seals."""

    name = "kompass.state"
    label = "kompass_state"
    verbose_name = _("KOMPASS (state)")
    default_auto_field = "django.db.models.BigAutoField"
