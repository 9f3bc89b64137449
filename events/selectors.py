"""Reads for citizens' pages: upcoming dates with filters, a month's dates, feeds."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date

from .models import Category, EventDate, EventPage

ACCESSIBILITY = ("step_free", "hearing_loop", "sign_language")


@dataclass(frozen=True)
class EventFilter:
    """The filters of the events list; unknown or malformed values are ignored, never an error."""

    category: str = ""
    day_from: Date | None = None
    needs: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query) -> EventFilter:
        category = query.get("kategorie", "")
        try:
            day = parse_date(query.get("ab", "") or "")
        except ValueError:
            day = None
        needs = tuple(n for n in ACCESSIBILITY if query.get(n) in ("1", "on"))
        return cls(category if category in Category.values else "", day, needs)


def public_events() -> QuerySet[EventPage]:
    """Live events without a view restriction on them or an ancestor, in the page's own query
    (Wagtail's ``.public()`` reads every restriction first: one query more per request)."""
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Left, Length
    from wagtail.models import PageViewRestriction

    restricted = PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    return EventPage.objects.live().alias(restricted=Exists(restricted)).filter(restricted=False)


def visible_dates() -> QuerySet[EventDate]:
    pages = EventPage.objects.live().public()
    return EventDate.objects.filter(page__in=pages).select_related("page").order_by("start", "pk")


def upcoming_dates(event_filter: EventFilter | None = None, *, index=None) -> QuerySet[EventDate]:
    event_filter = event_filter or EventFilter()
    dates = visible_dates().filter(end__gte=timezone.now())
    if index is not None:
        dates = dates.filter(page__in=EventPage.objects.child_of(index))
    if event_filter.category:
        dates = dates.filter(page__category=event_filter.category)
    if event_filter.day_from:
        dates = dates.filter(start__gte=timezone.make_aware(datetime.combine(event_filter.day_from, time.min)))
    for need in event_filter.needs:
        dates = dates.filter(**{f"page__{need}": True})
    return dates


def month_weeks(year: int, month: int) -> list[list[dict]]:
    """The month as weeks (Monday first) of days with their dates; days of other months are None."""
    start = timezone.make_aware(datetime(year, month, 1))
    end = timezone.make_aware(datetime(year + (month == 12), month % 12 + 1, 1))
    by_day: dict[Date, list[EventDate]] = {}
    for item in visible_dates().filter(start__gte=start, start__lt=end):
        by_day.setdefault(timezone.localtime(item.start).date(), []).append(item)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"day": d, "dates": by_day.get(d, [])} if d.month == month else None for d in week])
    return weeks


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def feed_dates(category: str = "") -> QuerySet[EventDate]:
    dates = visible_dates().filter(end__gte=timezone.now() - timedelta(days=30))
    return dates.filter(page__category=category) if category else dates
