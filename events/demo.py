"""Demo content of events for `make run` (registered in ``apps``; run inside each demo municipality)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Category, EventDate, EventIndexPage, EventPage

DEMO_INDEX_SLUG = "veranstaltungen"


def demo_events(municipality) -> None:
    """An events section with one citizen workshop on two dates, so /termine/ is not empty."""
    from cms.models import HomePage

    if EventIndexPage.objects.filter(slug=DEMO_INDEX_SLUG).exists():
        return
    home = HomePage.objects.first()
    if home is None:
        return
    index = home.add_child(instance=EventIndexPage(
        title="Veranstaltungen", slug=DEMO_INDEX_SLUG,
        intro=f"<p>Werkstätten, Informationsabende und Rundgänge in {municipality.name}.</p>",
    ))  # fmt: skip
    event = EventPage(
        title="Bürgerwerkstatt: Sicher unterwegs im Quartier", slug="buergerwerkstatt-sicher-unterwegs",
        teaser="Wo fühlen Sie sich unsicher, und was würde helfen? Planen Sie mit uns.",
        category=Category.WORKSHOP, address=f"Rathaus, Großer Saal\n{municipality.name}",
        step_free=True, hearing_loop=True, organiser_name="Ordnungsamt",
        organiser_email=f"ordnungsamt@{municipality.slug}.example", max_companions=1, waitlist_enabled=True,
    )  # fmt: skip
    first = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=14), time(18, 0)))
    for n in range(2):
        start = first + timedelta(days=7 * n)
        event.dates.add(EventDate(start=start, end=start + timedelta(hours=2), capacity=30, sort_order=n))
    index.add_child(instance=event)
