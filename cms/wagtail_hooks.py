"""The municipality's start screen in the Wagtail admin: task shortcuts on the dashboard, "Seiten"
opening at the home page, and installation-level settings kept from municipal clerks."""

from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Site

from .models import LegalPage

# Settings menu entries that concern the whole installation, not one municipality's content.
INSTALLATION_SETTINGS = {"sites", "workflows", "workflow-tasks", "locales", "collections", "redirects"}


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class TasksPanel(Component):
    """What a clerk usually comes to do, one click each."""

    name = "municipality_tasks"
    template_name = "cms/admin/tasks_panel.html"
    order = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        tasks = []
        if user.has_perm("surveys.build_survey"):
            tasks.append((_("Create a survey"), _url("surveys_admin:create")))
        events_index = Page.objects.filter(
            content_type__app_label="events", content_type__model="eventindexpage"
        ).first()
        if events_index is not None and events_index.permissions_for_user(user).can_add_subpage():
            tasks.append((_("Create an event"), _url("wagtailadmin_pages:add", "events", "eventpage", events_index.pk)))
        imprint = LegalPage.objects.filter(kind=LegalPage.Kind.IMPRINT).first()
        if imprint is not None and imprint.permissions_for_user(user).can_edit():
            label = _("Complete the imprint") if imprint.is_incomplete else _("Edit the imprint")
            tasks.append((label, _url("wagtailadmin_pages:edit", imprint.pk)))
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is not None and site.root_page.permissions_for_user(user).can_add_subpage():
            tasks.append((_("Add a page"), _url("wagtailadmin_pages:add_subpage", site.root_page_id)))
            tasks.append((_("View the site"), site.root_url + "/"))
        incomplete = [p for p in LegalPage.objects.live() if p.is_incomplete]
        return {"tasks": [(label, url) for label, url in tasks if url], "incomplete": incomplete}


@hooks.register("construct_homepage_panels")
def add_tasks_panel(request, panels):
    panels.insert(0, TasksPanel(request))


@hooks.register("construct_settings_menu")
def hide_installation_settings(request, menu_items):
    # On a municipality's site nobody edits these (the first administrator is a superuser there).
    if connection.schema_name != "public" or not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in INSTALLATION_SETTINGS]
