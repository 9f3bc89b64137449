"""Events in the Wagtail admin: a menu item for clerks and the attendee views under /cms/veranstaltungen/."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import rules  # noqa: F401 - declares the permissions read below


class AttendeesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("events.read_attendees")


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [path("veranstaltungen/", include("events.admin_urls", namespace="events_admin"))]


@hooks.register("register_admin_menu_item")
def register_attendees_menu_item():
    return AttendeesMenuItem(_("Event registrations"), reverse("events_admin:index"), icon_name="date", order=260)
