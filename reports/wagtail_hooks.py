"""Reports in the Wagtail admin: the inbox under /cms/maengel/, categories and text templates as snippets."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import rules  # noqa: F401 - declares the permissions read below
from .models import Category, TextTemplate


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("reports.read_reports")


@hooks.register("register_admin_urls")
def register_reports_admin_urls():
    return [path("maengel/", include("reports.admin_urls", namespace="reports_admin"))]


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("Issue reports"), reverse("reports_admin:index"), icon_name="warning", order=270)


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Report categories")
    list_display = ["__str__", "department", "duplicate_radius_m", "active"]
    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("department"), FieldPanel("duplicate_radius_m"),
              FieldPanel("duplicate_days"), FieldPanel("questions"), FieldPanel("open311_code"), FieldPanel("active"), FieldPanel("order")]  # fmt: skip


class TextTemplateViewSet(SnippetViewSet):
    model = TextTemplate
    icon = "doc-full"
    menu_label = _("Report text templates")
    panels = [FieldPanel("title"), FieldPanel("body")]


register_snippet(CategoryViewSet)
register_snippet(TextTemplateViewSet)
