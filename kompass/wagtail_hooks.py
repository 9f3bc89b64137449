"""KOMPASS in the municipality's Wagtail admin: a menu item and the URLs under /cms/kompass/."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import rules  # noqa: F401 - declares the permissions read below


class KompassMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("kompass.coordinate")


@hooks.register("register_admin_urls")
def register_kompass_admin_urls():
    return [path("kompass/", include("kompass.admin_urls", namespace="kompass_admin"))]


@hooks.register("register_admin_menu_item")
def register_kompass_menu_item():
    return KompassMenuItem(_("KOMPASS"), reverse("kompass_admin:index"), icon_name="pick", order=260)
