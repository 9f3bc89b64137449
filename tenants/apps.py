from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Municipalities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from platform_core.registry import FeatureApp, JobRecovery, registry

        from . import signals  # noqa: F401
        from .registration import registrations_recover_abandoned

        # Provisioning runs in the public schema; its abandoned jobs are found there.
        registry.register(
            FeatureApp(
                label=self.label,
                jobs=[JobRecovery("registrations", recover=registrations_recover_abandoned, scope="public")],
            )
        )
