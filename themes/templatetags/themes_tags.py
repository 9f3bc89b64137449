"""Template tags for page templates: what is open for participation now."""

import logging

from django import template
from django.utils import timezone

from platform_core.registry import registry, soonest_first

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def open_now_items():
    """Everything the feature apps report as open now (``platform_core.registry``), soonest to close first.

    One app's failure must not take the home page down: its items are left out and logged.
    """
    items = []
    for app in registry.apps():
        if app.open_now is None:
            continue
        try:
            items.extend(app.open_now())
        except Exception:  # noqa: BLE001 - the page shows the other apps' items
            logger.exception("open_now of %s failed", app.label)
    return soonest_first(items)


@register.inclusion_tag("themes/includes/open_now.html")
def open_now_list(heading_level=2, heading_id="open-now-heading", show_heading=True):
    """The cards of what is open now, or a note that nothing is; for the home and "Beteiligung" pages."""
    return {
        "items": open_now_items(),
        "heading_level": heading_level,
        "heading_id": heading_id,
        "show_heading": show_heading,
        "now": timezone.now(),
    }
