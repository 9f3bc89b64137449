from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Issue reports on a map (Mängelmelder) in each municipality's schema."""

    name = "reports"
    verbose_name = _("Issue reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from platform_core.registry import FeatureApp, Figure, Listing, PersonalData, registry

        from . import demo, personal_data, selectors

        registry.register(FeatureApp(
            label=self.label,
            figures=[
                Figure("reports", _("issue reports"), table="reports_report", where="status <> 'unconfirmed'"),
                Figure("reports_solved", _("issue reports solved"), table="reports_report", where="status = 'solved'"),
            ],
            personal_data=PersonalData(
                export=personal_data.export, erase=personal_data.erase,
                erasure_note=_("Your name and email address are removed from your issue reports; the reports "
                               "themselves stay without them."),
            ),
            demo=demo.demo_reports,
            urls=("maengel/", "reports.urls"),
            portal_urls=("maengel/", "reports.state.urls"),
            listing=Listing(_("Issue reports"), "reports:list", order=40),
            open_now=selectors.open_items,
            search=selectors.search_items,
        ))  # fmt: skip
        # Open311 GeoReport v2 at the root of both sites (/open311/v2/), its own registry entry.
        registry.register(FeatureApp(label="reports_open311", urls=("open311/v2/", "reports.open311_urls"),
                                     portal_urls=("open311/v2/", "reports.open311_urls")))  # fmt: skip
