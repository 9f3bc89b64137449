"""A dialogue takes the phase its dates say as soon as it is published (not only at the next run
of ``consultation_phases``)."""


def connect_signals() -> None:
    from wagtail.signals import page_published

    from .models import ConsultationPage

    def on_publish(sender, instance, **kwargs):
        from .services.phases import phase_sync

        phase_sync(instance)

    page_published.connect(on_publish, sender=ConsultationPage, dispatch_uid="consultations_phase", weak=False)
