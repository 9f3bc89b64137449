from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KompassConfig(AppConfig):
    """KOMPASS inside a municipality: its KOMPASS surveys, measures, report and seal page."""

    name = "kompass"
    verbose_name = _("KOMPASS")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from events.models import EventPage
        from platform_core.registry import ConsoleSection, FeatureApp, Figure, registry
        from surveys.locks import register_lock_checker, survey_closed

        from . import aggregates, demo, selectors, services

        register_lock_checker(services.lock_reason)
        survey_closed.connect(aggregates.on_survey_closed, dispatch_uid="kompass_survey_closed")

        def on_event_change(sender, instance, **kwargs):
            if getattr(instance.specific, "category", "") == "security":
                services.conferences_sync()

        for signal, uid in ((page_published, "pub"), (page_unpublished, "unpub"), (post_delete, "del")):
            signal.connect(on_event_change, sender=EventPage, dispatch_uid=f"kompass_conference_{uid}", weak=False)

        registry.register(
            FeatureApp(
                label=self.label,
                figures=[Figure("kompass_measures", _("KOMPASS measures"), table="kompass_measure")],
                demo=demo.demo_kompass,
                urls=("kompass/", "kompass.urls"),
                open_now=selectors.open_now,
                console=ConsoleSection(
                    _("KOMPASS"), "konsole/kompass/", "kompass.console_urls", "kompass_console:home"
                ),
            )
        )
