from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from platform_core.registry import FeatureApp, Figure, JobRecovery, Listing, PersonalData, registry

        from . import demo, personal_data, selectors
        from .services.exports import statement_exports_recover_abandoned

        # What the core needs from consultations; the core itself never imports this app.
        registry.register(FeatureApp(
            label=self.label,
            figures=[
                Figure("consultations", _("consultations"), table="consultations_consultationpage"),
                Figure("procedures", _("statement procedures"), table="consultations_procedurepage"),
                Figure("consultation_comments", _("comments"), table="consultations_comment",
                       where="status = 'published'"),
                Figure("statements", _("statements"), table="consultations_statement"),
            ],
            personal_data=PersonalData(
                export=personal_data.export, erase=personal_data.erase,
                erasure_note=_("Your comments are removed, your supports and follows deleted; statements you "
                               "submitted are kept for the procedure without your name, address and email."),
            ),
            jobs=[JobRecovery("statement_exports", recover=statement_exports_recover_abandoned)],
            demo=demo.demo_consultations,
            urls=("mitmachen/", "consultations.urls"),
            listing=Listing(_("Dialogues and procedures"), "consultations:list", order=20),
            open_now=selectors.open_items,
            search=selectors.search_items,
        ))  # fmt: skip

        from .signals import connect_signals

        connect_signals()
