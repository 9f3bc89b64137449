"""The municipality's upcoming event dates on the state portal (rows in the public schema).

Kept in step whenever a page is published, unpublished or deleted, and when staff cancel or move
a date; written through ``platform_core.listings`` (the core owns the table).
"""

from __future__ import annotations

from django.utils import timezone

from platform_core import listings

KIND = "event"


def event_listing_sync(page) -> int:
    """Publish the page's future, not cancelled dates to the portal (none when it is not live)."""
    from .models import EventDate

    group = str(page.pk)
    if not page.live:
        listings.withdraw(KIND, group=group)
        return 0
    parts = page.get_url_parts()
    path = parts[2] if parts else page.url_path
    dates = EventDate.objects.filter(page_id=page.pk, start__gte=timezone.now()).exclude(
        status=EventDate.Status.CANCELLED
    )
    entries = [
        listings.Entry(key=f"{page.pk}:{date.pk}", title=page.title, starts_at=date.start, ends_at=date.end,
                       path=path, category=page.get_category_display())
        for date in dates.order_by("start")
    ]  # fmt: skip
    return listings.replace(KIND, group=group, entries=entries)


def event_listing_withdraw(page_id: int) -> None:
    listings.withdraw(KIND, group=str(page_id))


def connect_signals() -> None:
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished

    from .models import EventPage

    def on_publish(sender, instance, **kwargs):
        event_listing_sync(instance.specific)

    def on_delete(sender, instance, **kwargs):
        event_listing_withdraw(instance.pk)

    page_published.connect(on_publish, sender=EventPage, dispatch_uid="events_portal_published", weak=False)
    page_unpublished.connect(on_publish, sender=EventPage, dispatch_uid="events_portal_unpublished", weak=False)
    post_delete.connect(on_delete, sender=EventPage, dispatch_uid="events_portal_deleted", weak=False)
