"""Surveys in the Wagtail admin: a menu item for clerks and the admin URLs under /cms/umfragen/."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import rules  # noqa: F401 - declares the permissions read below


class SurveysMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("surveys.open_surveys_admin")


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("umfragen/", include("surveys.admin_urls", namespace="surveys_admin"))]


@hooks.register("register_admin_menu_item")
def register_surveys_menu_item():
    return SurveysMenuItem(_("Surveys"), reverse("surveys_admin:index"), icon_name="form", order=250)
