"""iCalendar files (RFC 5545) through the ``icalendar`` package: one per event, feeds per
municipality and per category, and the attachment of the confirmation email."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event, vGeo

from .links import base_url
from .models import EventDate


def page_path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else "/"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Beteiligungsplattform Hessen//Veranstaltungen//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    return cal


def _vevent(date: EventDate, *, host: str, base: str, online_link: bool = False) -> Event:
    page = date.page
    item = Event()
    item.add("uid", f"event-date-{date.pk}@{host}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", timezone.localtime(date.start))
    item.add("dtend", timezone.localtime(date.end))
    item.add("summary", page.title)
    url = base + page_path(page)
    description = "\n\n".join(part for part in (page.teaser, url) if part)
    if online_link and page.online_link:
        description += "\n\n" + page.online_link
    item.add("description", description)
    item.add("url", url)
    if page.address:
        item.add("location", " ".join(page.address.split()))
    if page.latitude is not None and page.longitude is not None:
        item.add("geo", vGeo((float(page.latitude), float(page.longitude))))
    item.add("categories", [page.get_category_display()])
    item.add("status", "CANCELLED" if date.is_cancelled else "CONFIRMED")
    return item


def calendar_bytes(dates: Iterable[EventDate], *, name: str, online_link: bool = False) -> bytes:
    base = base_url()
    host = base.split("://", 1)[1].split(":")[0]
    cal = _calendar(name)
    for date in dates:
        cal.add_component(_vevent(date, host=host, base=base, online_link=online_link))
    return cal.to_ical()
