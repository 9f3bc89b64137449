from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from platform_core.registry import FeatureApp, Figure, Listing, PersonalData, registry

        from . import demo, discovery, personal_data

        # What the core needs from events; the core itself never imports this app.
        registry.register(FeatureApp(
            label=self.label,
            figures=[
                Figure("events", _("events"), table="events_eventpage"),
                Figure("event_registrations", _("event registrations"), table="events_registration",
                       where="status <> 'cancelled'"),
            ],
            personal_data=PersonalData(
                export=personal_data.export, erase=personal_data.erase,
                erasure_note=_("Your event registrations are cancelled; your name, email address and answers to "
                               "registration questions are removed from them."),
            ),
            demo=demo.demo_events,
            urls=("termine/", "events.urls"),
            listing=Listing(_("Events"), "events:list", order=30),
            open_now=discovery.open_now,
            search=discovery.search,
        ))  # fmt: skip

        from .portal import connect_signals

        connect_signals()
