"""Consultations in the Wagtail admin: moderation and statements under /cms/beteiligung/."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import rules  # noqa: F401 - declares the permissions read below


class PermMenuItem(MenuItem):
    def __init__(self, *args, perm: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.perm = perm

    def is_shown(self, request):
        return request.user.has_perm(self.perm)


@hooks.register("register_admin_urls")
def register_consultations_admin_urls():
    return [path("beteiligung/", include("consultations.admin_urls", namespace="consultations_admin"))]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return PermMenuItem(_("Moderation"), reverse("consultations_admin:queue"), icon_name="comment", order=270,
                        perm="consultations.moderate")  # fmt: skip


@hooks.register("register_admin_menu_item")
def register_statements_menu_item():
    return PermMenuItem(_("Statements"), reverse("consultations_admin:procedures"), icon_name="doc-full", order=271,
                        perm="consultations.handle_statements")  # fmt: skip
