"""Events for tests: an events section below the home page and an event with dates."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from events.models import EventDate, EventIndexPage, EventPage


def events_index() -> EventIndexPage:
    from cms.models import HomePage

    index = EventIndexPage.objects.filter(slug="veranstaltungen-test").first()
    if index:
        return index
    return HomePage.objects.first().add_child(
        instance=EventIndexPage(title="Veranstaltungen", slug="veranstaltungen-test")
    )


def make_event(*, capacity: int = 5, dates: int = 1, days_ahead: int = 10, **fields) -> EventPage:
    fields.setdefault("title", f"Bürgerwerkstatt {uuid.uuid4().hex[:6]}")
    fields.setdefault("address", "Rathaus, Obere Königsstraße 8, 34117 Kassel")
    event = EventPage(**fields)
    start = timezone.now().replace(microsecond=0) + timedelta(days=days_ahead)
    for n in range(dates):
        begin = start + timedelta(days=7 * n)
        event.dates.add(EventDate(start=begin, end=begin + timedelta(hours=2), capacity=capacity, sort_order=n))
    events_index().add_child(instance=event)
    return event


def first_date(event: EventPage) -> EventDate:
    return EventDate.objects.filter(page=event).order_by("start").first()
