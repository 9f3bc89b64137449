from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsStateConfig(AppConfig):
    """The state's part of issue reports (public schema): municipal boundaries, routing, API keys."""

    name = "reports.state"
    label = "reports_state"
    verbose_name = _("Issue reports (state)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Boundary
        from .routing import forget

        post_save.connect(lambda **kw: forget(), sender=Boundary, weak=False, dispatch_uid="reports_boundary_saved")
        post_delete.connect(lambda **kw: forget(), sender=Boundary, weak=False, dispatch_uid="reports_boundary_gone")
