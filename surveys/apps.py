from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from platform_core.registry import FeatureApp, Figure, JobRecovery, Listing, PersonalData, registry

        from . import demo, discovery, personal_data, services

        # What the core needs from surveys; the core itself never imports this app.
        registry.register(
            FeatureApp(
                label=self.label,
                figures=[
                    Figure("surveys", _("surveys"), table="surveys_survey"),
                    Figure("responses", _("responses"), table="surveys_response"),
                ],
                personal_data=PersonalData(
                    export=personal_data.export,
                    erase=personal_data.erase,
                    erasure_note=_(
                        "Your answers to surveys that are not anonymous are deleted. Anonymous answers "
                        "cannot be linked to you and stay in the results."
                    ),
                ),
                jobs=[JobRecovery("survey exports", recover=services.survey_exports_recover_abandoned)],
                demo=demo.demo_survey,
                urls=("umfragen/", "surveys.urls"),
                listing=Listing(_("Surveys"), "surveys:list", order=20),
                open_now=discovery.open_now,
                search=discovery.search,
            )
        )
