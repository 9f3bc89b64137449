"""What the core shows of events on the home page, "Beteiligung" and in the site search.

Registered as ``open_now`` / ``search`` in ``apps``; both run inside the municipality's schema.
One item per upcoming date, with the seats still free or why registration is not open.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from platform_core.registry import OpenItem

from .models import EventDate, EventPage
from .selectors import upcoming_dates

LIMIT = 12


def registration_state(date: EventDate) -> str:
    """Free seats or the registration's state, in one short sentence."""
    page = date.page
    if date.is_cancelled:
        return _("Cancelled")
    if page.registration_mode == EventPage.RegistrationMode.OFF:
        return _("No registration needed")
    window = page.registration_window()
    if window:
        return window
    if page.registration_mode == EventPage.RegistrationMode.INVITATION:
        return _("Invited people only")
    if date.seats_free:
        return ngettext("%(n)s seat free", "%(n)s seats free", date.seats_free) % {"n": date.seats_free}
    return _("Fully booked, waiting list open") if page.waitlist_enabled else _("Fully booked")


def _item(date: EventDate) -> OpenItem:
    state = registration_state(date)
    return OpenItem(
        kind=gettext_lazy("Event"),
        title=date.page.title,
        url=date.page.url,
        summary=f"{state} · {date.page.teaser}" if date.page.teaser else state,
        starts_at=date.start,
        ends_at=date.start,
        duration_minutes=int((date.end - date.start).total_seconds() // 60) or None,
    )


def open_now() -> list[OpenItem]:
    """The next upcoming dates that still take place."""
    dates = upcoming_dates().exclude(status=EventDate.Status.CANCELLED)[:LIMIT]
    return [_item(d) for d in dates]


def search(query: str) -> list[OpenItem]:
    """Upcoming dates of events whose title, teaser or address contain a word of the query."""
    words = [w for w in query.split() if len(w) >= 2][:8]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(page__title__icontains=word) | Q(page__teaser__icontains=word) | Q(page__address__icontains=word)
    if any(
        word.casefold() in {"termin", "termine", "veranstaltung", "veranstaltungen", "event", "events"}
        for word in words
    ):
        condition = Q()
    return [_item(d) for d in upcoming_dates().filter(condition)[:LIMIT]]
